// Start-up: `wizard --version` against `node -e ''` and `python3 -m twine --version`, one run.
// Usage: node bench/startup.mjs [PYTHON] (default /usr/bin/python3)
import {fileURLToPath} from 'node:url';
import {format, measure} from './measure.mjs';

const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const python = process.argv[2] ?? '/usr/bin/python3';

const node = measure(process.execPath, ['-e', ''], {runs: 15});
const wizard = measure(process.execPath, [cli, '--version'], {runs: 15});
const help = measure(process.execPath, [cli, '--help'], {runs: 15});
const twine = measure(python, ['-m', 'twine', '--version'], {runs: 9});
console.log(`node -e ''                 ${format(node)}`);
console.log(`wizard --version           ${format(wizard)}  (${(wizard.ms / node.ms).toFixed(2)}x node, ${(wizard.ms / twine.ms).toFixed(2)}x twine)`);
console.log(`wizard --help              ${format(help)}  (${(help.ms / node.ms).toFixed(2)}x node)`);
console.log(`python3 -m twine --version ${format(twine)}`);

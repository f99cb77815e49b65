// Start-up: `wizard --version` against `python3 -m twine --version`, the tool a maintainer would
// otherwise start for the same release, pair by pair.
// Usage: npm run build && node bench/startup.mjs [PAIRS] [PYTHON]
import path from 'node:path';
import {root} from './import-ts.mjs';
import {report, runPairs, timeCommand} from './pairs.mjs';

const cli = path.join(root, 'dist', 'cli.js');
const pairs = Number(process.argv[2] ?? 11);
const python = process.argv[3] ?? '/usr/bin/python3';

report(
	'Start-up:',
	await runPairs({pairs, command: async () => timeCommand(process.execPath, [cli, '--version']), baseline: async () => timeCommand(python, ['-m', 'twine', '--version'])}),
	{commandName: 'wizard --version', baselineName: 'python3 -m twine --version', digits: 0},
);

// The README's first command: a full offline rehearsal of examples/monorepo against the embedded
// sandbox. The example is copied into a fresh git repository in a temp folder first, so this
// repository is never changed; extra arguments go to the wizard (e.g. -- --python /usr/bin/python3).
import {execFileSync, spawnSync} from 'node:child_process';
import {cpSync, mkdtempSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import process from 'node:process';
import {fileURLToPath} from 'node:url';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const folder = mkdtempSync(path.join(tmpdir(), 'pypi-wizard-example-'));
const repository = path.join(folder, 'monorepo');
cpSync(path.join(projectRoot, 'examples', 'monorepo'), repository, {recursive: true});
const git = (...args) => execFileSync('git', args, {cwd: repository, stdio: ['ignore', 'ignore', 'inherit']});
git('init', '--quiet', '--initial-branch=main');
git('config', 'user.name', 'Example Maintainer');
git('config', 'user.email', 'maintainer@example.com');
git('add', '--all');
git('commit', '--quiet', '-m', 'The example monorepo');

const args = ['--ci', '--sandbox', '--bump', 'minor', '--no-isolation', ...process.argv.slice(2), repository];
process.stdout.write(`Rehearsing in ${repository} (a copy of examples/monorepo): wizard ${args.join(' ')}\n\n`);
// The record stays where the wizard keeps it, so the resume command it prints works as shown.
const result = spawnSync(process.execPath, [path.join(projectRoot, 'dist', 'cli.js'), ...args], {stdio: 'inherit'});
process.exitCode = result.status ?? 1;

// Start-up of the interactive wizard: from starting `wizard` in a terminal to the first frame of
// its plan screen (the bold title `Plan` on the screen), against `python3 -m twine --version`
// run to its exit, pair by pair. Both run in the same kind of pseudo-terminal, made by
// util-linux `script` (100x32, TERM=xterm-256color), so both pay for it; the wizard's output is
// read as it arrives and the wizard is stopped (its process tree killed) once the title shows.
// The repository is the tests' hatchling package, committed in a fresh git repository; every run
// gets an empty XDG_CONFIG_HOME (no saved release, so no resume screen first, and no lock left
// by the run killed before). The wizard gets
// `--sandbox`: its targets are its own in-process index, so no keychain or network is asked and
// the figure is the start-up a rehearsal costs.
// Usage: npm run build && node bench/wizard-startup.mjs [PAIRS] [PYTHON]
import {execFileSync, spawn} from 'node:child_process';
import {existsSync, readFileSync} from 'node:fs';
import {mkdtemp, mkdir, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {importTs, root} from './import-ts.mjs';
import {msText, report, runPairs, spread} from './pairs.mjs';

const cli = path.join(root, 'dist', 'cli.js');
const pairs = Number(process.argv[2] ?? 11);
const python = process.argv[3] ?? '/usr/bin/python3';
const title = /\bPlan\b/;

try {
	execFileSync('sh', ['-c', 'command -v script'], {stdio: 'ignore'});
} catch {
	throw new Error('This benchmark needs `script` from util-linux for its pseudo-terminal. Install it with: apt-get install -y bsdutils');
}

const fixtures = await importTs('test/helpers/fixtures.ts');
const work = await mkdtemp(path.join(tmpdir(), 'bench-wizard-startup-'));
const repo = path.join(work, 'hatch-demo');
for (const [relative, text] of Object.entries({'.gitignore': 'dist/\n', 'README.md': '# Hatch demo\n', ...fixtures.hatchlingAboutPackage()})) {
	await mkdir(path.dirname(path.join(repo, relative)), {recursive: true});
	await writeFile(path.join(repo, relative), text);
}

for (const args of [['init', '--quiet', '--initial-branch=main'], ['config', 'user.name', 'bench'], ['config', 'user.email', 'bench@example.com'], ['add', '--all'], ['commit', '--quiet', '-m', 'Initial']]) {
	execFileSync('git', args, {cwd: repo, stdio: 'ignore'});
}

const quote = text => `'${text.replaceAll("'", String.raw`'\''`)}'`;
// Cursor moves and colours between the letters of a frame; the title is looked for in the rest.
const withoutEscapes = text => text.replaceAll(/\u001B\[[\d;?]*[@-~]|\u001B\][^\u0007\u001B]*(?:\u0007|\u001B\\)|\u001B[@-_]|\r/g, '');

/** `pid` and every process below it (`script` starts the command in a session of its own). */
function processTree(pid) {
	let children = [];
	try {
		children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
	} catch {}

	return [pid, ...children.flatMap(child => processTree(child))];
}

async function killTree(pid) {
	const tree = processTree(pid);
	for (const member of tree) {
		try {
			process.kill(member, 'SIGKILL');
		} catch {}
	}

	while (tree.some(member => existsSync(`/proc/${member}`) && !readFileSync(`/proc/${member}/stat`, 'utf8').includes(') Z '))) {
		await new Promise(resolve => setTimeout(resolve, 10));
	}
}

let runs = 0;

/**
 * Milliseconds from starting `argv` in a fresh 100x32 pseudo-terminal until `done(output)` holds
 * of its output so far (then its process group is killed), or until it exits when `done` is
 * not given. Fails with the output when it exits without getting there.
 */
async function timeInTerminal(argv, done, firstOutput = () => {}) {
	const command = `stty cols 100 rows 32; exec ${argv.map(quote).join(' ')}`;
	const started = process.hrtime.bigint();
	const child = spawn('script', ['-qfec', command, '/dev/null'], {
		cwd: repo,
		stdio: ['pipe', 'pipe', 'pipe'],
		env: {...process.env, TERM: 'xterm-256color', XDG_CONFIG_HOME: path.join(work, `config-${runs++}`), NO_COLOR: undefined, FORCE_COLOR: undefined, CI: undefined},
	});
	let output = '';
	const elapsed = await new Promise((resolve, reject) => {
		child.stdout.setEncoding('utf8').on('data', chunk => {
			if (output === '') {
				firstOutput(Number(process.hrtime.bigint() - started) / 1e6);
			}

			output += chunk;
			if (done?.(withoutEscapes(output))) {
				resolve(Number(process.hrtime.bigint() - started) / 1e6);
				void killTree(child.pid);
			}
		});
		child.once('exit', code => {
			if (done === undefined && code === 0) {
				resolve(Number(process.hrtime.bigint() - started) / 1e6);
			} else {
				reject(new Error(`${argv.join(' ')} exited (${code}) before ${done === undefined ? 'succeeding' : 'its plan screen showed'}:\n${withoutEscapes(output)}`));
			}
		});
	});
	// The next run starts only after this one, the wizard included, is gone.
	await killTree(child.pid);
	if (child.exitCode === null && child.signalCode === null) {
		await new Promise(resolve => child.once('exit', resolve));
	}

	return elapsed;
}

// Where the time goes: the wizard's first output is its opening line (`Reading <root>…`).
const opening = [];
try {
	const result = await runPairs({
		pairs,
		warmup: 1,
		command: async () => timeInTerminal([process.execPath, cli, '--sandbox', repo], output => title.test(output), ms => opening.push(ms)),
		baseline: async () => timeInTerminal([python, '-m', 'twine', '--version']),
	});
	report('Wizard start-up to the plan screen (pseudo-terminal, 100x32):', result, {commandName: 'wizard --sandbox, first Plan frame', baselineName: 'python3 -m twine --version', digits: 0});
	console.log(`  ${'wizard: its opening line'.padEnd(34)} ${msText(spread(opening.slice(1)), 0)}`);
} finally {
	await rm(work, {recursive: true, force: true});
}

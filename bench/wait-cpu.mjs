// (g) The propagation wait: what it costs the machine, and how soon it notices a file.
// Command: a one-package release (the fixture's fin-core, poetry-core) with
// `wizard --ci --test-repository URL --token-env NAME --skip ...` to a `wizard sandbox --delay 30`
// process, so the test upload's wait lasts about 30 s. Its window runs from the wait-started line
// to the wait-finished line of the wizard's output, each stamped as it arrives; the wizard's CPU
// over it is utime + stime of its own process (/proc/PID/stat, children excluded: it starts none
// while waiting). The notice gap is the wait-finished line's arrival minus the moment the last
// file of the batch came into view: its upload time in the sandbox's log (/_sandbox/uploads)
// plus the delay.
// Baseline: the same wait as a shell loop, `until curl -s URL | grep -q FILE; do sleep 1; done`,
// after twine uploads the same files to a fresh `wizard sandbox --delay 30` (untimed); its CPU is
// the shell's and its children's (curl, grep, sleep), from `times` at the end, over the loop's
// own window; its gap is measured the same way.
// Usage: npm run build && node bench/wait-cpu.mjs [PAIRS]
import {execFileSync, spawn} from 'node:child_process';
import {readFileSync} from 'node:fs';
import {mkdtemp, mkdir, readdir, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {importTs, root} from './import-ts.mjs';
import {ratioText, runPairs, spread} from './pairs.mjs';
import {startSandbox} from './sandbox-process.mjs';

const cli = path.join(root, 'dist', 'cli.js');
const python = process.env.WIZARD_TEST_PYTHON ?? '/usr/bin/python3';
const pairs = Number(process.argv[2] ?? 3);
const delaySeconds = 30;
const clockTicks = Number(execFileSync('getconf', ['CLK_TCK'], {encoding: 'utf8'}));
const token = 'pypi-bench-wait';
const fixtures = await importTs('test/helpers/fixtures.ts');
const temporary = [];

async function folder(prefix) {
	const created = await mkdtemp(path.join(tmpdir(), prefix));
	temporary.push(created);
	return created;
}

/** fin-core alone at the repository's root, in a fresh git repository. */
async function repository() {
	const repo = await folder('bench-wait-');
	const files = {'.gitignore': 'build/\n*.egg-info/\ndist/\n'};
	for (const [relative, text] of Object.entries(fixtures.poetryFiveLayerMonorepo('1.2.0'))) {
		if (relative.startsWith('packages/core/')) {
			files[relative.slice('packages/core/'.length)] = text;
		}
	}

	for (const [relative, text] of Object.entries(files)) {
		await mkdir(path.dirname(path.join(repo, relative)), {recursive: true});
		await writeFile(path.join(repo, relative), text);
	}

	for (const args of [['init', '--quiet', '--initial-branch=main'], ['config', 'user.name', 'bench'], ['config', 'user.email', 'bench@example.com'], ['add', '--all'], ['commit', '--quiet', '-m', 'Initial']]) {
		execFileSync('git', args, {cwd: repo, stdio: 'ignore'});
	}

	return repo;
}

/** CPU seconds (user + system) of one process so far, its children excluded. */
function cpuSeconds(pid) {
	const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ').at(-1).split(' ');
	return (Number(fields[11]) + Number(fields[12])) / clockTicks;
}

/** The test-index file the sandbox stored last, from its upload log. */
async function lastUploaded(sandbox) {
	const {uploads} = await (await fetch(`${sandbox.url}/_sandbox/uploads`)).json();
	return uploads.filter(upload => upload.index === 'testpypi' && upload.status === 200).at(-1).filename;
}

/**
 * The moment (ms since the epoch) the batch's last file came into view: its upload time plus the
 * delay. The JSON API's upload_time_iso_8601 is the very instant the sandbox's delay counts from;
 * the upload log's time is written after the records, a few ms later, and would shorten the gap.
 */
async function visibleAt(sandbox) {
	const {urls} = await (await fetch(`${sandbox.url}/testpypi/pypi/fin-core/1.3.0/json`)).json();
	return Math.max(...urls.map(file => Date.parse(file.upload_time_iso_8601))) + delaySeconds * 1000;
}

const wizardGapsMs = [];
const wizardWindowsMs = [];

async function wizardWait() {
	const repo = await repository();
	const configHome = await folder('bench-wait-config-');
	const sandbox = await startSandbox(await folder('bench-wait-sandbox-'), ['--delay', String(delaySeconds)]);
	try {
		const args = [cli, '--ci', '--bump', 'minor', '--no-isolation', '--python', python, '--test-repository', `${sandbox.url}/testpypi/legacy/`, '--repository', `${sandbox.url}/pypi/legacy/`, '--token-env', 'BENCH_WAIT_TOKEN', '--skip', 'tests,install-check,upload-production,tag,downstream', repo];
		const child = spawn(process.execPath, args, {env: {...process.env, XDG_CONFIG_HOME: configHome, NO_COLOR: '1', BENCH_WAIT_TOKEN: token}, stdio: ['ignore', 'pipe', 'pipe']});
		let output = '';
		let pending = '';
		let start;
		let end;
		child.stdout.on('data', chunk => {
			const now = Date.now();
			output += chunk;
			pending += chunk;
			const lines = pending.split('\n');
			pending = lines.pop();
			for (const line of lines) {
				if (start === undefined && line.includes('… waiting for batch 1 to appear')) {
					start = {at: now, cpu: cpuSeconds(child.pid)};
				} else if (end === undefined && /batch 1 is visible on/.test(line)) {
					end = {at: now, cpu: cpuSeconds(child.pid)};
				}
			}
		});
		child.stderr.on('data', chunk => {
			output += chunk;
		});
		const code = await new Promise(resolve => child.once('exit', resolve));
		if (code !== 0 || start === undefined || end === undefined) {
			throw new Error(`wizard exited ${code}, wait ${start ? 'started' : 'not seen'}, ${end ? 'finished' : 'end not seen'}:\n${output}`);
		}

		wizardGapsMs.push(end.at - (await visibleAt(sandbox)));
		wizardWindowsMs.push(end.at - start.at);
		return (100 * (end.cpu - start.cpu) * 1000) / (end.at - start.at);
	} finally {
		await sandbox.stop();
	}
}

const loopGapsMs = [];
const loopWindowsMs = [];
let distribution;

async function loopWait() {
	const sandbox = await startSandbox(await folder('bench-wait-sandbox-'), ['--delay', String(delaySeconds)]);
	try {
		const files = (await readdir(distribution)).map(name => path.join(distribution, name));
		execFileSync(python, ['-m', 'twine', 'upload', '--non-interactive', '--disable-progress-bar', '--repository-url', `${sandbox.url}/testpypi/legacy/`, ...files], {env: {...process.env, TWINE_USERNAME: '__token__', TWINE_PASSWORD: token}, stdio: 'ignore'});
		const last = await lastUploaded(sandbox);
		const loop = `until curl -s '${sandbox.url}/testpypi/simple/fin-core/' | grep -q '${last}'; do sleep 1; done; times`;
		const started = Date.now();
		const times = execFileSync('sh', ['-c', loop], {encoding: 'utf8'});
		const ended = Date.now();
		loopGapsMs.push(ended - (await visibleAt(sandbox)));
		loopWindowsMs.push(ended - started);
		// `times`: the shell's user and system time, then its children's: "0m0.004s 0m0.012s".
		const seconds = [...times.matchAll(/(\d+)m([\d.]+)s/g)].reduce((sum, [, minutes, rest]) => sum + Number(minutes) * 60 + Number(rest), 0);
		return (100 * seconds * 1000) / (ended - started);
	} finally {
		await sandbox.stop();
	}
}

try {
	// The baseline's files: the same package at the version the wizard releases, built once, untimed.
	const built = await repository();
	await writeFile(path.join(built, 'pyproject.toml'), readFileSync(path.join(built, 'pyproject.toml'), 'utf8').replace('version = "1.2.0"', 'version = "1.3.0"'));
	distribution = path.join(built, 'dist');
	execFileSync(python, ['-m', 'build', '--no-isolation', '--skip-dependency-check', '--outdir', distribution, built], {stdio: 'ignore'});

	const result = await runPairs({pairs, warmup: 0, command: wizardWait, baseline: loopWait});
	const line = (label, {median, min, max}, unit, digits) => console.log(`  ${label.padEnd(40)} ${median.toFixed(digits)}${unit} (min ${min.toFixed(digits)}, max ${max.toFixed(digits)})`);
	console.log(`Propagation wait, one package (2 files) on a sandbox with --delay ${delaySeconds}, ${pairs} pairs:`);
	line('wizard CPU over its wait (% of a core)', result.commandMs, '%', 2);
	line('shell loop CPU, children included', result.baselineMs, '%', 2);
	console.log(`  ${'per-pair CPU ratio, wizard / loop'.padEnd(40)} ${ratioText(result.figure)}`);
	line('wizard: visible -> wait noticed', spread(wizardGapsMs), ' ms', 0);
	line('shell loop: visible -> loop exits', spread(loopGapsMs), ' ms', 0);
	line('wizard wait window', spread(wizardWindowsMs), ' ms', 0);
	line('shell loop window', spread(loopWindowsMs), ' ms', 0);
} finally {
	for (const created of temporary) {
		await rm(created, {recursive: true, force: true});
	}
}

// The build step on the five-layer poetry-core fixture, with --jobs 1 and --jobs 2, against the
// sum of its single-package builds and against the critical path (the sum over layers of the
// slowest build in each). Run after `npm run build`: node bench/build-jobs.mjs [rounds]
import {execFileSync} from 'node:child_process';
import {mkdtemp, mkdir, readFile, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {build} from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = path.join(root, 'dist', 'cli.js');
const python = process.env.WIZARD_TEST_PYTHON ?? '/usr/bin/python3';
const rounds = Number(process.argv[2] ?? 3);

// The tests' own fixture, bundled on the fly so the benchmark builds exactly what they build.
const bundled = await build({entryPoints: [path.join(root, 'test/helpers/fixtures.ts')], bundle: true, format: 'esm', platform: 'node', write: false});
const fixtures = await import(`data:text/javascript;base64,${Buffer.from(bundled.outputFiles[0].text).toString('base64')}`);

function git(cwd, ...args) {
	return execFileSync('git', args, {cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe']});
}

async function repository() {
	const folder = await mkdtemp(path.join(tmpdir(), 'wizard-bench-'));
	const files = {'.gitignore': 'build/\n*.egg-info/\ndist/\n', ...fixtures.poetryFiveLayerMonorepo('1.2.0')};
	for (const [relative, text] of Object.entries(files)) {
		await mkdir(path.dirname(path.join(folder, relative)), {recursive: true});
		await writeFile(path.join(folder, relative), text);
	}

	git(folder, 'init', '--quiet', '--initial-branch=main');
	git(folder, '-c', 'user.name=bench', '-c', 'user.email=bench@example.com', 'add', '--all');
	git(folder, '-c', 'user.name=bench', '-c', 'user.email=bench@example.com', 'commit', '--quiet', '-m', 'Initial');
	git(folder, 'config', 'user.name', 'bench');
	git(folder, 'config', 'user.email', 'bench@example.com');
	return folder;
}

async function buildStep(jobs) {
	const folder = await repository();
	const configHome = await mkdtemp(path.join(tmpdir(), 'wizard-bench-config-'));
	const env = {...process.env, XDG_CONFIG_HOME: configHome, NO_COLOR: '1'};
	const args = [cli, '--ci', '--bump', 'minor', '--no-isolation', '--skip', 'tests,check,inspect', '--jobs', String(jobs), '--python', python, folder];
	execFileSync(process.execPath, args, {env, stdio: ['ignore', 'ignore', 'inherit']});
	const {release} = JSON.parse(execFileSync(process.execPath, [cli, 'status', '--json', folder], {env, encoding: 'utf8'}));
	await rm(folder, {recursive: true, force: true});
	await rm(configHome, {recursive: true, force: true});
	const durations = release.batches.map(batch => batch.map(name => release.packages[name].durationMs));
	return {step: release.steps.build.durationMs, durations};
}

const median = values => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const results = {jobs1: [], jobs2: [], sum: [], critical: []};
for (let round = 0; round < rounds; round++) {
	const one = await buildStep(1);
	const two = await buildStep(2);
	results.jobs1.push(one.step);
	results.jobs2.push(two.step);
	// From the --jobs 1 run, where each package built alone.
	results.sum.push(one.durations.flat().reduce((sum, value) => sum + value, 0));
	results.critical.push(one.durations.reduce((sum, layer) => sum + Math.max(...layer), 0));
}

const seconds = milliseconds => `${(milliseconds / 1000).toFixed(2)} s`;
console.log(`Build step, five-layer poetry-core fixture (6 packages), median of ${rounds} round(s):`);
console.log(`  --jobs 1 (whole step):                      ${seconds(median(results.jobs1))}`);
console.log(`  --jobs 2 (whole step):                      ${seconds(median(results.jobs2))}`);
console.log(`  sum of single-package builds:               ${seconds(median(results.sum))}`);
console.log(`  critical path (slowest build of each layer): ${seconds(median(results.critical))}`);
console.log(JSON.stringify(results));

// (c) The release's build step against plain `python -m build` run layer by layer by a shell
// script: the same fixture (the tests' five-layer poetry-core monorepo, 6 packages), the same
// arguments the wizard passes (--no-isolation --skip-dependency-check, sdist then wheel), two
// builds at a time in both (`--jobs 2`, `xargs -P 2`), each layer waiting for the one before.
// Each pair builds two fresh copies of the repository. The critical path (the sum over layers
// of the slowest build in each) comes from the wizard's own record of the same run.
// Usage: npm run build && node bench/build.mjs [PAIRS]
import {execFileSync} from 'node:child_process';
import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {poetryMonorepoRepository} from './fixture-repository.mjs';
import {root} from './import-ts.mjs';
import {report, runPairs, spread, timeCommand, ratioText} from './pairs.mjs';

const cli = path.join(root, 'dist', 'cli.js');
const python = process.env.WIZARD_TEST_PYTHON ?? '/usr/bin/python3';
const pairs = Number(process.argv[2] ?? 3);

async function repository() {
	return poetryMonorepoRepository(await mkdtemp(path.join(tmpdir(), 'bench-build-')), '1.2.0');
}

/** The wizard's release up to the build (tests, check and inspection skipped); returns its record. */
async function wizardRelease() {
	const folder = await repository();
	const configHome = await mkdtemp(path.join(tmpdir(), 'bench-build-config-'));
	const env = {...process.env, XDG_CONFIG_HOME: configHome, NO_COLOR: '1'};
	try {
		timeCommand(process.execPath, [cli, '--ci', '--bump', 'minor', '--no-isolation', '--skip', 'tests,check,inspect,upload-test,upload-production', '--jobs', '2', '--python', python, folder], {env});
		return JSON.parse(execFileSync(process.execPath, [cli, 'status', '--json', folder], {env, encoding: 'utf8'})).release;
	} finally {
		await rm(folder, {recursive: true, force: true});
		await rm(configHome, {recursive: true, force: true});
	}
}

/** The shell script a maintainer would write: one `python -m build` per package, a layer at a time. */
function shellScript(layers) {
	const lines = ['#!/bin/sh', 'set -e', 'cd "$1"'];
	for (const [index, layer] of layers.entries()) {
		lines.push(`# layer ${index + 1}`);
		lines.push(`printf '%s\\n' ${layer.map(folder => `'${folder}'`).join(' ')} | xargs -P 2 -I {} ${python} -m build --outdir dist/{} --no-isolation --skip-dependency-check {} >/dev/null`);
	}

	return `${lines.join('\n')}\n`;
}

// One untimed release first: it warms the caches and gives the layers and folders to script.
const first = await wizardRelease();
const layers = first.batches.map(batch => batch.map(name => first.packages[name].path));
const script = path.join(await mkdtemp(path.join(tmpdir(), 'bench-build-script-')), 'build-layers.sh');
await writeFile(script, shellScript(layers), {mode: 0o755});

const criticalPathRatios = [];
const criticalPaths = [];
const result = await runPairs({
	pairs,
	warmup: 0,
	async command() {
		const release = await wizardRelease();
		const step = release.steps.build.durationMs;
		const critical = release.batches.reduce((sum, batch) => sum + Math.max(...batch.map(name => release.packages[name].durationMs)), 0);
		criticalPaths.push(critical);
		criticalPathRatios.push(step / critical);
		return step;
	},
	async baseline() {
		const folder = await repository();
		try {
			return timeCommand('sh', [script, folder]);
		} finally {
			await rm(folder, {recursive: true, force: true});
		}
	},
});

console.log(`Build step, five-layer poetry-core fixture (6 packages in ${layers.length} layers), two builds at a time:`);
report('', result, {commandName: 'wizard build step (--jobs 2)', baselineName: 'shell script, python -m build', digits: 0});
const critical = spread(criticalPaths);
console.log(`  ${'critical path, same wizard runs'.padEnd(34)} ${critical.median.toFixed(0)} ms (min ${critical.min.toFixed(0)}, max ${critical.max.toFixed(0)})`);
console.log(`  ${'build step / its critical path'.padEnd(34)} ${ratioText(spread(criticalPathRatios))}`);
console.log(`The script:\n${shellScript(layers).replaceAll(python, 'python3')}`);
await rm(path.dirname(script), {recursive: true, force: true});

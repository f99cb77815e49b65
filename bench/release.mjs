// (f) The whole sandbox release against the checklist a maintainer keeps as a shell script.
// Command: `wizard --ci --sandbox --bump minor --no-isolation --skip tag,downstream` on the
// tests' five-layer poetry-core monorepo (6 packages): preflight, version bump and commit,
// build (its default --jobs, the number of CPUs), twine check, inspection, upload to the test
// index, install check, upload to production, each batch in turn, its sandbox started in-process.
// Baseline: the same checklist one package at a time, in layer order, against a `wizard sandbox`
// process of its own (delay 0, started untimed): `python -m build`, `twine check`, `twine upload`
// to testpypi, a venv and `pip install NAME==VERSION` from the test index plus an import,
// `twine upload` to pypi. The script is printed. Each side starts from a fresh copy of the
// fixture in a fresh git repository and a fresh sandbox data folder (untimed). The baseline is
// given the wizard's own shortcuts where a maintainer could take them: the fixture already at
// the new version (no bump, no commit), the wizard's build arguments, and a venv without pip
// driven by the interpreter's pip (`pip --python`), as the wizard's install check does.
// Usage: npm run build && node bench/release.mjs [PAIRS]
import {execFileSync} from 'node:child_process';
import {mkdtemp, readFile, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {poetryMonorepoRepository} from './fixture-repository.mjs';
import {root} from './import-ts.mjs';
import {report, runPairs, spread, timeCommand} from './pairs.mjs';
import {startSandbox} from './sandbox-process.mjs';

const cli = path.join(root, 'dist', 'cli.js');
const python = process.env.WIZARD_TEST_PYTHON ?? '/usr/bin/python3';
const pairs = Number(process.argv[2] ?? 3);
const temporary = [];

async function folder(prefix) {
	const created = await mkdtemp(path.join(tmpdir(), prefix));
	temporary.push(created);
	return created;
}

async function repository(version) {
	return poetryMonorepoRepository(await folder('bench-release-'), version);
}

/**
 * The sequential checklist, one package at a time in layer order. `timed` appends each phase's
 * milliseconds to $PHASES (a fork of `date` on each side: about 1 ms a phase).
 */
function shellScript(layers) {
	const lines = [
		'#!/bin/sh',
		'# Usage: release.sh REPO TEST_URL PRODUCTION_URL  (VERSION, PHASES, TWINE_USERNAME/TWINE_PASSWORD set)',
		'set -e',
		'cd "$1"',
		'test_url=$2',
		'production_url=$3',
		'timed() {  # phase command...',
		'\tphase=$1; shift; started=$(date +%s%N)',
		'\t"$@"',
		'\techo "$phase $(( ($(date +%s%N) - started) / 1000000 ))" >>"$PHASES"',
		'}',
		'install_check() {  # name module',
		'\tvenv=$(mktemp -d)/venv',
		`\t${python} -m venv --without-pip "$venv"`,
		`\t${python} -m pip --python "$venv/bin/python" install --quiet --disable-pip-version-check --index-url "$test_url/testpypi/simple/" "$1==$VERSION"`,
		'\t"$venv/bin/python" -c "import $2"',
		'\trm -rf "$(dirname "$venv")"',
		'}',
		'release() {  # folder name module',
		`\ttimed build ${python} -m build --no-isolation --skip-dependency-check --outdir "dist/$1" "$1" >/dev/null`,
		'\t# The fixture has no README: twine check fails the empty description, where the wizard warns.',
		`\ttimed check ${python} -m twine check "dist/$1"/* >/dev/null || true`,
		`\ttimed upload-test ${python} -m twine upload --non-interactive --disable-progress-bar --repository-url "$test_url/testpypi/legacy/" "dist/$1"/* >/dev/null`,
		'\ttimed install-check install_check "$2" "$3"',
		`\ttimed upload-production ${python} -m twine upload --non-interactive --disable-progress-bar --repository-url "$production_url/pypi/legacy/" "dist/$1"/* >/dev/null`,
		'}',
	];
	for (const [index, layer] of layers.entries()) {
		lines.push(`# layer ${index + 1}`);
		for (const {path: packageFolder, name} of layer) {
			lines.push(`release '${packageFolder}' '${name}' '${name.replaceAll('-', '_')}'`);
		}
	}

	return `${lines.join('\n')}\n`;
}

const stepMs = {};
const scriptPhaseMs = {};
const outsideMs = [];

async function wizardRelease() {
	const repo = await repository('1.2.0');
	const configHome = await folder('bench-release-config-');
	const env = {...process.env, XDG_CONFIG_HOME: configHome, NO_COLOR: '1'};
	const elapsed = timeCommand(process.execPath, [cli, '--ci', '--sandbox', '--bump', 'minor', '--no-isolation', '--python', python, '--skip', 'tag,downstream', repo], {env});
	const {release} = JSON.parse(execFileSync(process.execPath, [cli, 'status', '--json', repo], {env, encoding: 'utf8'}));
	let stepsTotal = 0;
	for (const [id, step] of Object.entries(release.steps)) {
		if (step.durationMs !== undefined) {
			(stepMs[id] ??= []).push(step.durationMs);
			stepsTotal += step.durationMs;
		}
	}

	outsideMs.push(elapsed - stepsTotal);
	return elapsed;
}

// The layers and folders to script come from the wizard's own plan of the fixture.
const planned = JSON.parse(execFileSync(process.execPath, [cli, 'plan', '--json', await repository('1.3.0')], {encoding: 'utf8'}));
const folders = Object.fromEntries(planned.packages.map(entry => [entry.name, entry.path]));
const layers = planned.batches.map(batch => batch.map(name => ({name, path: folders[name]})));
const script = path.join(await folder('bench-release-script-'), 'release.sh');
await writeFile(script, shellScript(layers), {mode: 0o755});

try {
	const result = await runPairs({
		pairs,
		warmup: 0,
		command: wizardRelease,
		async baseline() {
			const repo = await repository('1.3.0');
			const sandbox = await startSandbox(await folder('bench-release-sandbox-'));
			try {
				const phases = path.join(repo, 'phases.txt');
				const env = {...process.env, VERSION: '1.3.0', PHASES: phases, TWINE_USERNAME: '__token__', TWINE_PASSWORD: 'pypi-bench-release', PIP_NO_INPUT: '1'};
				const elapsed = timeCommand('sh', [script, repo, sandbox.url, sandbox.url], {env});
				const totals = {};
				for (const [phase, ms] of (await readFile(phases, 'utf8')).trim().split('\n').map(line => line.split(' '))) {
					totals[phase] = (totals[phase] ?? 0) + Number(ms);
				}

				for (const [phase, ms] of Object.entries(totals)) {
					(scriptPhaseMs[phase] ??= []).push(ms);
				}

				return elapsed;
			} finally {
				await sandbox.stop();
			}
		},
	});

	console.log(`Full sandbox release, five-layer poetry-core fixture (6 packages in ${layers.length} layers, 12 files to each index):`);
	report('', result, {commandName: 'wizard --ci --sandbox', baselineName: 'shell checklist, one at a time', digits: 0});
	console.log('  where the time goes (median per step over the pairs, min-max; the wizard\'s from its record):');
	console.log(`    ${'step'.padEnd(20)} ${'wizard'.padStart(22)} ${'script (6 packages)'.padStart(24)}`);
	const cell = values => {
		if (values === undefined) {
			return '-';
		}

		const {median, min, max} = spread(values);
		return `${median.toFixed(0)} ms (${min.toFixed(0)}-${max.toFixed(0)})`;
	};

	for (const [id, values] of Object.entries(stepMs)) {
		console.log(`    ${id.padEnd(20)} ${cell(values).padStart(22)} ${cell(scriptPhaseMs[id]).padStart(24)}`);
	}

	console.log(`    ${'outside the steps'.padEnd(20)} ${cell(outsideMs).padStart(22)}   (start-up, plan, sandbox, record, summary)`);
	console.log(`The script:\n${shellScript(layers).replaceAll(python, 'python3')}`);
} finally {
	for (const created of temporary) {
		await rm(created, {recursive: true, force: true});
	}
}

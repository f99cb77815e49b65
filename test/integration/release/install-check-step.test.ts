import {readFile, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {afterEach, describe, expect, test} from 'vitest';
import {exec} from '../../../source/core/exec.js';
import {installCheck} from '../../../source/core/python/install-check.js';
import type {ResolvedTargets} from '../../../source/core/release/context.js';
import type {ReleaseEngine, RunOutcome} from '../../../source/core/release/engine.js';
import {createCiAnswerer} from '../../../source/core/release/questions.js';
import {beginRelease, openRepository, type ReleaseChoices} from '../../../source/core/release/session.js';
import type {ReleaseEvent, ReleaseRecord} from '../../../source/core/release/types.js';
import {memoryReleaseStore, type ReleaseStore} from '../../../source/core/state/release-store.js';
import {startSandbox, type Sandbox} from '../../../source/sandbox/server.js';
import {temporaryFolder, type FileTree} from '../../helpers/temp.js';
import {python, requirePythonModules} from '../../helpers/tools.js';
import {startStaleProxy, type StaleProxy} from '../python/stale-proxy.js';
import {buildFixture, twineUpload, uploadToken} from '../sandbox/fixtures.js';
import {gitRepository} from './git-repository.js';

// The install check as a step of a real release: real --no-isolation builds, real twine to a
// sandbox started in-process, real venv and pip. The test upload is another step (another
// branch): each release here stops after the inspection, uploads the built files with twine
// as that step would, and resumes, so the install check runs through the engine on a resume.

const sandboxes: Sandbox[] = [];
const proxies: StaleProxy[] = [];
afterEach(async () => {
	await Promise.all(proxies.splice(0).map(async proxy => proxy.close()));
	await Promise.all(sandboxes.splice(0).map(async sandbox => sandbox.close()));
});

async function sandbox(delaySeconds = 0): Promise<Sandbox> {
	const started = await startSandbox({tokens: [uploadToken], delaySeconds});
	sandboxes.push(started);
	return started;
}

function sandboxTargets(url: string): ResolvedTargets {
	const target = (index: 'testpypi' | 'pypi', role: 'test' | 'production') => ({
		role,
		name: `sandbox ${index}`,
		uploadUrl: `${url}/${index}/legacy/`,
		simpleBase: `${url}/${index}/simple/`,
		jsonBase: `${url}/${index}/pypi/`,
		display: `the sandbox ${index}`,
		token: async () => uploadToken,
	});
	return {test: target('testpypi', 'test'), production: target('pypi', 'production')};
}

function hatchlingPackage(name: string, dependencies: readonly string[] = []): FileTree {
	const module = name.replaceAll('-', '_');
	return {
		[`${name}/pyproject.toml`]:
			`[build-system]\nrequires = ["hatchling"]\nbuild-backend = "hatchling.build"\n\n[project]\nname = "${name}"\nversion = "1.0.0"\ndescription = "An install check fixture."\nreadme = "README.md"\n` +
			`requires-python = ">=3.8"\ndependencies = [${dependencies.map(dependency => JSON.stringify(dependency)).join(', ')}]\n`,
		[`${name}/README.md`]: `# ${name}\n\nA fixture.\n`,
		[`${name}/${module}/__init__.py`]: `VALUE = "${name}"\n`,
	};
}

type Run = {readonly outcome: RunOutcome; readonly record: ReleaseRecord; readonly events: ReleaseEvent[]; readonly answers: string[]};

type Release = {
	readonly root: string;
	readonly store: ReleaseStore;
	readonly targets: ResolvedTargets;
	/** Runs (or resumes) the release; `untilInspected` stops it once the inspection is done. */
	run(options?: {untilInspected?: boolean; dryRun?: boolean; skip?: string[]; waitTimeoutMs?: number; before?: (engine: ReleaseEngine) => void}): Promise<Run>;
};

/** `through`: where pip reads the indexes (a stale proxy in front of the sandbox). */
async function release(files: FileTree, index: Sandbox, through = index.url): Promise<Release> {
	requirePythonModules(['build', 'twine', 'venv', 'hatchling'], 'python3-build twine python3-venv python3-hatchling');
	const {root} = await gitRepository(files);
	const store = memoryReleaseStore(await temporaryFolder('install-check-releases-'));
	const targets = sandboxTargets(through);
	return {
		root,
		store,
		targets,
		async run(options = {}) {
			const controller = new AbortController();
			const session = await openRepository({root, python, store, signal: controller.signal});
			const answers: string[] = [];
			const choices: ReleaseChoices = {
				bump: session.saved === undefined ? ['patch'] : [],
				restart: false,
				dryRun: options.dryRun ?? false,
				skip: options.skip ?? [],
				jobs: 2,
				noIsolation: true,
				allowFiles: [],
				answerer: createCiAnswerer(line => answers.push(line)),
				targets,
				...(options.waitTimeoutMs === undefined ? {} : {waitTimeoutMs: options.waitTimeoutMs}),
			};
			const {engine} = await beginRelease(session, choices);
			options.before?.(engine);
			const events: ReleaseEvent[] = [];
			engine.subscribe(event => {
				events.push(event);
				if (options.untilInspected === true && event.type === 'step-finished' && event.step === 'inspect') {
					controller.abort();
				}
			});
			const outcome = await engine.run();
			return {outcome, record: engine.record(), events, answers};
		},
	};
}

/** What the test upload step does: every built file to the test index, with real twine. */
async function uploadBuilt(record: ReleaseRecord, index: Sandbox): Promise<void> {
	for (const name of record.batches.flat()) {
		const files = record.packages[name]!.files.map(file => file.path);
		const result = await twineUpload(`${index.url}/testpypi/legacy/`, files);
		expect(result.exitCode, result.all).toBe(0);
	}
}

/** Builds, uploads to the test index, then resumes into the install check. */
async function checkRelease(current: Release, index: Sandbox, options: {waitTimeoutMs?: number} = {}): Promise<Run> {
	const built = await current.run({untilInspected: true});
	expect(built.outcome.status, JSON.stringify(built.record.failure)).toBe('interrupted');
	expect(built.record.steps['install-check']?.status).toBe('pending');
	await uploadBuilt(built.record, index);
	// The test upload (and its wait) is this test's work: the release resumes after it.
	return current.run({...options, before: engine => engine.dispatch({type: 'step-finished', step: 'upload-test', at: new Date().toISOString(), message: 'uploaded by the test'})});
}

const output = (events: readonly ReleaseEvent[]) => events.flatMap(event => (event.type === 'step-output' && event.step === 'install-check' ? [event.line] : []));
const progress = (events: readonly ReleaseEvent[]) =>
	events.flatMap(event => (event.type === 'install-check-progress' ? [`${event.package} ${event.phase}${event.ok === undefined ? '' : ` ${event.ok ? 'ok' : 'failed'}`}`] : []));

describe('the install check step', () => {
	test('each package installs from the test index, its sibling dependency resolved there, and runs the smoke command from the configuration', async () => {
		const index = await sandbox();
		const current = await release(
			{
				'pyproject.toml': '[tool.pypi-wizard]\nsmoke = { "ic-app" = ["python -c \'import ic_app, ic_core, sys; print(\\"smoke:\\", ic_app.VALUE, sys.prefix)\'"] }\n',
				...hatchlingPackage('ic-core'),
				...hatchlingPackage('ic-app', ['ic-core>=1.0']),
			},
			index,
		);
		const {outcome, record, events} = await checkRelease(current, index);

		expect(outcome, JSON.stringify(record.failure)).toEqual({status: 'ready', exitCode: 0});
		expect(record.batches).toEqual([['ic-core'], ['ic-app']]);
		expect(record.packages['ic-core']?.installCheck?.status).toBe('passed');
		expect(record.packages['ic-app']?.installCheck?.status).toBe('passed');
		// Batch order: the dependency is checked before the package that needs it.
		expect(progress(events)).toEqual(['ic-core started', 'ic-core finished ok', 'ic-app started', 'ic-app finished ok']);
		const lines = output(events);
		// ic-core 1.0.1 exists only on the sandbox's testpypi: pip took it from there.
		expect(lines.join('\n')).toMatch(/Successfully installed ic-app-1\.0\.1 ic-core-1\.0\.1|Successfully installed ic-core-1\.0\.1 ic-app-1\.0\.1/);
		expect(lines).toContain(`smoke: ic-app ${path.join(record.folder, 'install-check', 'ic-app', 'venv')}`);
		expect(record.steps['install-check']?.message).toBe('2 package(s) installed from the sandbox testpypi and passed their smoke commands');
	});

	test('the interpreter’s pip is asked once per release: one pip config list and one pip version probe for three packages', async () => {
		const index = await sandbox();
		const current = await release({...hatchlingPackage('ic-one'), ...hatchlingPackage('ic-two'), ...hatchlingPackage('ic-three')}, index);
		const {outcome, record} = await checkRelease(current, index);

		expect(outcome, JSON.stringify(record.failure)).toEqual({status: 'ready', exitCode: 0});
		const commands = (await readFile(path.join(record.folder, 'logs', 'install-check.log'), 'utf8')).split('\n').filter(line => line.startsWith('$ '));
		expect(commands.filter(line => / -m pip --python \S+ install /.test(line))).toHaveLength(3);
		expect(commands.filter(line => line.endsWith(' -m pip config list'))).toHaveLength(1);
		expect(commands.filter(line => line.startsWith(`$ ${python} -c `) && line.includes('importlib.metadata'))).toHaveLength(1);
		expect(record.steps['install-check']?.message).toBe('3 package(s) installed from the sandbox testpypi and passed their smoke commands');
	});

	test('a failing smoke command stops the release (exit 1) with its output tail; the resume checks only the package that had not passed', async () => {
		const index = await sandbox();
		const marker = path.join(await temporaryFolder('install-check-marker-'), 'ready');
		const current = await release(
			{
				'pyproject.toml': `[tool.pypi-wizard]\nsmoke = { "ic-app" = ["python -c 'import ic_app'", "test -e ${marker} || { echo 'ic_app: the service did not start'; exit 3; }"] }\n`,
				...hatchlingPackage('ic-core'),
				...hatchlingPackage('ic-app', ['ic-core>=1.0']),
			},
			index,
		);
		const failed = await checkRelease(current, index);

		expect(failed.outcome).toEqual({status: 'failed', step: 'install-check', exitCode: 1});
		expect(failed.record.failure?.message).toBe(
			`ic-app 1.0.1 installed from the sandbox testpypi, but the smoke command of ic-app (smoke in pyproject.toml) failed: test -e ${marker} || { echo 'ic_app: the service did not start'; exit 3; } exited with 3.`,
		);
		expect(failed.record.failure?.tail).toEqual(['ic_app: the service did not start']);
		expect(failed.record.failure?.hint).toContain(`cd ${path.join(failed.record.folder, 'install-check', 'ic-app', 'smoke')} && PATH=`);
		expect(failed.record.packages['ic-core']?.installCheck?.status).toBe('passed');
		expect(failed.record.packages['ic-app']?.installCheck?.status).toBe('failed');

		await writeFile(marker, '');
		const resumed = await current.run();
		expect(resumed.outcome, JSON.stringify(resumed.record.failure)).toEqual({status: 'ready', exitCode: 0});
		expect(progress(resumed.events)).toEqual(['ic-app started', 'ic-app finished ok']);
		expect(output(resumed.events)).toContain('ic-core 1.0.1: passed in an earlier run, not checked again.');
		expect(resumed.record.steps['install-check']?.message).toBe('2 package(s) installed from the sandbox testpypi and passed their smoke commands (1 passed in an earlier run)');
	});

	test('a version the test index does not list yet: --ci waits and retries once, then stops resumable (exit 1)', async () => {
		// The sandbox holds every new file back for 10 minutes: the upload never becomes visible here.
		const index = await sandbox(600);
		const current = await release(hatchlingPackage('ic-late'), index);
		const {outcome, record, answers, events} = await checkRelease(current, index, {waitTimeoutMs: 1500});

		expect(outcome).toEqual({status: 'failed', step: 'install-check', exitCode: 1});
		const pip = `pip install --no-input --disable-pip-version-check --index-url ${index.url}/testpypi/simple/ --extra-index-url ${index.url}/pypi/simple/ ic-late==1.0.1`;
		expect(answers).toEqual([
			`  answer: ic-late 1.0.1 did not install from the sandbox testpypi: ${index.url}/testpypi/simple/ does not list ic-late 1.0.1 yet: the upload has not propagated to its simple page. What now? -> ` +
				`Wait until ${index.url}/testpypi/simple/ lists ic-late==1.0.1 (at most 2 s, wait.timeout), then retry: ${pip} (--ci: the upload has not propagated yet: wait, then retry once)\n`,
		]);
		// Two pip installs: the first try and the retry after the wait.
		expect(events.filter(event => event.type === 'step-progress' && event.message.startsWith('waiting until'))).toHaveLength(1);
		expect(events.find(event => event.type === 'wait-started')).toMatchObject({step: 'install-check', role: 'test', batch: 0, files: ['ic_late-1.0.1-py3-none-any.whl', 'ic_late-1.0.1.tar.gz']});
		expect(events.find(event => event.type === 'wait-polled')).toMatchObject({missing: ['ic_late-1.0.1-py3-none-any.whl', 'ic_late-1.0.1.tar.gz'], visible: []});
		expect(output(events).filter(line => line.includes('No matching distribution found for ic-late==1.0.1'))).toHaveLength(2);
		expect(record.failure?.message).toBe(
			`ic-late 1.0.1 did not install from the sandbox testpypi (the second try failed too): ${index.url}/testpypi/simple/ does not list ic-late 1.0.1 yet: the upload has not propagated to its simple page.`,
		);
		expect(record.failure?.hint).toBe(`Run the same command again later: the uploads are kept and the release resumes at the install check (${pip}).`);
		expect(record.status).toBe('failed');
		expect(record.packages['ic-late']?.installCheck?.status).toBe('failed');
	});

	test('a stale simple page in a cache before the index: --ci retries without pip’s cache, then stops with the fixes for uv; the resume passes once the cache fetches again', async () => {
		const index = await sandbox();
		const proxy = await startStaleProxy(index.url);
		proxies.push(proxy);
		// 1.0.0 is on the index and the proxy keeps the page that lists only it.
		const previous = await buildFixture({backend: 'hatchling', name: 'ic-stale', version: '1.0.0'});
		expect((await twineUpload(`${index.url}/testpypi/legacy/`, previous)).exitCode).toBe(0);
		const primed = await installCheck({
			python,
			folder: await temporaryFolder('install-check-prime-'),
			name: 'ic-stale',
			version: '1.0.0',
			testSimple: `${proxy.url}/testpypi/simple/`,
			productionSimple: `${proxy.url}/pypi/simple/`,
			smoke: [],
			run: async (command, args, options) => exec(command, args, {cwd: options.cwd, env: options.env, allowFailure: options.allowFailure}),
		});
		expect(primed.status).toBe('passed');

		const current = await release({'uv.lock': 'version = 1\n', ...hatchlingPackage('ic-stale')}, index, proxy.url);
		const {outcome, record, answers} = await checkRelease(current, index);
		expect(outcome).toEqual({status: 'failed', step: 'install-check', exitCode: 1});
		const pip = `pip install --no-input --disable-pip-version-check --index-url ${proxy.url}/testpypi/simple/ --extra-index-url ${proxy.url}/pypi/simple/`;
		expect(answers).toHaveLength(1);
		expect(answers[0]).toContain(`-> Retry without pip's cache: ${pip} --no-cache-dir ic-stale==1.0.1 (--ci: the narrowest fix: one retry without pip's cache, nothing deleted)`);
		expect(record.failure?.message).toMatch(
			new RegExp(`^ic-stale 1\\.0\\.1 did not install from the sandbox testpypi \\(the second try failed too\\): ${proxy.url}/testpypi/simple/ lists ic_stale-1\\.0\\.1`),
		);
		expect(record.failure?.message).toContain('pip ran without its own cache');
		expect(record.failure?.hint?.split('\n')).toEqual([
			`Run the same command again later: the uploads are kept and the release resumes at the install check (${pip} ic-stale==1.0.1).`,
			"On your own machine: uv pip install --refresh-package ic-stale 'ic-stale==1.0.1' (uv keeps index pages for 10 minutes: refresh only ic-stale on the next install)",
			'On your own machine: uv cache clean ic-stale (Remove everything uv cached for ic-stale)',
		]);

		proxy.expire();
		const resumed = await current.run();
		expect(resumed.outcome, JSON.stringify(resumed.record.failure)).toEqual({status: 'ready', exitCode: 0});
		expect(resumed.record.packages['ic-stale']?.installCheck?.status).toBe('passed');
	});

	test('a third-party dependency the sandbox lacks: a resolution failure with pip’s tail and the fix; with install-check.system-site-packages the interpreter’s own package serves', async () => {
		requirePythonModules(['attrs'], 'python3-attr');
		const index = await sandbox();
		const without = await release(hatchlingPackage('ic-attrs', ['attrs>=20']), index);
		const failed = await checkRelease(without, index);
		expect(failed.outcome).toEqual({status: 'failed', step: 'install-check', exitCode: 1});
		expect(failed.record.failure?.message).toBe(
			`ic-attrs 1.0.1 did not install from the sandbox testpypi: No index offers an installable attrs>=20 (required by ic-attrs): ${index.url}/testpypi/simple/ and ${index.url}/pypi/simple/ list no file for it.`,
		);
		expect(failed.record.failure?.tail.join('\n')).toContain('No matching distribution found for attrs>=20');
		expect(failed.record.failure?.hint).toContain('in an offline rehearsal set install-check.system-site-packages = true in pyproject.toml');

		const other = await sandbox();
		const withSystem = await release({'pyproject.toml': '[tool.pypi-wizard]\ninstall-check = { system-site-packages = true }\n', ...hatchlingPackage('ic-attrs', ['attrs>=20'])}, other);
		const passed = await checkRelease(withSystem, other);
		expect(passed.outcome, JSON.stringify(passed.record.failure)).toEqual({status: 'ready', exitCode: 0});
		expect(passed.record.packages['ic-attrs']?.installCheck?.status).toBe('passed');
		expect(output(passed.events).join('\n')).toMatch(/Requirement already satisfied: attrs>=20 in \/usr\/lib\/python3\/dist-packages/);
	});

	test('a dry run shows the exact pip command; with nothing built or nothing uploaded there is nothing on the test index to install', async () => {
		const index = await sandbox();
		const dry = await release(hatchlingPackage('ic-dry'), index);
		const {record} = await dry.run({dryRun: true});
		expect(record.steps['install-check']).toMatchObject({
			status: 'skipped',
			message: `[dry run] not run: pip install --no-input --disable-pip-version-check --index-url ${index.url}/testpypi/simple/ --extra-index-url ${index.url}/pypi/simple/ ic-dry==1.0.1 (each in a fresh virtual environment)`,
		});

		const unbuilt = await release(hatchlingPackage('ic-unbuilt'), index);
		const skipped = await unbuilt.run({skip: ['build']});
		expect(skipped.record.steps['install-check']).toMatchObject({status: 'skipped', message: 'nothing on the test index to install (the build produced no file)'});

		// The test upload is another branch's step: its skip is recorded as that step would record it.
		const notUploaded = await release(hatchlingPackage('ic-not-uploaded'), index);
		const {record: built} = await notUploaded.run({
			before: engine => engine.dispatch({type: 'step-skipped', step: 'upload-test', title: 'Upload to the test index', reason: 'skipped with --skip'}),
		});
		expect(built.packages['ic-not-uploaded']?.files).toHaveLength(2);
		expect(built.steps['install-check']).toMatchObject({status: 'skipped', message: 'nothing on the test index to install (the test upload was skipped)'});
	});
});

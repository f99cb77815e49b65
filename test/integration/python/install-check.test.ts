import {readdir, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {afterAll, beforeAll, expect, test} from 'vitest';
import {exec} from '../../../source/core/exec.js';
import type {CommandRunner} from '../../../source/core/git/runner.js';
import {projectFiles} from '../../../source/core/index/simple-api.js';
import {installCheck, type InstallCheckOptions, type InstallCheckResult} from '../../../source/core/python/install-check.js';
import {pipEnvironment} from '../../../source/core/python/pip-environment.js';
import {createVenv} from '../../../source/core/python/venv.js';
import {startSandbox, type Sandbox} from '../../../source/sandbox/server.js';
import {temporaryFolder, writeTree} from '../../helpers/temp.js';
import {python, requirePythonModules} from '../../helpers/tools.js';
import {buildFixture, twineUpload, uploadToken} from '../sandbox/fixtures.js';
import {startStaleProxy, type StaleProxy} from './stale-proxy.js';

// Real hatchling builds, real twine uploads to the sandbox, real venv and pip (Debian's).

type Distributions = readonly string[];
let sandbox: Sandbox;
let proxy: StaleProxy;
let built: Record<'alpha' | 'alphaNext' | 'beta' | 'broken' | 'delta' | 'deltaNext' | 'epsilon', Distributions>;

const simple = (base: string, index: 'testpypi' | 'pypi') => `${base}/${index}/simple/`;
const wheelOf = (files: Distributions) => files.find(file => file.endsWith('.whl'))!;

type Logged = {command: string; lines: string[]};
const logged: Logged[] = [];

/** `exec` as the engine's runner, with `extra` in every child's environment and its output kept. */
function runner(extra: Record<string, string | undefined> = {}): CommandRunner {
	return async (command, args, options) => {
		const entry: Logged = {command: [path.basename(command), ...args].join(' '), lines: []};
		logged.push(entry);
		return exec(command, args, {cwd: options.cwd, env: {...extra, ...options.env}, allowFailure: options.allowFailure, onLine: line => entry.lines.push(line)});
	};
}

async function upload(base: string, files: Distributions): Promise<void> {
	const result = await twineUpload(`${base}/testpypi/legacy/`, files);
	expect(result.exitCode, result.all).toBe(0);
}

async function check(options: Partial<InstallCheckOptions> & Pick<InstallCheckOptions, 'name' | 'version'>, base = sandbox.url): Promise<InstallCheckResult> {
	return installCheck({
		python,
		folder: path.join(await temporaryFolder('install-check-'), options.name),
		testSimple: simple(base, 'testpypi'),
		productionSimple: simple(base, 'pypi'),
		smoke: undefined,
		run: runner(),
		...options,
	});
}

beforeAll(async () => {
	requirePythonModules(['build', 'twine', 'venv', 'ensurepip', 'hatchling'], 'python3-build twine python3-venv python3-hatchling');
	sandbox = await startSandbox({tokens: [uploadToken]});
	proxy = await startStaleProxy(sandbox.url);
	const [alpha, alphaNext, beta, broken, delta, deltaNext, epsilon] = await Promise.all([
		buildFixture({backend: 'hatchling', name: 'ic-alpha', version: '1.0.0'}),
		buildFixture({backend: 'hatchling', name: 'ic-alpha', version: '1.1.0'}),
		buildFixture({backend: 'hatchling', name: 'ic-beta', version: '1.0.0', dependencies: ['ic-alpha==1.0.0']}),
		buildFixture({backend: 'hatchling', name: 'ic-broken', version: '1.0.0', dependencies: ['ic-nowhere==9.9.9']}),
		buildFixture({backend: 'hatchling', name: 'ic-delta', version: '1.0.0'}),
		buildFixture({backend: 'hatchling', name: 'ic-delta', version: '1.1.0'}),
		// A third-party dependency neither sandbox index has; Debian's interpreter has it installed.
		buildFixture({backend: 'hatchling', name: 'ic-epsilon', version: '1.0.0', dependencies: ['packaging>=20']}),
	]);
	built = {alpha, alphaNext, beta, broken, delta, deltaNext, epsilon};
	for (const files of [alpha, beta, broken, delta, epsilon]) {
		await upload(sandbox.url, files);
	}
});

afterAll(async () => {
	await proxy?.close();
	await sandbox?.close();
});

test('a package and its dependency install from the test index alone; the user config and PIP_* indexes are set aside; nothing is written outside the folder', async () => {
	const home = await temporaryFolder('install-check-home-');
	await writeTree(home, {'.config/pip/pip.conf': '[global]\nextra-index-url = http://127.0.0.1:9/simple/\nfind-links = /nowhere\nuser = true\n'});
	// What a user's machine may hold: other indexes and flags in pip.conf and PIP_*, and a trusted host (kept: it makes pip cache http pages).
	const user = {HOME: home, PIP_EXTRA_INDEX_URL: 'http://127.0.0.1:9/other/', PIP_TRUSTED_HOST: '127.0.0.1', XDG_CACHE_HOME: undefined, XDG_CONFIG_HOME: undefined};
	const folder = path.join(await temporaryFolder('install-check-'), 'ic-beta');
	const result = await check({name: 'ic-beta', version: '1.0.0', folder, wheel: wheelOf(built.beta), run: runner(user), environment: {...process.env, ...user}});

	expect(result).toMatchObject({status: 'passed', installedVersion: '1.0.0', smoke: [{command: "python -c 'import ic_beta'", exitCode: 0}]});
	expect(result.pipCommand).toBe(`pip install --no-input --disable-pip-version-check --index-url ${simple(sandbox.url, 'testpypi')} --extra-index-url ${simple(sandbox.url, 'pypi')} ic-beta==1.0.0`);
	const pipRun = logged.findLast(entry => / -m pip .*\binstall\b/.test(entry.command))!;
	expect(pipRun.lines).toContain(`Looking in indexes: ${simple(sandbox.url, 'testpypi')}, ${simple(sandbox.url, 'pypi')}`);
	expect(pipRun.lines.join('\n')).toMatch(/Successfully installed ic-alpha-1\.0\.0 ic-beta-1\.0\.0/);
	// pip's default cache (~/.cache/pip) and user installs (~/.local) are what a user would find there.
	expect((await readdir(home)).filter(entry => /^\.(cache|local)$/.test(entry))).toEqual([]);
	expect((await readdir(path.join(folder, 'pip-cache'))).length).toBeGreaterThan(0);
	expect((await readdir(folder)).sort()).toEqual(['pip-cache', 'smoke', 'venv']);
});

test('without a wheel, the modules to import come from what pip installed, asked with the installed version in one start-up', async () => {
	const before = logged.length;
	const result = await check({name: 'IC_Alpha', version: '1.0'});
	expect(result).toMatchObject({status: 'passed', installedVersion: '1.0.0', smoke: [{command: "python -c 'import ic_alpha'", exitCode: 0}]});
	const probes = logged.slice(before).filter(entry => entry.command.startsWith('python -c import importlib.metadata'));
	expect(probes).toHaveLength(1);
});

test('smoke commands run with the environment first on PATH; a failing one comes back with its output tail', async () => {
	const folder = path.join(await temporaryFolder('install-check-'), 'ic-alpha');
	const result = await check({
		name: 'ic-alpha',
		version: '1.0.0',
		folder,
		smoke: ['python -c "import sys; print(sys.prefix)"', 'python -c "import ic_alpha; raise SystemExit(\'ic_alpha is broken\')"'],
	});
	expect(result.status).toBe('smoke-failed');
	if (result.status !== 'smoke-failed') {
		return;
	}

	expect(result.smoke[0]).toMatchObject({exitCode: 0, tail: [path.join(folder, 'venv')]});
	expect(result.failed).toEqual([expect.objectContaining({command: 'python -c "import ic_alpha; raise SystemExit(\'ic_alpha is broken\')"', exitCode: 1, tail: ['ic_alpha is broken']})]);
});

test('a version the index does not list yet (held back by propagation): diagnosed as not visible, with a wait as the fix', async () => {
	const slow = await startSandbox({tokens: [uploadToken], delaySeconds: 600});
	try {
		await upload(slow.url, built.alpha);
		expect((await projectFiles(simple(slow.url, 'testpypi'), 'ic-alpha')).found).toBe(false);
		const result = await check({name: 'ic-alpha', version: '1.0.0'}, slow.url);
		expect(result).toMatchObject({
			status: 'install-failed',
			exitCode: 1,
			diagnosis: {kind: 'not-visible', index: simple(slow.url, 'testpypi'), requirement: {name: 'ic-alpha', specifier: '==1.0.0', seenVersions: []}, fixes: [{id: 'wait-and-retry'}]},
		});
	} finally {
		await slow.close();
	}
});

test('a pinned dependency that exists nowhere: a resolution failure showing pip’s lines, no cache blamed', async () => {
	const result = await check({name: 'ic-broken', version: '1.0.0', wheel: wheelOf(built.broken)});
	expect(result).toMatchObject({
		status: 'install-failed',
		diagnosis: {kind: 'resolution-failure', requirement: {name: 'ic-nowhere', specifier: '==9.9.9', requiredBy: 'ic-broken'}, fixes: []},
	});
	if (result.status === 'install-failed' && result.diagnosis.kind === 'resolution-failure') {
		expect(result.diagnosis.pipLines).toContain('ERROR: No matching distribution found for ic-nowhere==9.9.9');
		expect(result.diagnosis.message).toContain('ic-nowhere==9.9.9 (required by ic-broken)');
	}
});

test('offline, a third-party dependency comes from the interpreter’s packages only with system-site-packages', async () => {
	requirePythonModules(['packaging'], 'python3-packaging');
	const isolated = await check({name: 'ic-epsilon', version: '1.0.0'});
	expect(isolated).toMatchObject({status: 'install-failed', diagnosis: {kind: 'resolution-failure', requirement: {name: 'packaging', requiredBy: 'ic-epsilon'}}});

	const seeing = await check({name: 'ic-epsilon', version: '1.0.0', systemSitePackages: true, smoke: ['python -c "import ic_epsilon, packaging; print(packaging.__file__)"']});
	expect(seeing).toMatchObject({status: 'passed', installedVersion: '1.0.0', smoke: [{exitCode: 0, tail: [expect.not.stringContaining('/venv/')]}]});
});

test('an index that does not answer: diagnosed as unreachable, not as a stale cache or a bad pin', async () => {
	const gone = await startSandbox();
	await gone.close();
	// PIP_RETRIES is a network setting the check keeps: no five retries with backoff in a test.
	const quick = {PIP_RETRIES: '0', PIP_TIMEOUT: '5'};
	const result = await check({name: 'ic-alpha', version: '1.0.0', run: runner(quick), environment: {...process.env, ...quick}}, gone.url);
	expect(result).toMatchObject({status: 'install-failed', diagnosis: {kind: 'index-unreachable', index: simple(gone.url, 'testpypi'), fixes: [{id: 'wait-and-retry'}]}});
});

test('a CDN edge still serving the old simple page: a stale cache, the fixes offered as data; --no-cache-dir cannot help, the page expiring does', async () => {
	const first = await check({name: 'ic-alpha', version: '1.0.0'}, proxy.url);
	expect(first.status).toBe('passed');
	await upload(sandbox.url, built.alphaNext);

	const stale = await check({name: 'ic-alpha', version: '1.1.0', installers: {uv: true, poetry: true}}, proxy.url);
	expect(stale).toMatchObject({
		status: 'install-failed',
		diagnosis: {
			kind: 'stale-cache',
			installer: 'pip',
			listedOn: simple(proxy.url, 'testpypi'),
			listedFiles: expect.arrayContaining(['ic_alpha-1.1.0-py3-none-any.whl']),
			requirement: {requirement: 'ic-alpha==1.1.0', seenVersions: ['1.0.0']},
		},
	});
	if (stale.status !== 'install-failed' || stale.diagnosis.kind !== 'stale-cache') {
		return;
	}

	expect(stale.diagnosis.fixes.map(fix => [fix.id, fix.command])).toEqual([
		['retry-no-cache-dir', 'pip install --no-cache-dir'],
		['wait-and-retry', undefined],
		['uv-refresh-package', "uv pip install --refresh-package ic-alpha 'ic-alpha==1.1.0'"],
		['uv-cache-clean', 'uv cache clean ic-alpha'],
		['poetry-cache-clear', 'poetry cache clear --all pypi'],
	]);

	const withoutCache = await check({name: 'ic-alpha', version: '1.1.0', retry: 'no-cache-dir'}, proxy.url);
	expect(withoutCache).toMatchObject({status: 'install-failed', diagnosis: {kind: 'stale-cache', cache: expect.stringContaining('pip ran without its own cache')}});
	expect(withoutCache.pipCommand).toContain('--no-cache-dir ic-alpha==1.1.0');

	proxy.expire();
	expect(await check({name: 'ic-alpha', version: '1.1.0'}, proxy.url)).toMatchObject({status: 'passed', installedVersion: '1.1.0'});
});

test('pip’s own HTTP cache does not go stale: it revalidates simple pages, so a shared cache sees the new version at once', async () => {
	const cache = await temporaryFolder('install-check-shared-cache-');
	const trusted = {PIP_TRUSTED_HOST: '127.0.0.1'};
	const options = {name: 'ic-delta', pipCacheDir: cache, run: runner(trusted), environment: {...process.env, ...trusted}};
	expect(await check({...options, version: '1.0.0'})).toMatchObject({status: 'passed'});
	expect(await readdir(cache)).toContain('http');

	await upload(sandbox.url, built.deltaNext);
	expect(await check({...options, version: '1.1.0'})).toMatchObject({status: 'passed', installedVersion: '1.1.0'});
});

test('the network settings of the user’s pip configuration reach pip; its indexes and other flags do not', async () => {
	const config = path.join(await temporaryFolder('install-check-config-'), 'pip.conf');
	await writeFile(config, '[global]\nextra-index-url = http://127.0.0.1:9/simple/\nfind-links = /nowhere\ncert = /etc/ssl/certs/ca-certificates.crt\ntimeout = 7\n\n[install]\ntimeout = 9\nuser = true\n');
	const user = {PIP_CONFIG_FILE: config, PIP_FIND_LINKS: '/opt/wheels', PIP_PROXY: 'http://proxy.example:3128'};
	const overrides = await pipEnvironment(python, await temporaryFolder(), runner(user), {PATH: process.env['PATH'], ...user});
	expect(overrides).toEqual({PIP_CONFIG_FILE: '/dev/null', PIP_FIND_LINKS: undefined, PIP_CERT: '/etc/ssl/certs/ca-certificates.crt', PIP_TIMEOUT: '9'});
});

test('a fresh environment with its own pip, or without one for a pip run from outside', async () => {
	const folder = await temporaryFolder('install-check-venv-');
	const [withPip, withoutPip] = await Promise.all([
		createVenv({python, folder: path.join(folder, 'with')}, runner()),
		createVenv({python, folder: path.join(folder, 'without'), withPip: false}, runner()),
	]);
	expect(withPip.python).toBe(path.join(folder, 'with', 'bin', 'python'));
	const probe = 'import importlib.util; print(importlib.util.find_spec("pip") is not None)';
	expect((await exec(withPip.python, ['-I', '-c', probe], {cwd: folder})).stdout.trim()).toBe('True');
	expect((await exec(withoutPip.python, ['-I', '-c', probe], {cwd: folder})).stdout.trim()).toBe('False');
});

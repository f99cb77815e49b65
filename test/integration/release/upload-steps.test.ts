import {execFile, execFileSync} from 'node:child_process';
import {promisify} from 'node:util';
import {cp, readdir, rm} from 'node:fs/promises';
import path from 'node:path';
import {afterEach, describe, expect, test} from 'vitest';
import type {ResolvedTarget, ResolvedTargets} from '../../../source/core/release/context.js';
import {createCiAnswerer, personAnswerer, type Answerer} from '../../../source/core/release/questions.js';
import {beginRelease, openRepository} from '../../../source/core/release/session.js';
import type {IndexRole, ReleaseEvent, ReleaseRecord} from '../../../source/core/release/types.js';
import {memoryReleaseStore, type ReleaseStore} from '../../../source/core/state/release-store.js';
import {startSandbox, type Sandbox} from '../../../source/sandbox/server.js';
import type {UploadLogEntry} from '../../../source/sandbox/upload-log.js';
import {temporaryFolder, type FileTree} from '../../helpers/temp.js';
import {python, requirePythonModules} from '../../helpers/tools.js';
import {gitRepository, type TestRepository} from './git-repository.js';

const token = 'pypi-upload-steps-test-token';

/** Two flit packages in two layers: uplapp pins uplcore (one-word names: flit_core 3.8 writes dashed sdist names PyPI refuses). */
function twoLayers(): FileTree {
	const project = (name: string, dependencies: string[]) => `[build-system]
requires = ["flit_core >=3.2,<4"]
build-backend = "flit_core.buildapi"

[project]
name = "${name}"
version = "0.1.0"
description = "The ${name} package."
readme = "README.md"
authors = [{name = "Upload Tester", email = "tester@example.com"}]
dependencies = [${dependencies.map(dependency => `"${dependency}"`).join(', ')}]
`;
	return {
		'core/pyproject.toml': project('uplcore', []),
		'core/README.md': '# uplcore\n\nThe core.\n',
		'core/uplcore/__init__.py': '"""The core."""\n',
		'app/pyproject.toml': project('uplapp', ['uplcore==0.1.0']),
		'app/README.md': '# uplapp\n\nThe app.\n',
		'app/uplapp/__init__.py': '"""The app."""\n',
	};
}

function sandboxTargets(sandbox: Sandbox, uploadToken = token): ResolvedTargets {
	const target = (role: IndexRole, index: string): ResolvedTarget => ({
		role,
		name: `sandbox-${index}`,
		uploadUrl: `${sandbox.url}/${index}/legacy/`,
		simpleBase: `${sandbox.url}/${index}/simple/`,
		jsonBase: `${sandbox.url}/${index}/pypi/`,
		display: `sandbox ${index}`,
		token: async () => uploadToken,
	});
	return {test: target('test', 'testpypi'), production: target('production', 'pypi')};
}

type Run = {exitCode: number; record: ReleaseRecord; events: ReleaseEvent[]; printed: string};

type RunOptions = {
	readonly targets: ResolvedTargets;
	readonly store: ReleaseStore;
	readonly bump?: readonly string[];
	readonly answerer?: Answerer;
	readonly stopAfter?: 'test';
	readonly waitTimeoutMs?: number;
	readonly skip?: readonly string[];
};

async function release(repository: TestRepository, options: RunOptions): Promise<Run> {
	const signal = new AbortController().signal;
	const session = await openRepository({root: repository.root, python, store: options.store, signal});
	const printed: string[] = [];
	const {engine} = await beginRelease(session, {
		bump: options.bump ?? ['minor'],
		restart: false,
		dryRun: false,
		skip: options.skip ?? [],
		jobs: 2,
		noIsolation: true,
		allowFiles: [],
		answerer: options.answerer ?? createCiAnswerer(line => printed.push(line)),
		targets: options.targets,
		stopAfter: options.stopAfter,
		waitTimeoutMs: options.waitTimeoutMs ?? 60_000,
	});
	const events: ReleaseEvent[] = [];
	engine.subscribe(event => events.push(event));
	const outcome = await engine.run();
	return {exitCode: outcome.exitCode, record: engine.record(), events, printed: printed.join('')};
}

async function uploadLog(sandbox: Sandbox): Promise<UploadLogEntry[]> {
	// A --flaky sandbox answers its log 503 too, now and then.
	for (;;) {
		const response = await fetch(`${sandbox.url}/_sandbox/uploads`);
		if (response.status !== 503) {
			return ((await response.json()) as {uploads: UploadLogEntry[]}).uploads;
		}
	}
}

/** How many times each file was accepted (200) by `index`. */
function acceptedCounts(log: readonly UploadLogEntry[], index: string): Record<string, number> {
	const counts: Record<string, number> = {};
	for (const entry of log.filter(candidate => candidate.index === index && candidate.status === 200)) {
		counts[entry.filename!] = (counts[entry.filename!] ?? 0) + 1;
	}

	return counts;
}

const files = ['uplapp-0.2.0-py2.py3-none-any.whl', 'uplapp-0.2.0.tar.gz', 'uplcore-0.2.0-py2.py3-none-any.whl', 'uplcore-0.2.0.tar.gz'];
const once = Object.fromEntries(files.map(file => [file, 1]));

function uploadStates(record: ReleaseRecord, role: IndexRole): Record<string, string> {
	return Object.fromEntries(Object.values(record.packages).flatMap(entry => Object.entries(entry.uploads[role])).sort(([a], [b]) => a.localeCompare(b)));
}

let sandbox: Sandbox | undefined;
afterEach(async () => {
	await sandbox?.close();
	sandbox = undefined;
});

async function setup(options: Parameters<typeof startSandbox>[0] = {}) {
	requirePythonModules(['build', 'twine', 'flit_core'], 'python3-build twine python3-flit-core');
	sandbox = await startSandbox(options);
	const repository = await gitRepository(twoLayers());
	const store = memoryReleaseStore(await temporaryFolder('upload-releases-'));
	return {sandbox, repository, store};
}

describe('the upload steps against the sandbox', () => {
	test('two layers to test then production: batch 2 is sent only once batch 1 is visible; each file once; the --ci confirm is printed', async () => {
		const {sandbox, repository, store} = await setup({delaySeconds: 2});
		const run = await release(repository, {targets: sandboxTargets(sandbox), store});
		expect(run.record.failure).toBeUndefined();
		expect(run.exitCode).toBe(0);
		expect(run.printed).toContain('answer: Upload 0.2.0 to sandbox pypi? Files on sandbox pypi can never be replaced. -> yes (--ci: wizard --ci publishes unless --stop-after test)');
		expect(run.record.steps['upload-test']).toMatchObject({title: 'Upload to sandbox testpypi', status: 'done'});
		expect(run.record.steps['upload-production']).toMatchObject({title: 'Upload to sandbox pypi', status: 'done'});
		expect(Object.values(uploadStates(run.record, 'test'))).toEqual(['visible', 'visible', 'visible', 'visible']);
		expect(Object.values(uploadStates(run.record, 'production'))).toEqual(['visible', 'visible', 'visible', 'visible']);

		const log = await uploadLog(sandbox);
		expect(acceptedCounts(log, 'testpypi')).toEqual(once);
		expect(acceptedCounts(log, 'pypi')).toEqual(once);
		for (const index of ['testpypi', 'pypi']) {
			const times = (prefix: string) => log.filter(entry => entry.index === index && entry.filename!.startsWith(prefix)).map(entry => Date.parse(entry.time));
			// A file is visible 2 s after its upload (sandbox delay): batch 2 starts after that.
			expect(Math.min(...times('uplapp'))).toBeGreaterThanOrEqual(Math.max(...times('uplcore')) + 2000);
		}

		const waits = run.events.filter(event => event.type === 'wait-finished');
		expect(waits.map(event => event.type === 'wait-finished' && `${event.role} ${event.batch}`)).toEqual(['test 0', 'test 1', 'production 0', 'production 1']);
		const progress = run.events.filter(event => event.type === 'upload-progress' && event.phase === 'finished');
		expect(progress).toHaveLength(8);
		expect(progress[0]).toMatchObject({bytes: expect.any(Number), durationMs: expect.any(Number)});
	});

	test('the wait limit hit in --ci stops resumably; the resumed run goes to the wait and sends nothing twice', async () => {
		const {sandbox, repository, store} = await setup({delaySeconds: 4});
		const first = await release(repository, {targets: sandboxTargets(sandbox), store, waitTimeoutMs: 1000});
		expect(first.exitCode).toBe(1);
		expect(first.record.failure).toMatchObject({step: 'upload-test', hint: expect.stringContaining('Run the same command later: the wait resumes')});
		expect(first.record.failure!.message).toMatch(/file\(s\) of batch 1 are still not listed on sandbox testpypi/);
		expect(first.printed).toContain('-> Stop and resume later (--ci: a --ci run does not wait past wait.timeout)');
		expect(uploadStates(first.record, 'test')).toMatchObject({'uplcore-0.2.0-py2.py3-none-any.whl': 'uploaded', 'uplcore-0.2.0.tar.gz': 'uploaded', 'uplapp-0.2.0.tar.gz': 'pending'});

		const resumed = await release(repository, {targets: sandboxTargets(sandbox), store, bump: []});
		expect(resumed.record.failure).toBeUndefined();
		expect(resumed.exitCode).toBe(0);
		const sentAgain = resumed.events.filter(event => event.type === 'upload-progress' && event.role === 'test' && event.file.startsWith('uplcore'));
		expect(sentAgain).toEqual([]);
		const log = await uploadLog(sandbox);
		expect(acceptedCounts(log, 'testpypi')).toEqual(once);
		expect(acceptedCounts(log, 'pypi')).toEqual(once);
	});

	test('a file name on the index with other bytes: exit 1 with the .postN advice, nothing of that package sent', async () => {
		const {sandbox, repository, store} = await setup();
		// Another uplcore 0.2.0 wheel (other code, same name) is already on the test index.
		const other = await temporaryFolder('other-core-');
		await cp(path.join(repository.root, 'core'), other, {recursive: true});
		execFileSync('sed', ['-i', 's/0.1.0/0.2.0/', path.join(other, 'pyproject.toml')]);
		execFileSync('sh', ['-c', 'echo "CHANGED = True" >> uplcore/__init__.py'], {cwd: other});
		execFileSync(python, ['-m', 'build', '--wheel', '--no-isolation', '--outdir', 'dist', '.'], {cwd: other, stdio: 'pipe'});
		const wheel = (await readdir(path.join(other, 'dist')))[0]!;
		// Not execFileSync: the sandbox answers from this very process.
		await promisify(execFile)(python, ['-m', 'twine', 'upload', '--non-interactive', '--disable-progress-bar', '--repository-url', `${sandbox.url}/testpypi/legacy/`, path.join(other, 'dist', wheel)], {
			env: {...process.env, TWINE_USERNAME: '__token__', TWINE_PASSWORD: token},
		});
		await rm(other, {recursive: true});
		const before = await uploadLog(sandbox);

		const run = await release(repository, {targets: sandboxTargets(sandbox), store});
		expect(run.exitCode).toBe(1);
		expect(run.record.failure?.message).toContain('sandbox testpypi already has a file named uplcore-0.2.0-py2.py3-none-any.whl with other contents');
		expect(run.record.failure?.hint).toContain('A file name can never be reused');
		expect(run.record.failure?.hint).toContain('.post1');
		expect(run.record.failure?.hint).toContain('wizard --restart --bump post');
		expect((await uploadLog(sandbox)).slice(before.length)).toEqual([]);
	});

	test('a wrong token: exit 3 naming the repository and the token fix, nothing uploaded', async () => {
		const {sandbox, repository, store} = await setup({tokens: [token]});
		const run = await release(repository, {targets: sandboxTargets(sandbox, 'pypi-not-the-right-one'), store});
		expect(run.exitCode).toBe(3);
		expect(run.record.failure?.message).toContain('sandbox-testpypi');
		expect(run.record.failure?.message).toContain('refused the token (403)');
		expect(run.record.failure?.hint).toContain('wizard token set sandbox-testpypi');
		const log = await uploadLog(sandbox);
		expect(log.length).toBeGreaterThan(0);
		expect(log.filter(entry => entry.status !== 403)).toEqual([]);
	});

	test('a sandbox answering 503 to 30 % of requests: the release completes, nothing uploaded twice', async () => {
		const {sandbox, repository, store} = await setup({flakyRate: 0.3});
		const run = await release(repository, {targets: sandboxTargets(sandbox), store});
		expect(run.record.failure).toBeUndefined();
		expect(run.exitCode).toBe(0);
		const log = await uploadLog(sandbox);
		expect(log.some(entry => entry.status === 503)).toBe(true);
		expect(acceptedCounts(log, 'testpypi')).toEqual(once);
		expect(acceptedCounts(log, 'pypi')).toEqual(once);
	});

	test('a first-ever publish: the production confirm defaults to no; answered so, the production upload is skipped "not confirmed"', async () => {
		const {sandbox, repository, store} = await setup();
		const asked: string[] = [];
		const answerer = personAnswerer(async question => {
			asked.push(`${question.id}: ${question.detail?.join(' | ') ?? ''}`);
			return question.kind === 'confirm' ? (question.default ? 'yes' : 'no') : '';
		});
		const run = await release(repository, {targets: sandboxTargets(sandbox), store, answerer});
		expect(run.exitCode).toBe(0);
		expect(asked.map(entry => entry.split(':')[0])).toEqual(['confirm-version-commit', 'confirm-production-upload']);
		expect(asked[1]).toContain('uplcore is new on sandbox pypi: this is its first-ever publish');
		expect(asked[1]).toContain(`index: ${sandbox.url}/pypi/legacy/`);
		expect(run.record.steps['upload-test']?.status).toBe('done');
		expect(run.record.steps['upload-production']).toMatchObject({status: 'skipped', message: 'not confirmed'});
		expect(run.record.steps['tag']).toMatchObject({status: 'skipped', message: expect.stringContaining('not confirmed')});
		expect(acceptedCounts(await uploadLog(sandbox), 'pypi')).toEqual({});
	});

	test('--stop-after test: the production upload is skipped with the reason, and no confirm is asked', async () => {
		const {sandbox, repository, store} = await setup();
		const run = await release(repository, {targets: sandboxTargets(sandbox), store, stopAfter: 'test'});
		expect(run.exitCode).toBe(0);
		// The one question is the version commit's: no production confirm.
		expect(run.printed).toBe('  answer: Write these changes (2 files) and commit them as "Release 0.2.0"? -> yes (--ci: wizard --ci commits the version change it computed)\n');
		expect(run.record.steps['upload-production']).toMatchObject({status: 'skipped', message: 'given --stop-after test'});
		expect(acceptedCounts(await uploadLog(sandbox), 'testpypi')).toEqual(once);
	});
});

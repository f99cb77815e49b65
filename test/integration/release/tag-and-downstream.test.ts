import {chmod, readFile, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {afterAll, describe, expect, test, vi} from 'vitest';
import type {ResolvedTarget, ResolvedTargets} from '../../../source/core/release/context.js';
import {createCiAnswerer} from '../../../source/core/release/questions.js';
import {beginRelease, openRepository, type ReleaseChoices} from '../../../source/core/release/session.js';
import type {ReleaseEvent, ReleaseRecord} from '../../../source/core/release/types.js';
import {memoryReleaseStore, openReleaseStore, type ReleaseStore} from '../../../source/core/state/release-store.js';
import {createPlainReporter} from '../../../source/ui/plain/reporter.js';
import {startSandbox, type Sandbox} from '../../../source/sandbox/server.js';
import {runCli} from '../../helpers/cli.js';
import {temporaryFolder, writeTree, type FileTree} from '../../helpers/temp.js';
import {python, requirePythonModules} from '../../helpers/tools.js';
import {git, gitRepository, type TestRepository} from './git-repository.js';

// A hatchling package released 0.3.1 -> 0.4.0 to a sandbox index of its own (the dry run names
// PyPI's URLs and contacts nothing), and a server repository beside it that pins the package,
// keeps a version constant and has a lock script.

const lockScript = '#!/bin/sh\nset -e\ngrep -i hatch requirements.in > requirements.lock\necho locked\n';

function serverFiles(): FileTree {
	return {
		'requirements.in': '# bindings\nhatch-demo==0.3.1\nrequests\n',
		'version.py': 'PROVISION_VERSION = (325, 3)\n',
		'tools/lock': lockScript,
	};
}

async function serverRepository(files: FileTree = serverFiles()): Promise<string> {
	const root = path.join(await temporaryFolder('wizard-server-'), 'server');
	await writeTree(root, files);
	await chmod(path.join(root, 'tools/lock'), 0o755);
	git(root, 'init', '--quiet', '--initial-branch=main');
	git(root, 'config', 'user.name', 'Server Maintainer');
	git(root, 'config', 'user.email', 'maintainer@example.com');
	git(root, 'add', '--all');
	git(root, 'commit', '--quiet', '-m', 'Initial commit');
	return root;
}

function downstreamTable(server: string, lock = 'tools/lock'): string {
	return ['', '[[tool.pypi-wizard.downstream]]', `path = ${JSON.stringify(server)}`, 'pins = ["requirements.in"]', 'bump = {file = "version.py", name = "PROVISION_VERSION", part = "minor"}', `lock = ${JSON.stringify(lock)}`, ''].join('\n');
}

function hatchPackage(config = ''): FileTree {
	return {
		'pyproject.toml': [
			'[build-system]',
			'requires = ["hatchling"]',
			'build-backend = "hatchling.build"',
			'',
			'[project]',
			'name = "Hatch_Demo"',
			'dynamic = ["version"]',
			'description = "A hatchling package."',
			'readme = "README.md"',
			'',
			'[tool.hatch.version]',
			'path = "src/hatch_demo/__about__.py"',
			config,
		].join('\n'),
		'README.md': '# Hatch demo\n\nA package.\n',
		'src/hatch_demo/__init__.py': '',
		'src/hatch_demo/__about__.py': '__version__ = "0.3.1"\n',
	};
}

const target = (role: 'test' | 'production', host: string, display: string): ResolvedTarget => ({
	role,
	name: role === 'test' ? 'testpypi' : 'pypi',
	uploadUrl: `https://upload.${host}/legacy/`.replace('upload.test.', 'test.'),
	simpleBase: `https://${host}/simple/`,
	jsonBase: `https://${host}/pypi/`,
	display,
	token: async () => {
		throw new Error('a dry run asks for no token');
	},
});

const pypiTargets: ResolvedTargets = {test: target('test', 'test.pypi.org', 'TestPyPI'), production: target('production', 'pypi.org', 'PyPI')};

const sandboxToken = 'pypi-tag-and-downstream-tests';
const sandboxes = new Map<string, Sandbox>();
afterAll(async () => {
	await Promise.all([...sandboxes.values()].map(async sandbox => sandbox.close()));
});

/** One sandbox per repository, so a resumed release finds its files where it left them. */
async function sandboxTargets(root: string): Promise<{sandbox: Sandbox; targets: ResolvedTargets}> {
	let sandbox = sandboxes.get(root);
	if (sandbox === undefined) {
		sandbox = await startSandbox({tokens: [sandboxToken]});
		sandboxes.set(root, sandbox);
	}

	const url = sandbox.url;
	const onSandbox = (role: 'test' | 'production', index: string): ResolvedTarget => ({
		role,
		name: `sandbox ${index}`,
		uploadUrl: `${url}/${index}/legacy/`,
		simpleBase: `${url}/${index}/simple/`,
		jsonBase: `${url}/${index}/pypi/`,
		display: `sandbox ${index}`,
		token: async () => sandboxToken,
	});
	return {sandbox, targets: {test: onSandbox('test', 'testpypi'), production: onSandbox('production', 'pypi')}};
}

const signal = new AbortController().signal;

type Run = {readonly exitCode: number; readonly record: ReleaseRecord; readonly events: ReleaseEvent[]; readonly stdout: string; readonly stderr: string};

/**
 * The real session and engine on `repository`, uploading to its sandbox (the install check is
 * skipped: its own tests cover it). `unfinishedProduction` marks the production files as still
 * uploading once that step is done, as a run killed mid-upload would leave them.
 */
async function release(repository: TestRepository, store: ReleaseStore, choices: Partial<ReleaseChoices> & {unfinishedProduction?: boolean} = {}): Promise<Run> {
	const session = await openRepository({root: repository.root, python, store, signal});
	const {targets} = await sandboxTargets(repository.root);
	const started = await beginRelease(session, {
		bump: ['minor'],
		restart: false,
		dryRun: false,
		skip: ['install-check'],
		jobs: 1,
		noIsolation: true,
		allowFiles: [],
		answerer: createCiAnswerer(() => undefined),
		targets,
		...choices,
	});
	const events: ReleaseEvent[] = [];
	let stdout = '';
	let stderr = '';
	started.engine.subscribe(createPlainReporter({write: (text: string) => (stdout += text)}, {write: (text: string) => (stderr += text)}, {resumeCommand: `wizard --ci ${repository.root}`}));
	started.engine.subscribe((event, record) => {
		events.push(event);
		if (choices.unfinishedProduction === true && event.type === 'step-finished' && event.step === 'upload-production') {
			for (const built of Object.values(record.packages)) {
				for (const file of built.files) {
					started.engine.dispatch({type: 'file-upload-started', name: built.normalizedName, role: 'production', file: file.name});
				}
			}
		}
	});
	const outcome = await started.engine.run();
	return {exitCode: outcome.exitCode, record: started.engine.record(), events, stdout, stderr};
}

const remoteRefs = (remote: string) => git(remote, 'for-each-ref', '--format=%(refname) %(objectname)').trim();
const branches = (root: string) => git(root, 'branch', '--format=%(refname:short)').split('\n').filter(Boolean);

describe('tag and push', () => {
	test('the tag is made on the commit the files were built from and pushed with the branch to the bare remote', async () => {
		requirePythonModules(['build', 'twine', 'hatchling'], 'python3-build twine python3-hatchling');
		const repository = await gitRepository(hatchPackage());
		const run = await release(repository, memoryReleaseStore(await temporaryFolder('releases-')));
		expect(run.stderr).toBe('');
		expect(run.exitCode).toBe(0);
		const builtFrom = run.record.packages['hatch-demo']!.builtFrom!;
		expect(builtFrom).toBe(git(repository.root, 'rev-parse', 'HEAD').trim());
		expect(git(repository.root, 'cat-file', '-t', 'v0.4.0').trim()).toBe('tag');
		expect(git(repository.root, 'rev-parse', 'v0.4.0^{commit}').trim()).toBe(builtFrom);
		expect(git(repository.remote!, 'rev-parse', 'v0.4.0^{commit}').trim()).toBe(builtFrom);
		expect(git(repository.remote!, 'rev-parse', 'main').trim()).toBe(builtFrom);
		expect(run.record.tag).toEqual({name: 'v0.4.0', commit: builtFrom, created: true, pushed: true});
		expect(run.stdout).toContain(`Tag: v0.4.0 on ${builtFrom.slice(0, 12)}, pushed`);
		const {url} = sandboxes.get(repository.root)!;
		expect(run.stdout).toContain(`    production (sandbox pypi): ${url}/pypi/pypi/hatch-demo/0.4.0/json  simple: ${url}/pypi/simple/hatch-demo/`);
		expect(run.stdout).toContain('    hatch_demo-0.4.0.tar.gz  test visible, production visible');
		expect(run.stdout).toMatch(/Time per step:\n {2}Preflight: interpreter, git tree, upstream +\d/);
		expect(run.stdout).toContain('downstream: no [[downstream]] repository is configured in pyproject.toml');
	});

	test('a push that failed after the tag was made is resumed: pushed, never tagged again', async () => {
		requirePythonModules(['build', 'twine', 'hatchling'], 'python3-build twine python3-hatchling');
		const repository = await gitRepository(hatchPackage());
		const store = memoryReleaseStore(await temporaryFolder('releases-'));
		git(repository.root, 'remote', 'set-url', '--push', 'origin', path.join(repository.remote!, 'missing.git'));
		const failed = await release(repository, store);
		expect(failed.exitCode).toBe(1);
		expect(failed.record.failure?.step).toBe('tag');
		expect(failed.stderr).toContain('Pushing main and the tag v0.4.0 to origin failed');
		expect(failed.record.tag).toMatchObject({name: 'v0.4.0', created: true, pushed: false});
		const tagObject = git(repository.root, 'rev-parse', 'v0.4.0').trim();
		expect(git(repository.remote!, 'tag', '--list').trim()).toBe('');

		git(repository.root, 'remote', 'set-url', '--delete', '--push', 'origin', '.*');
		const resumed = await release(repository, store, {bump: []});
		expect(resumed.stderr).toBe('');
		expect(resumed.exitCode).toBe(0);
		expect(resumed.events.filter(event => event.type === 'tag-created')).toEqual([]);
		expect(resumed.events.some(event => event.type === 'tag-pushed')).toBe(true);
		expect(git(repository.root, 'rev-parse', 'v0.4.0').trim()).toBe(tagObject);
		expect(git(repository.remote!, 'rev-parse', 'v0.4.0').trim()).toBe(tagObject);
		expect(resumed.record.tag?.pushed).toBe(true);
	});

	test('a tag of the release\'s name on another commit stops the release with exit 1, and nothing is pushed', async () => {
		requirePythonModules(['build', 'twine', 'hatchling'], 'python3-build twine python3-hatchling');
		const repository = await gitRepository(hatchPackage());
		const first = git(repository.root, 'rev-parse', 'HEAD').trim();
		git(repository.root, 'tag', '--annotate', '--message', 'old', 'v0.4.0', first);
		const before = remoteRefs(repository.remote!);
		const run = await release(repository, memoryReleaseStore(await temporaryFolder('releases-')));
		expect(run.exitCode).toBe(1);
		expect(run.record.failure?.step).toBe('tag');
		expect(run.stderr).toContain(`The tag v0.4.0 already exists in this repository on commit ${first.slice(0, 12)}, not on the release commit`);
		expect(git(repository.root, 'rev-parse', 'v0.4.0^{commit}').trim()).toBe(first);
		expect(remoteRefs(repository.remote!)).toBe(before);
	});

	test('without a git remote the tag is made and the push is skipped with a warning that says how to push', async () => {
		requirePythonModules(['build', 'twine', 'hatchling'], 'python3-build twine python3-hatchling');
		const repository = await gitRepository(hatchPackage(), {remote: false});
		const run = await release(repository, memoryReleaseStore(await temporaryFolder('releases-')));
		expect(run.stderr).toBe('');
		expect(run.exitCode).toBe(0);
		expect(git(repository.root, 'rev-parse', 'v0.4.0^{commit}').trim()).toBe(run.record.packages['hatch-demo']!.builtFrom);
		expect(run.record.tag?.pushed).toBe(false);
		expect(run.stdout).toContain('  warning: The tag v0.4.0 was created but not pushed: this repository has no git remote. Add one (git remote add origin URL), then push the branch and git push origin v0.4.0.');
		expect(run.stdout).toContain(', not pushed');
	});

	test('files not finished on production (a run stopped mid-upload): the tag step fails naming them, and no tag is made', async () => {
		requirePythonModules(['build', 'twine', 'hatchling'], 'python3-build twine python3-hatchling');
		const repository = await gitRepository(hatchPackage());
		const run = await release(repository, memoryReleaseStore(await temporaryFolder('releases-')), {unfinishedProduction: true});
		expect(run.exitCode).toBe(1);
		expect(run.stderr).toContain('Not tagging: 2 file(s) are not uploaded to sandbox pypi: hatch_demo-0.4.0-py2.py3-none-any.whl (uploading), hatch_demo-0.4.0.tar.gz (uploading).');
		expect(git(repository.root, 'tag', '--list').trim()).toBe('');
	});

	test('--stop-after test skips the tag and the downstream update with that reason', async () => {
		requirePythonModules(['build', 'twine', 'hatchling'], 'python3-build twine python3-hatchling');
		const server = await serverRepository();
		const repository = await gitRepository(hatchPackage(`\n[tool.pypi-wizard]\n${downstreamTable(server)}`));
		const run = await release(repository, memoryReleaseStore(await temporaryFolder('releases-')), {stopAfter: 'test'});
		expect(run.exitCode).toBe(0);
		expect(run.record.skips.filter(skip => ['tag', 'downstream'].includes(skip.step))).toEqual([
			{step: 'tag', reason: 'given --stop-after test'},
			{step: 'downstream', reason: 'given --stop-after test'},
		]);
		expect(git(repository.root, 'tag', '--list').trim()).toBe('');
		expect(branches(server)).toEqual(['main']);
	});
});

describe('downstream update', () => {
	test('a branch with rewritten pins, the bumped constant and the lock run; a resume makes no second branch or commit', async () => {
		requirePythonModules(['build', 'twine', 'hatchling'], 'python3-build twine python3-hatchling');
		const server = await serverRepository();
		// A second downstream whose lock fails the first time: the first one is committed by then.
		const flag = path.join(await temporaryFolder('wizard-flag-'), 'lock-allowed');
		const other = await serverRepository({...serverFiles(), 'tools/lock': `#!/bin/sh\ntest -f ${flag} || { echo "no lock allowed" >&2; exit 4; }\n`});
		const repository = await gitRepository(hatchPackage(`\n[tool.pypi-wizard]\n${downstreamTable(server)}${downstreamTable(other)}`));
		const store = memoryReleaseStore(await temporaryFolder('releases-'));
		const failed = await release(repository, store);
		expect(failed.exitCode).toBe(1);
		expect(failed.record.failure?.step).toBe('downstream');
		expect(failed.stderr).toContain(`The lock command of ${other} failed (exit code 4)`);
		expect(failed.record.downstream).toEqual([{path: server, branch: 'release/hatch-demo-0.4.0', commit: git(server, 'rev-parse', 'release/hatch-demo-0.4.0').trim(), status: 'committed'}]);
		expect(git(server, 'show', 'release/hatch-demo-0.4.0:requirements.in')).toBe('# bindings\nhatch-demo==0.4.0\nrequests\n');
		expect(git(server, 'show', 'release/hatch-demo-0.4.0:version.py')).toBe('PROVISION_VERSION = (325, 4)\n');
		expect(git(server, 'show', 'release/hatch-demo-0.4.0:requirements.lock')).toBe('hatch-demo==0.4.0\n');
		expect(failed.stdout).toContain('  edit requirements.in (+1 -1)');

		await writeFile(flag, '');
		const resumed = await release(repository, store, {bump: []});
		expect(resumed.stderr).toBe('');
		expect(resumed.exitCode).toBe(0);
		expect(resumed.record.downstream.map(entry => [entry.path, entry.status])).toEqual([
			[server, 'committed'],
			[other, 'committed'],
		]);
		for (const folder of [server, other]) {
			expect(branches(folder)).toEqual(['main', 'release/hatch-demo-0.4.0']);
			expect(git(folder, 'rev-list', '--count', 'main..release/hatch-demo-0.4.0').trim()).toBe('1');
			expect(git(folder, 'ls-remote', '--heads', '.').split('\n').filter(Boolean)).toHaveLength(2);
		}

		expect(resumed.events.filter(event => event.type === 'downstream-updated').map(event => (event as {path: string}).path)).toEqual([other]);
		expect(resumed.stdout).toContain(`Downstream branches (not pushed):\n  ${server}: release/hatch-demo-0.4.0 at`);
	});
});

describe('wizard status', () => {
	test('lists each file on each index with its pages, the tag and the downstream branches', async () => {
		requirePythonModules(['build', 'twine', 'hatchling'], 'python3-build twine python3-hatchling');
		const server = await serverRepository();
		const repository = await gitRepository(hatchPackage(`\n[tool.pypi-wizard]\n${downstreamTable(server)}`));
		vi.stubEnv('XDG_CONFIG_HOME', repository.configHome);
		try {
			const run = await release(repository, openReleaseStore(repository.root));
			expect(run.exitCode).toBe(0);
		} finally {
			vi.unstubAllEnvs();
		}

		const status = await runCli(['status', repository.root], {env: {XDG_CONFIG_HOME: repository.configHome}});
		expect(status.exitCode).toBe(0);
		const commit = git(repository.root, 'rev-parse', 'v0.4.0^{commit}').trim();
		expect(status.stdout).toContain('  status: ready: released');
		expect(status.stdout).toContain(
			'Uploads (test: sandbox testpypi, production: sandbox pypi):\n  hatch_demo-0.4.0-py2.py3-none-any.whl  test visible  production visible\n  hatch_demo-0.4.0.tar.gz  test visible  production visible\n',
		);
		const {url} = sandboxes.get(repository.root)!;
		expect(status.stdout).toContain(`  Hatch_Demo 0.4.0 on test: ${url}/testpypi/pypi/hatch-demo/0.4.0/json  simple: ${url}/testpypi/simple/hatch-demo/`);
		expect(status.stdout).toContain(`Tag: v0.4.0 on ${commit.slice(0, 12)}, pushed`);
		expect(status.stdout).toContain(`Downstream:\n  ${server}: release/hatch-demo-0.4.0 at ${git(server, 'rev-parse', 'release/hatch-demo-0.4.0').trim().slice(0, 12)}`);
	});
});

describe('--dry-run', () => {
	test('prints the uploads per index, the tag and its push, and the downstream diff, and changes nothing', async () => {
		requirePythonModules(['build', 'twine', 'hatchling'], 'python3-build twine python3-hatchling');
		const server = await serverRepository();
		const repository = await gitRepository(hatchPackage(`\n[tool.pypi-wizard]\n${downstreamTable(server)}`));
		const before = {
			status: git(repository.root, 'status', '--porcelain'),
			head: git(repository.root, 'rev-parse', 'HEAD'),
			tags: git(repository.root, 'tag', '--list'),
			remote: remoteRefs(repository.remote!),
			server: git(server, 'for-each-ref'),
			pins: await readFile(path.join(server, 'requirements.in'), 'utf8'),
		};
		const run = await release(repository, memoryReleaseStore(await temporaryFolder('releases-')), {dryRun: true, targets: pypiTargets});
		expect(run.stderr).toBe('');
		expect(run.exitCode).toBe(0);
		const head = before.head.trim().slice(0, 12);
		expect(run.stdout).toContain(
			[
				'Dry run finished: 1 package(s) would be released at 0.4.0. Nothing was written.',
				'Would upload (nothing was sent):',
				'  to test: TestPyPI (https://test.pypi.org/legacy/)',
				'    Hatch_Demo 0.4.0: hatch_demo-0.4.0.tar.gz, hatch_demo-0.4.0-*.whl',
				'  to production: PyPI (https://upload.pypi.org/legacy/)',
				'    Hatch_Demo 0.4.0: hatch_demo-0.4.0.tar.gz, hatch_demo-0.4.0-*.whl',
				`Tag and push: would tag v0.4.0 on the version commit made on top of ${head} and push main and v0.4.0 to origin (${repository.remote})`,
				`Downstream updates: ${server}: would commit on release/hatch-demo-0.4.0, run tools/lock (diff above), not push`,
			].join('\n'),
		);
		expect(run.stdout).toContain(`-hatch-demo==0.3.1\n+hatch-demo==0.4.0\n`);
		expect(run.stdout).toContain('-PROVISION_VERSION = (325, 3)\n+PROVISION_VERSION = (325, 4)\n');
		expect({
			status: git(repository.root, 'status', '--porcelain'),
			head: git(repository.root, 'rev-parse', 'HEAD'),
			tags: git(repository.root, 'tag', '--list'),
			remote: remoteRefs(repository.remote!),
			server: git(server, 'for-each-ref'),
			pins: await readFile(path.join(server, 'requirements.in'), 'utf8'),
		}).toEqual(before);
	});
});

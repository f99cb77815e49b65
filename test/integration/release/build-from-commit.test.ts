import {existsSync, readFileSync} from 'node:fs';
import {appendFile, readFile, writeFile} from 'node:fs/promises';
import path from 'node:path';
import process from 'node:process';
import {execa} from 'execa';
import {beforeAll, describe, expect, test} from 'vitest';
import {listArchive, readArchiveMember} from '../../../source/core/distribution/archive.js';
import type {ReleaseRecord} from '../../../source/core/release/types.js';
import {cliPath, runCli, type CliResult} from '../../helpers/cli.js';
import {temporaryFolder, type FileTree} from '../../helpers/temp.js';
import {python, requirePythonModules} from '../../helpers/tools.js';
import {git, gitRepository, type TestRepository} from './git-repository.js';
import {releasableSetupPyMonorepo} from './release-fixtures.js';
import {localRelease} from '../../helpers/local-release.js';

// While its toggle is on, zulip_bots' setup.py writes a marker and waits for a gate file: the
// test looks at the user's tree while the build is running.
const pausedBuild = `IS_PYPA_PACKAGE = False
import os, time
if IS_PYPA_PACKAGE and os.environ.get("WIZARD_TEST_MARKER"):
    with open(os.environ["WIZARD_TEST_MARKER"], "w") as marker:
        marker.write(os.getcwd())
    deadline = time.time() + 120
    while not os.path.exists(os.environ["WIZARD_TEST_GATE"]) and time.time() < deadline:
        time.sleep(0.05)
`;

function readIfThere(file: string): string {
	return existsSync(file) ? readFileSync(file, 'utf8') : '';
}

async function waitFor(condition: () => boolean, what: string): Promise<void> {
	const deadline = Date.now() + 60_000;
	while (!condition()) {
		if (Date.now() > deadline) {
			throw new Error(`Timed out waiting for ${what}`);
		}

		await new Promise(resolve => setTimeout(resolve, 50));
	}
}

async function savedRelease(repository: TestRepository): Promise<ReleaseRecord> {
	const result = await runCli(['status', '--json', repository.root], {env: {XDG_CONFIG_HOME: repository.configHome}});
	return (JSON.parse(result.stdout) as {release: ReleaseRecord}).release;
}

function worktrees(root: string): string[] {
	return git(root, 'worktree', 'list', '--porcelain')
		.split('\n')
		.filter(line => line.startsWith('worktree '))
		.map(line => line.slice('worktree '.length));
}

async function sdistMembers(release: ReleaseRecord, name: string): Promise<string[]> {
	const sdist = release.packages[name]!.files.find(file => file.name.endsWith('.tar.gz'))!;
	return (await listArchive(sdist.path, 'tar.gz')).map(member => member.name);
}

describe('wizard --ci --bump patch on a setuptools monorepo without a .gitignore, with tests and an ignored secret', () => {
	let repository: TestRepository;
	let before: string;
	let toggleBytesDuringBuild: Buffer;
	let toggleBytesCommitted: Buffer;
	let buildFolder: string;
	let worktreesDuringBuild: string[];
	let result: CliResult;

	beforeAll(async () => {
		requirePythonModules(['build', 'twine', 'setuptools', 'pytest'], 'python3-build twine python3-setuptools python3-pytest');
		const files = releasableSetupPyMonorepo('0.9.1');
		repository = await gitRepository(
			{
				...files,
				'zulip_bots/setup.py': files['zulip_bots/setup.py']!.replace('IS_PYPA_PACKAGE = False\n', pausedBuild),
				'zulip/MANIFEST.in': 'include *.txt\n',
				'tests/test_sanity.py': 'def test_sanity():\n    assert 1 + 1 == 2\n',
			},
			{gitignore: false},
		);
		// Ignored, so preflight's clean-tree check passes; zulip's MANIFEST.in would ship it from the working tree.
		await writeFile(path.join(repository.root, 'zulip/secret.txt'), 'AWS_SECRET_ACCESS_KEY=not-for-the-index\n');
		await appendFile(path.join(repository.root, '.git/info/exclude'), 'secret.txt\n');
		before = git(repository.root, 'status', '--porcelain', '--ignored');

		const signals = await temporaryFolder('wizard-signals-');
		const marker = path.join(signals, 'building');
		const gate = path.join(signals, 'go');
		const env = {XDG_CONFIG_HOME: repository.configHome, WIZARD_TEST_MARKER: marker, WIZARD_TEST_GATE: gate, NO_COLOR: '1', PYTHONDONTWRITEBYTECODE: undefined};
		const run = execa(process.execPath, [cliPath, '--ci', ...localRelease, '--bump', 'patch', '--no-isolation', '--jobs', '1', '--python', python, repository.root], {env, reject: false, stdin: 'ignore'});
		await waitFor(() => readIfThere(marker) !== '', 'the zulip_bots build to start');
		buildFolder = readIfThere(marker);
		toggleBytesDuringBuild = await readFile(path.join(repository.root, 'zulip_bots/setup.py'));
		toggleBytesCommitted = Buffer.from(git(repository.root, 'show', 'HEAD:zulip_bots/setup.py'));
		worktreesDuringBuild = worktrees(repository.root);
		await writeFile(gate, 'go');
		const finished = await run;
		result = {exitCode: finished.exitCode ?? -1, stdout: String(finished.stdout), stderr: String(finished.stderr)};
	});

	test('finishes, and git status --porcelain --ignored is exactly what it was before (no egg-info, no caches)', () => {
		expect(result.stderr).toBe('');
		expect(result.exitCode).toBe(0);
		expect(result.stdout).toContain('Ready: 3 package(s) at 0.9.2');
		expect(git(repository.root, 'log', '-1', '--format=%s').trim()).toBe('Release 0.9.2');
		expect(git(repository.root, 'status', '--porcelain', '--ignored')).toBe(before);
	});

	test('the toggle file in the user\'s tree holds the committed bytes during the build and after; the wheel was built with the toggle on', async () => {
		expect(git(repository.root, 'log', '-1', '--format=%s', '--', 'zulip_bots/setup.py').trim()).toBe('Release 0.9.2');
		expect(toggleBytesDuringBuild.equals(toggleBytesCommitted)).toBe(true);
		expect(String(toggleBytesDuringBuild)).toContain('IS_PYPA_PACKAGE = False');
		const after = await readFile(path.join(repository.root, 'zulip_bots/setup.py'), 'utf8');
		expect(after).toBe(git(repository.root, 'show', 'HEAD:zulip_bots/setup.py'));
		expect(after).toContain('IS_PYPA_PACKAGE = False');
		const wheel = (await savedRelease(repository)).packages['zulip-bots']!.files.find(file => file.name.endsWith('.whl'))!;
		expect(await readArchiveMember(wheel.path, 'zip', 'zulip_bots/fixtures/greeting.json')).toBeDefined();
	});

	test('the ignored secret.txt in the zulip folder is not in zulip\'s sdist', async () => {
		const members = await sdistMembers(await savedRelease(repository), 'zulip');
		expect(members).toContain('zulip-0.9.2/MANIFEST.in');
		expect(members.filter(member => member.includes('secret'))).toEqual([]);
	});

	test('the build ran in a checkout of the release commit inside the release folder, removed afterwards', async () => {
		const release = await savedRelease(repository);
		expect(worktreesDuringBuild).toHaveLength(2);
		expect(worktreesDuringBuild[1]!.startsWith(release.folder)).toBe(true);
		expect(buildFolder).toBe(path.join(worktreesDuringBuild[1]!, 'zulip_bots'));
		expect(worktrees(repository.root)).toEqual([worktreesDuringBuild[0]]);
		expect(existsSync(worktreesDuringBuild[1]!)).toBe(false);
		const head = git(repository.root, 'rev-parse', 'HEAD').trim();
		expect(Object.values(release.packages).map(entry => entry.builtFrom)).toEqual([head, head, head]);
	});
});

function leakyPackage(version: string, settings: string): FileTree {
	return {
		'setup.py': `from setuptools import setup\n\nsetup(\n    name="leaky",\n    version="${version}",\n    packages=["leaky"],\n    long_description="One package.",\n    long_description_content_type="text/plain",\n)\n`,
		'leaky/__init__.py': '',
		'leaky/settings.py': settings,
	};
}

const token = `pypi-AgEIcHlwaS5vcmc${'QwErTy0123456789_-'.repeat(8)}`;

async function wizard(repository: TestRepository, ...args: string[]): Promise<CliResult> {
	return runCli(['--ci', ...localRelease, '--no-isolation', '--python', python, ...args, repository.root], {env: {XDG_CONFIG_HOME: repository.configHome}});
}

describe('a failed inspection, fixed and committed: the resume builds the new commit', () => {
	test('the fix is rebuilt from HEAD and the release finishes; the archives hold the fix', async () => {
		requirePythonModules(['build', 'twine', 'setuptools'], 'python3-build twine python3-setuptools');
		const repository = await gitRepository(leakyPackage('1.0.0', `UPLOAD_TOKEN = "${token}"\n`));
		const first = await wizard(repository, '--bump', 'patch');
		expect(first.exitCode).toBe(1);
		expect(first.stderr).toContain('FAILED: Inspect the archives');
		const releaseCommit = git(repository.root, 'rev-parse', 'HEAD').trim();
		expect((await savedRelease(repository)).packages['leaky']!.builtFrom).toBe(releaseCommit);

		await writeFile(path.join(repository.root, 'leaky/settings.py'), 'import os\n\nUPLOAD_TOKEN = os.environ.get("UPLOAD_TOKEN")\n');
		git(repository.root, 'commit', '--quiet', '-am', 'Read the token from the environment');
		const fix = git(repository.root, 'rev-parse', 'HEAD').trim();
		const second = await wizard(repository);
		expect(second.stderr).toBe('');
		expect(second.exitCode).toBe(0);
		expect(second.stdout).not.toContain('already built');
		expect(second.stdout).toContain(`1 package(s) built from ${fix.slice(0, 12)}`);
		const release = await savedRelease(repository);
		expect(release).toMatchObject({status: 'ready', findings: [], packages: {leaky: {builtFrom: fix, version: '1.0.1'}}});
		const sdist = release.packages['leaky']!.files.find(file => file.name === 'leaky-1.0.1.tar.gz')!;
		expect(String(await readArchiveMember(sdist.path, 'tar.gz', 'leaky-1.0.1/leaky/settings.py'))).toContain('os.environ.get');
		expect(git(repository.root, 'log', '--format=%s').split('\n').filter(subject => subject.startsWith('Release'))).toEqual(['Release 1.0.1']);
	});

	test('a fix that also puts the old version back stops the build, naming the file, the line and both versions', async () => {
		requirePythonModules(['build', 'twine', 'setuptools'], 'python3-build twine python3-setuptools');
		const repository = await gitRepository(leakyPackage('1.0.0', `UPLOAD_TOKEN = "${token}"\n`));
		expect((await wizard(repository, '--bump', 'patch')).exitCode).toBe(1);
		const releaseCommit = git(repository.root, 'rev-parse', 'HEAD').trim();
		await writeFile(path.join(repository.root, 'leaky/settings.py'), 'UPLOAD_TOKEN = None\n');
		await writeFile(path.join(repository.root, 'setup.py'), leakyPackage('1.0.0', '')['setup.py']!);
		git(repository.root, 'commit', '--quiet', '-am', 'Drop the token (and, by mistake, the version bump)');
		const head = git(repository.root, 'rev-parse', 'HEAD').trim();

		const second = await wizard(repository);
		expect(second.exitCode).toBe(1);
		expect(second.stderr).toContain('FAILED: Build');
		expect(second.stderr).toContain(`HEAD (${head.slice(0, 12)}) has moved past the release commit ${releaseCommit.slice(0, 12)} and no longer holds the release's version:\n  setup.py:5 holds 1.0.0, not 1.0.1`);
		expect(second.stderr).toContain('Put the release version back in those files and commit');
		expect(worktrees(repository.root)).toHaveLength(1);
	});
});

describe('a project in a folder below the repository\'s top (wizard --ci repo/python)', () => {
	test('is built from the same folder of the checkout, with its toggle on there', async () => {
		requirePythonModules(['build', 'twine', 'setuptools'], 'python3-build twine python3-setuptools');
		const project = leakyPackage('1.0.0', 'UPLOAD_TOKEN = None\n');
		const repository = await gitRepository({
			'README.md': '# Not only Python here\n',
			'python/pyproject.toml': '[tool.pypi-wizard]\n\n[[tool.pypi-wizard.build-toggle]]\npath = "setup.py"\nduring-build = "FOR_PYPI = True"\notherwise = "FOR_PYPI = False"\n',
			'python/setup.py': project['setup.py']!.replace('from setuptools import setup\n', 'from setuptools import setup\n\nFOR_PYPI = False\n').replace('    packages=', '    description="built for PyPI" if FOR_PYPI else "a local build",\n    packages='),
			'python/leaky/__init__.py': '',
		});
		const result = await runCli(['--ci', ...localRelease, '--no-isolation', '--python', python, '--bump', 'patch', path.join(repository.root, 'python')], {env: {XDG_CONFIG_HOME: repository.configHome}});
		expect(result.stderr).toBe('');
		expect(result.exitCode).toBe(0);
		const wheel = (await savedRelease({...repository, root: path.join(repository.root, 'python')})).packages['leaky']!.files.find(file => file.name.endsWith('.whl'))!;
		expect(String(await readArchiveMember(wheel.path, 'zip', 'leaky-1.0.1.dist-info/METADATA'))).toContain('Summary: built for PyPI');
		expect(git(repository.root, 'status', '--porcelain', '--ignored')).toBe('');
		expect(worktrees(repository.root)).toHaveLength(1);
	});
});

describe('a checkout git refuses to make', () => {
	test('exit 1 with git\'s own message and the working-tree opt-out; no checkout is left behind', async () => {
		requirePythonModules(['build', 'twine', 'setuptools'], 'python3-build twine python3-setuptools');
		const repository = await gitRepository(leakyPackage('1.0.0', 'UPLOAD_TOKEN = None\n'));
		const hook = path.join(repository.root, '.git/hooks/post-checkout');
		await writeFile(hook, '#!/bin/sh\necho "post-checkout: the asset server is unreachable" >&2\nexit 1\n', {mode: 0o755});
		const result = await wizard(repository, '--bump', 'patch');
		expect(result.exitCode).toBe(1);
		expect(result.stderr).toContain('FAILED: Build');
		expect(result.stderr).toMatch(/Making a clean checkout of [0-9a-f]{12} to build from failed: git worktree add .* exited with code 1/);
		expect(result.stderr).toContain('post-checkout: the asset server is unreachable');
		expect(result.stderr).toContain('build = { source = "working-tree" }');
		expect(worktrees(repository.root)).toHaveLength(1);
		expect(git(repository.root, 'status', '--porcelain', '--ignored')).toBe('');
	});
});

describe('build.source = "working-tree": the opt-out for uncommitted generated assets', () => {
	test('an ignored generated file ships, the toggle is applied in place and restored byte for byte', async () => {
		requirePythonModules(['build', 'twine', 'setuptools'], 'python3-build twine python3-setuptools');
		const files = releasableSetupPyMonorepo('0.9.1');
		const repository = await gitRepository({
			...files,
			'pyproject.toml': files['pyproject.toml']!.replace('versioning = "synchronized"\n', 'versioning = "synchronized"\nbuild = { source = "working-tree" }\n'),
			'zulip/MANIFEST.in': 'include *.txt\n',
		});
		await writeFile(path.join(repository.root, 'zulip/generated.txt'), 'made by the asset pipeline\n');
		await appendFile(path.join(repository.root, '.git/info/exclude'), 'generated.txt\n');
		const result = await wizard(repository, '--bump', 'patch');
		expect(result.stderr).toBe('');
		expect(result.exitCode).toBe(0);
		expect(result.stdout).toContain('build toggles applied to');
		const release = await savedRelease(repository);
		expect(await sdistMembers(release, 'zulip')).toContain('zulip-0.9.2/generated.txt');
		const wheel = release.packages['zulip-bots']!.files.find(file => file.name.endsWith('.whl'))!;
		expect(await readArchiveMember(wheel.path, 'zip', 'zulip_bots/fixtures/greeting.json')).toBeDefined();
		expect(await readFile(path.join(repository.root, 'zulip_bots/setup.py'), 'utf8')).toBe(git(repository.root, 'show', 'HEAD:zulip_bots/setup.py'));
		expect(release.toggles).toEqual([]);
		expect(worktrees(repository.root)).toHaveLength(1);
	});
});

import {lstat, mkdir, readFile, readlink, symlink} from 'node:fs/promises';
import path from 'node:path';
import {describe, expect, test} from 'vitest';
import {runCli} from '../../helpers/cli.js';
import type {FileTree} from '../../helpers/temp.js';
import {python, requirePythonModules} from '../../helpers/tools.js';
import {cloudCostToolkit} from '../plan/cloud-cost-fixture.js';
import {git, gitRepository} from './git-repository.js';
import {changedLines} from './release-fixtures.js';
import {localRelease} from '../../helpers/local-release.js';

/** Two PEP 621 packages: app pins core with == in its dependency list, with a trailing comment, in a CRLF file. */
function pinnedPair(): FileTree {
	return {
		'core/pyproject.toml': '[build-system]\nrequires = ["setuptools"]\nbuild-backend = "setuptools.build_meta"\n\n[project]\nname = "pin-core"\nversion = "2.4.0"\ndependencies = []\n',
		'core/pin_core/__init__.py': '',
		'app/pyproject.toml': [
			'[build-system]',
			'requires = ["setuptools"]',
			'build-backend = "setuptools.build_meta"',
			'',
			'[project]',
			'name = "pin-app"',
			'version = "2.4.0"  # bumped by the release',
			'dependencies = [',
			'    "pin-core==2.4.0",  # always the same release',
			'    "requests>=2.4.0",',
			']',
			'',
			'[project.optional-dependencies]',
			"extra = ['pin-core[fast] >= 2.4.0, <3']",
			'',
		].join('\r\n'),
		'app/pin_app/__init__.py': '',
	};
}

describe('version sync of pins', () => {
	test('== pins in a pyproject dependency list with a trailing comment follow the bump; CRLF and unrelated lines stay', async () => {
		const repository = await gitRepository(pinnedPair(), {remote: false});
		const appBefore = await readFile(path.join(repository.root, 'app/pyproject.toml'), 'utf8');
		const result = await runCli(['--ci', ...localRelease, '--bump', 'patch', '--skip', 'build', '--python', python, repository.root], {env: {XDG_CONFIG_HOME: repository.configHome}});
		expect(result.stderr).toBe('');
		expect(result.exitCode).toBe(0);
		expect(result.stdout).toContain('warning: This repository has no git remote');
		const appAfter = await readFile(path.join(repository.root, 'app/pyproject.toml'), 'utf8');
		expect(appAfter).toBe(
			appBefore
				.replace('version = "2.4.0"  #', 'version = "2.4.1"  #')
				.replace('"pin-core==2.4.0",  # always', '"pin-core==2.4.1",  # always')
				.replace("'pin-core[fast] >= 2.4.0, <3'", "'pin-core[fast] >= 2.4.1, <3'"),
		);
		expect(appAfter.split('\r\n')).toHaveLength(appBefore.split('\r\n').length);
		expect(appAfter).toContain('"requests>=2.4.0",');
		expect(changedLines(git(repository.root, 'diff', '-U0', 'HEAD~1', 'HEAD', '--', 'core')).filter(line => /^[-+][^-+]/.test(line))).toEqual(['-version = "2.4.0"', '+version = "2.4.1"']);
		expect(git(repository.root, 'log', '-1', '--format=%s').trim()).toBe('Release 2.4.1');
		expect(result.stdout).toMatch(/==> Build: skipped: skipped with --skip/);
	});
});

describe('--dry-run', () => {
	test('prints the unified diff, writes no file, makes no commit and keeps no record', async () => {
		const repository = await gitRepository(pinnedPair());
		const head = git(repository.root, 'rev-parse', 'HEAD');
		const result = await runCli(['--ci', '--bump', '3.0.0', '--dry-run', '--python', python, repository.root], {env: {XDG_CONFIG_HOME: repository.configHome}});
		expect(result.stderr).toBe('');
		expect(result.exitCode).toBe(0);
		expect(result.stdout).toContain(
			[
				'--- a/app/pyproject.toml',
				'+++ b/app/pyproject.toml',
				'@@ -4,11 +4,11 @@',
				' ',
				' [project]',
				' name = "pin-app"',
				'-version = "2.4.0"  # bumped by the release',
				'+version = "3.0.0"  # bumped by the release',
				' dependencies = [',
				'-    "pin-core==2.4.0",  # always the same release',
				'+    "pin-core==3.0.0",  # always the same release',
				'     "requests>=2.4.0",',
				' ]',
				' ',
				' [project.optional-dependencies]',
				"-extra = ['pin-core[fast] >= 2.4.0, <3']",
				"+extra = ['pin-core[fast] >= 3.0.0, <3']",
				'--- a/core/pyproject.toml',
			].join('\n'),
		);
		expect(result.stdout).toContain('Dry run finished: 2 package(s) would be released at 3.0.0. Nothing was written.');
		expect(result.stdout).toMatch(/Build: skipped: \[dry run\] not run: .*python3 -m build --outdir .*\(for each package, in a clean checkout of the release commit\)/);
		expect(git(repository.root, 'status', '--porcelain')).toBe('');
		expect(git(repository.root, 'rev-parse', 'HEAD')).toBe(head);
		const status = await runCli(['status', '--json', repository.root], {env: {XDG_CONFIG_HOME: repository.configHome}});
		expect(JSON.parse(String(status.stdout)).release).toBeNull();
	});
});

function commitAll(root: string, message: string): void {
	git(root, 'add', '--all');
	git(root, 'commit', '--quiet', '-m', message);
}

describe('a cloud-cost toolkit: root meta-package, extras pins, __version__ beside setup.py', () => {
	test('every location and sibling pin follows the bump, and the tree is as it was (--ignored)', async () => {
		requirePythonModules(['build', 'setuptools'], 'python3-build python3-setuptools');
		const repository = await gitRepository(cloudCostToolkit('0.3.0'), {remote: false});
		git(repository.root, 'rm', '--quiet', '.gitignore');
		commitAll(repository.root, 'No .gitignore, as many repositories have none');
		const statusBefore = git(repository.root, 'status', '--porcelain', '--ignored');
		const result = await runCli(['--ci', ...localRelease, '--bump', 'minor', '--skip', 'build,tests', '--python', python, repository.root], {env: {XDG_CONFIG_HOME: repository.configHome}});
		expect(result.stderr).toBe('');
		expect(result.exitCode).toBe(0);
		const changed = changedLines(git(repository.root, 'diff', '-U0', 'HEAD~1', 'HEAD')).filter(line => /^[-+][^-+]/.test(line));
		expect(changed.filter(line => line.startsWith('+'))).toEqual([
			'+__version__ = "0.4.0"',
			'+    install_requires=["costkit-core>=0.4.0", "boto3"],',
			'+__version__ = "0.4.0"',
			'+    version="0.4.0",',
			'+    install_requires=["costkit-core==0.4.0"],',
			'+version = "0.4.0"',
			'+    install_requires=["costkit-core>=0.4.0"],',
			'+        "aws": ["costkit-aws>=0.4.0"],',
			'+        "all": ["costkit-aws>=0.4.0", "costkit-gcp==0.4.0"],',
		]);
		expect(git(repository.root, 'diff', '--name-only', 'HEAD~1', 'HEAD').trim().split('\n')).toEqual(['aws/__about__.py', 'aws/setup.py', 'core/__init__.py', 'gcp/setup.py', 'pyproject.toml', 'setup.py']);
		expect(git(repository.root, 'status', '--porcelain', '--ignored')).toBe(statusBefore);
	});
});

describe('build toggles and version files in a release', () => {
	const brokenToggle = '[[build-toggle]]\npath = "core/pin_core/__init__.py"\nduring-build = "BUILD = True"\notherwise = "BUILD = False"\n';

	test('a toggle whose text is not in its file stops the release with exit 2 before the release commit', async () => {
		const repository = await gitRepository({...pinnedPair(), 'pypi-wizard.toml': brokenToggle}, {remote: false});
		const head = git(repository.root, 'rev-parse', 'HEAD');
		const result = await runCli(['--ci', ...localRelease, '--bump', 'patch', '--python', python, repository.root], {env: {XDG_CONFIG_HOME: repository.configHome}});
		expect(result.exitCode).toBe(2);
		expect(result.stderr).toContain('pypi-wizard.toml: build-toggle[0]: otherwise = "BUILD = False" is not in core/pin_core/__init__.py');
		expect(git(repository.root, 'rev-parse', 'HEAD')).toBe(head);
		expect(git(repository.root, 'status', '--porcelain')).toBe('');
	});

	test('--dry-run shows the configured build toggles', async () => {
		const repository = await gitRepository({
			...pinnedPair(),
			'core/pin_core/__init__.py': 'BUILD = False\n',
			'pypi-wizard.toml': brokenToggle,
		});
		const result = await runCli(['--ci', '--bump', 'patch', '--dry-run', '--python', python, repository.root], {env: {XDG_CONFIG_HOME: repository.configHome}});
		expect(result.stderr).toBe('');
		expect(result.exitCode).toBe(0);
		expect(result.stdout).toContain('with build toggles core/pin_core/__init__.py: "BUILD = False" -> "BUILD = True" while building');
	});

	test('a version file that is a symlink inside the repository is edited through its target and stays a symlink', async () => {
		const repository = await gitRepository(
			{...pinnedPair(), 'shared/conf.py': 'release = "2.4.0"\n', 'pypi-wizard.toml': '[[version-files]]\npath = "docs/conf.py"\npattern = \'release = "{version}"\'\n'},
			{remote: false},
		);
		await mkdir(path.join(repository.root, 'docs'));
		await symlink('../shared/conf.py', path.join(repository.root, 'docs/conf.py'));
		commitAll(repository.root, 'Link the docs version file');
		const result = await runCli(['--ci', ...localRelease, '--bump', 'patch', '--skip', 'build', '--python', python, repository.root], {env: {XDG_CONFIG_HOME: repository.configHome}});
		expect(result.stderr).toBe('');
		expect(result.exitCode).toBe(0);
		expect((await lstat(path.join(repository.root, 'docs/conf.py'))).isSymbolicLink()).toBe(true);
		expect(await readlink(path.join(repository.root, 'docs/conf.py'))).toBe('../shared/conf.py');
		expect(await readFile(path.join(repository.root, 'shared/conf.py'), 'utf8')).toBe('release = "2.4.1"\n');
		expect(git(repository.root, 'status', '--porcelain')).toBe('');
	});
});

test('--bump pre-a on a release candidate is refused (exit 2) with the bumps that would be valid, before anything is written', async () => {
	const repository = await gitRepository(
		{'pyproject.toml': '[build-system]\nrequires = ["hatchling"]\nbuild-backend = "hatchling.build"\n\n[project]\nname = "candidate"\nversion = "1.0.0rc1"\n'},
		{remote: false},
	);
	const head = git(repository.root, 'rev-parse', 'HEAD');
	const result = await runCli(['--ci', ...localRelease, '--bump', 'pre-a', '--python', python, repository.root], {env: {XDG_CONFIG_HOME: repository.configHome}});
	expect(result.exitCode).toBe(2);
	expect(result.stderr).toContain('--bump pre-a on 1.0.0rc1 gives 1.0.0a1, which is not greater than 1.0.0rc1 under PEP 440 ordering.');
	expect(result.stderr).toContain('1.0.0rc2 (--bump pre)');
	expect(git(repository.root, 'rev-parse', 'HEAD')).toBe(head);
});

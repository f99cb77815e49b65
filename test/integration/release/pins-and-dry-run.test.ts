import {readFile} from 'node:fs/promises';
import path from 'node:path';
import {describe, expect, test} from 'vitest';
import {runCli} from '../../helpers/cli.js';
import type {FileTree} from '../../helpers/temp.js';
import {python} from '../../helpers/tools.js';
import {git, gitRepository} from './git-repository.js';
import {changedLines} from './release-fixtures.js';

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
		const result = await runCli(['--ci', '--bump', 'patch', '--skip', 'build', '--python', python, repository.root], {env: {XDG_CONFIG_HOME: repository.configHome}});
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
				'@@ -4,12 +4,12 @@',
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
				' ',
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

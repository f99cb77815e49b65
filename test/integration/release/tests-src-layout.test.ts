import {readdir} from 'node:fs/promises';
import path from 'node:path';
import {describe, expect, test} from 'vitest';
import {runCli} from '../../helpers/cli.js';
import type {FileTree} from '../../helpers/temp.js';
import {python, requirePythonModules} from '../../helpers/tools.js';
import {git, gitRepository} from './git-repository.js';
import {localRelease} from '../../helpers/local-release.js';

/** What a first-time publisher writes from the packaging tutorial: src layout, tests importing the package. */
function tinyStats(extra: FileTree = {}): FileTree {
	return {
		'pyproject.toml': `[build-system]
requires = ["hatchling"]
build-backend = "hatchling.build"

[project]
name = "tiny-stats"
version = "0.1.0"
readme = "README.md"
`,
		'README.md': '# tiny-stats\n\nMeans and medians.\n',
		'src/tiny_stats/__init__.py': 'def mean(values):\n    return sum(values) / len(values)\n',
		'tests/test_mean.py': 'from tiny_stats import mean\n\n\ndef test_mean():\n    assert mean([1, 2, 3]) == 2\n',
		...extra,
	};
}

async function leftovers(root: string): Promise<string[]> {
	const entries = await readdir(root, {recursive: true});
	return entries.filter(entry => !entry.startsWith('.git') && /(^|\/)(\.pytest_cache|__pycache__)(\/|$)/.test(entry.split(path.sep).join('/')));
}

describe('the default test command sees each package as its build lays it out, and leaves nothing behind', () => {
	test('a src layout: pytest runs with src on the path, says so, and leaves no .pytest_cache or __pycache__', async () => {
		requirePythonModules(['pytest', 'build', 'hatchling'], 'python3-pytest python3-build python3-hatchling');
		const repository = await gitRepository(tinyStats(), {remote: false});
		const before = git(repository.root, 'status', '--porcelain', '--ignored', '--untracked-files=all');
		const result = await runCli(['--ci', ...localRelease, '--no-isolation', '--bump', 'patch', '--python', python, repository.root], {env: {XDG_CONFIG_HOME: repository.configHome}});
		expect(result.exitCode, result.stdout + result.stderr).toBe(0);
		expect(result.stdout).toContain(`PYTHONPATH=src ${python} -m pytest -p no:cacheprovider: running pytest with each package importable as its build lays it out (src)`);
		expect(result.stdout).toMatch(/ok: Tests \([\d.]+s\): 1 command\(s\) passed/);
		expect(await leftovers(repository.root)).toEqual([]);
		expect(git(repository.root, 'status', '--porcelain', '--ignored', '--untracked-files=all').split('\n').filter(line => /pytest_cache|__pycache__/.test(line))).toEqual(
			before.split('\n').filter(line => /pytest_cache|__pycache__/.test(line)),
		);
	});

	test('a flat layout whose tests pass as they are: still no .pytest_cache or __pycache__ in the tree', async () => {
		requirePythonModules(['pytest', 'build', 'hatchling'], 'python3-pytest python3-build python3-hatchling');
		const files: Record<string, string> = {};
		for (const [file, text] of Object.entries(tinyStats())) {
			files[file.replace('src/', '')] = text;
		}

		const repository = await gitRepository(files, {remote: false});
		const result = await runCli(['--ci', ...localRelease, '--no-isolation', '--bump', 'patch', '--python', python, repository.root], {env: {XDG_CONFIG_HOME: repository.configHome}});
		expect(result.exitCode, result.stdout + result.stderr).toBe(0);
		expect(result.stdout).toMatch(/ok: Tests \([\d.]+s\): 1 command\(s\) passed/);
		expect(await leftovers(repository.root)).toEqual([]);
	});

	test('a tox.ini with no tox installed: the step says so and runs pytest itself', async () => {
		requirePythonModules(['pytest', 'build', 'hatchling'], 'python3-pytest python3-build python3-hatchling');
		const repository = await gitRepository(tinyStats({'tox.ini': '[tox]\nenvlist = py3\n\n[testenv]\ndeps = pytest\ncommands = pytest\n'}), {remote: false});
		const result = await runCli(['--ci', ...localRelease, '--no-isolation', '--bump', 'patch', '--python', python, repository.root], {env: {XDG_CONFIG_HOME: repository.configHome, PATH: path.dirname(process.execPath) + ':/usr/bin:/bin'}});
		expect(result.exitCode, result.stdout + result.stderr).toBe(0);
		expect(result.stdout).toContain('tox.ini configures tox, which is not installed; running pytest with each package importable as its build lays it out (src)');
	});
});

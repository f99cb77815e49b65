import {execFileSync} from 'node:child_process';
import {readdir, readFile, rm, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {describe, expect, test} from 'vitest';
import type {ReleaseRecord} from '../../../source/core/release/types.js';
import {runCli} from '../../helpers/cli.js';
import {temporaryFolder, type FileTree} from '../../helpers/temp.js';
import {python, requirePythonModules} from '../../helpers/tools.js';
import {git, gitRepository, type TestRepository} from './git-repository.js';
import {localRelease} from '../../helpers/local-release.js';

function onePackage(name: string, extra: FileTree = {}): FileTree {
	const module = name.replaceAll('-', '_');
	return {
		'setup.py': `from setuptools import setup\n\nsetup(\n    name="${name}",\n    version="1.0.0",\n    packages=["${module}"],\n    long_description="One package.",\n    long_description_content_type="text/plain",\n)\n`,
		[`${module}/__init__.py`]: '',
		...extra,
	};
}

function staticPackage(): FileTree {
	return {
		'pyproject.toml': '[build-system]\nrequires = ["setuptools"]\nbuild-backend = "setuptools.build_meta"\n\n[project]\nname = "plain-static"\nversion = "0.3.2"\n',
		'plain_static/__init__.py': '',
	};
}

async function wizard(repository: TestRepository, ...args: string[]) {
	return runCli(['--ci', ...localRelease, '--no-isolation', ...args, repository.root], {env: {XDG_CONFIG_HOME: repository.configHome}});
}

async function savedRelease(repository: TestRepository): Promise<ReleaseRecord> {
	const result = await runCli(['status', '--json', repository.root], {env: {XDG_CONFIG_HOME: repository.configHome}});
	return (JSON.parse(String(result.stdout)) as {release: ReleaseRecord}).release;
}

async function filesUnder(folder: string): Promise<string[]> {
	const entries = await readdir(folder, {recursive: true, withFileTypes: true});
	return entries.filter(entry => entry.isFile()).map(entry => path.join(entry.parentPath, entry.name));
}

describe('a release stops with the right exit code, the cause, the fix, and a resumable record', () => {
	test('a dirty tree: exit 3, the dirty files listed; after cleaning up, the same release continues', async () => {
		const repository = await gitRepository(onePackage('tidy'));
		await writeFile(path.join(repository.root, 'notes.txt'), 'draft\n');
		await writeFile(path.join(repository.root, 'tidy/__init__.py'), 'x = 1\n');
		const first = await wizard(repository, '--bump', 'patch', '--python', python);
		expect(first.exitCode).toBe(3);
		expect(first.stderr).toContain('✖ The working tree has uncommitted changes:\n  notes.txt\n  tidy/__init__.py');
		expect(first.stderr).toContain('Commit or stash them (git stash --include-untracked), then resume: the release record is kept.');
		expect(first.stderr).toContain(`The release record is kept. Resume with: wizard --ci --skip upload-test,upload-production --no-isolation --python ${python} ${repository.root}`);
		expect(await savedRelease(repository)).toMatchObject({status: 'failed', version: '1.0.1', failure: {step: 'preflight', exitCode: 3}});

		await rm(path.join(repository.root, 'notes.txt'));
		git(repository.root, 'checkout', '--', 'tidy/__init__.py');
		const second = await wizard(repository, '--python', python);
		expect(second.stderr).toBe('');
		expect(second.exitCode).toBe(0);
		expect(second.stdout).toContain('Resuming the release of 1.0.1');
		expect(git(repository.root, 'log', '-1', '--format=%s').trim()).toBe('Release 1.0.1');
	});

	test('an interpreter without build, twine and pip: exit 3, naming them and the exact install command', async () => {
		const environment = path.join(await temporaryFolder('wizard-venv-'), 'venv');
		execFileSync(python, ['-m', 'venv', '--without-pip', environment]);
		const interpreter = path.join(environment, 'bin', 'python');
		const install = /Install them with:\n {4}\S+\/python -m ensurepip --upgrade && \S+\/python -m pip install --upgrade build twine/;

		// Static metadata: the release starts, and preflight stops it with a record to resume.
		const staticRepository = await gitRepository(staticPackage());
		const result = await wizard(staticRepository, '--bump', 'minor', '--python', interpreter);
		expect(result.exitCode).toBe(3);
		expect(result.stderr).toMatch(/✖ The Python interpreter \S+ cannot import build, twine, pip\./);
		expect(result.stderr).toMatch(install);
		expect(result.stderr).toContain('or pass another interpreter with --python PATH.');
		expect(await savedRelease(staticRepository)).toMatchObject({status: 'failed', version: '0.4.0', failure: {step: 'preflight', exitCode: 3}, steps: {version: {status: 'pending'}}});
		expect(git(staticRepository.root, 'log', '--format=%s')).toBe('Initial commit\n');

		// setup.py: discovery itself needs the interpreter, and says the same before anything starts.
		const setupRepository = await gitRepository(onePackage('bare'));
		const early = await wizard(setupRepository, '--bump', 'minor', '--python', interpreter);
		expect(early.exitCode).toBe(3);
		expect(early.stderr).toMatch(/✖ The Python interpreter \S+ cannot import build, twine, pip\./);
		expect(early.stderr).toMatch(install);
	});

	test('a failing test command: exit 1, the last lines and the log; fixed and resumed, it never bumps twice', async () => {
		requirePythonModules(['pytest'], 'python3-pytest');
		const repository = await gitRepository(onePackage('tested', {'tests/test_math.py': 'def test_sum():\n    assert 1 + 1 == 3, "arithmetic is broken"\n'}));
		const first = await wizard(repository, '--bump', 'minor', '--python', python);
		expect(first.exitCode).toBe(1);
		expect(first.stderr).toContain('FAILED: Tests');
		expect(first.stderr).toContain('✖ The tests failed (/usr/bin/python3 -m pytest -p no:cacheprovider): /usr/bin/python3 -m pytest -p no:cacheprovider exited with code 1.');
		expect(first.stderr).toContain('Fix the tests, commit, then resume with the command below');
		expect(first.stderr).toMatch(/Last \d+ lines of output:[\s\S]*arithmetic is broken/);
		const logPath = /Full log: (\S+)/.exec(String(first.stderr))![1]!;
		expect(await readFile(logPath, 'utf8')).toContain('assert 1 + 1 == 3');
		expect(await savedRelease(repository)).toMatchObject({status: 'failed', version: '1.1.0', failure: {step: 'tests'}, steps: {version: {status: 'done'}}});

		await writeFile(path.join(repository.root, 'tests/test_math.py'), 'def test_sum():\n    assert 1 + 1 == 2\n');
		git(repository.root, 'commit', '--quiet', '-am', 'Fix the test');
		const second = await wizard(repository, '--bump', 'minor', '--python', python);
		expect(second.stderr).toBe('');
		expect(second.exitCode).toBe(0);
		expect(git(repository.root, 'log', '--format=%s').split('\n').filter(subject => subject.startsWith('Release'))).toEqual(['Release 1.1.0']);
		expect(await readFile(path.join(repository.root, 'setup.py'), 'utf8')).toContain('version="1.1.0"');
		expect(second.stdout).toContain('tested-1.1.0.tar.gz');
	});

	test('a file holding a PyPI token: exit 1, the file and line; no secret in the record; --allow-file accepts it knowingly', async () => {
		const token = `pypi-AgEIcHlwaS5vcmc${'QwErTy0123456789_-'.repeat(8)}`;
		const repository = await gitRepository(onePackage('leaky', {'leaky/settings.py': `DEBUG = False\nUPLOAD_TOKEN = "${token}"\n`}));
		const first = await wizard(repository, '--bump', 'patch', '--python', python);
		expect(first.exitCode).toBe(1);
		expect(first.stderr).toContain('FAILED: Inspect the archives');
		expect(first.stderr).toContain('leaky-1.0.1-py3-none-any.whl: leaky/settings.py:2 holds what looks like a PyPI upload token (pypi-AgE…).');
		expect(first.stderr).toContain('leaky-1.0.1.tar.gz: leaky-1.0.1/leaky/settings.py:2 holds what looks like a PyPI upload token');
		expect(first.stderr).toContain("pass --allow-file 'settings.py' to accept it knowingly");
		const saved = await savedRelease(repository);
		expect(saved).toMatchObject({status: 'failed', failure: {step: 'inspect', exitCode: 1}, steps: {build: {status: 'done'}}});
		expect(saved.findings.map(finding => [finding.kind, finding.member, finding.line])).toEqual([
			['secret', 'leaky/settings.py', 2],
			['secret', 'leaky-1.0.1/leaky/settings.py', 2],
		]);
		for (const file of await filesUnder(repository.configHome)) {
			if (!file.endsWith('.whl') && !file.endsWith('.tar.gz') && !file.includes(`${path.sep}toggles${path.sep}`)) {
				expect(await readFile(file, 'utf8'), file).not.toContain(token.slice(20));
			}
		}

		expect(first.stdout + first.stderr).not.toContain(token.slice(20));

		const second = await wizard(repository, '--python', python, '--allow-file', 'settings.py');
		expect(second.exitCode).toBe(0);
		expect(second.stdout).toContain('warning: leaky-1.0.1-py3-none-any.whl: accepted with --allow-file: leaky/settings.py:2 holds what looks like a PyPI upload token');
		expect(await savedRelease(repository)).toMatchObject({status: 'ready', findings: []});
	});

	test('an sdist name PyPI would refuse (old setuptools and a dashed name): exit 1, the cause and the fix', async () => {
		const repository = await gitRepository(onePackage('dash-name'));
		const result = await wizard(repository, '--bump', 'patch', '--python', python);
		expect(result.exitCode).toBe(1);
		expect(result.stderr).toContain("dash-name-1.0.1.tar.gz: PyPI would refuse this file name: Filename 'dash-name-1.0.1.tar.gz' is invalid, should be 'dash_name-1.0.1.tar.gz'.");
		expect(result.stderr).toContain('Old setuptools (before 69.3) writes sdist names with dashes (my-pkg-1.0.tar.gz), which PyPI refuses since PEP 625');
		expect(result.stderr).toContain('Require "setuptools>=69.3" in [build-system] requires');
		expect(await savedRelease(repository)).toMatchObject({status: 'failed', failure: {step: 'inspect'}, findings: [{kind: 'filename', archive: 'dash-name-1.0.1.tar.gz'}]});
	});
});

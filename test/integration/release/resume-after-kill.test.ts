import {existsSync, readFileSync} from 'node:fs';
import {readFile, writeFile} from 'node:fs/promises';
import path from 'node:path';
import process from 'node:process';
import {execa} from 'execa';
import {describe, expect, test} from 'vitest';
import type {ReleaseRecord} from '../../../source/core/release/types.js';
import {cliPath, runCli} from '../../helpers/cli.js';
import {temporaryFolder} from '../../helpers/temp.js';
import {python, requirePythonModules} from '../../helpers/tools.js';
import {git, gitRepository} from './git-repository.js';
import {releasableSetupPyMonorepo} from './release-fixtures.js';
import {localRelease} from '../../helpers/local-release.js';

// While the toggle is on (only during the wizard's build), zulip_bots' setup.py writes its process
// group to a marker file and waits for a gate file: the test kills the run inside that window.
const slowBuild = `IS_PYPA_PACKAGE = False
import os, time
if IS_PYPA_PACKAGE and os.environ.get("WIZARD_TEST_MARKER"):
    with open(os.environ["WIZARD_TEST_MARKER"], "w") as marker:
        marker.write(str(os.getpgid(0)))
    deadline = time.time() + 120
    while not os.path.exists(os.environ["WIZARD_TEST_GATE"]) and time.time() < deadline:
        time.sleep(0.05)
`;

async function waitFor(condition: () => boolean, what: string): Promise<void> {
	const deadline = Date.now() + 60_000;
	while (!condition()) {
		if (Date.now() > deadline) {
			throw new Error(`Timed out waiting for ${what}`);
		}

		await new Promise(resolve => setTimeout(resolve, 50));
	}
}

function worktrees(root: string): string[] {
	return git(root, 'worktree', 'list', '--porcelain')
		.split('\n')
		.filter(line => line.startsWith('worktree '))
		.map(line => line.slice('worktree '.length));
}

describe('kill -9 during the build, then wizard --ci again', () => {
	test('resumes without bumping again, finishes, the user\'s toggle file was never touched, and the leftover checkout is gone', async () => {
		requirePythonModules(['build', 'twine', 'setuptools'], 'python3-build twine python3-setuptools');
		const files = releasableSetupPyMonorepo('0.9.1');
		const repository = await gitRepository({...files, 'zulip_bots/setup.py': files['zulip_bots/setup.py']!.replace('IS_PYPA_PACKAGE = False\n', slowBuild)});
		const signals = await temporaryFolder('wizard-signals-');
		const marker = path.join(signals, 'building');
		const gate = path.join(signals, 'go');
		const env = {XDG_CONFIG_HOME: repository.configHome, WIZARD_TEST_MARKER: marker, WIZARD_TEST_GATE: gate, NO_COLOR: '1'};
		const args = ['--ci', ...localRelease, '--bump', 'minor', '--no-isolation', '--jobs', '1', '--python', python, repository.root];

		const first = execa(process.execPath, [cliPath, ...args], {env, reject: false, stdin: 'ignore'});
		await waitFor(() => readFileSyncSafe(marker) !== '', 'the zulip_bots build to start');
		// A crash: the wizard and its build die at once, with no chance to clean up.
		process.kill(first.pid!, 'SIGKILL');
		process.kill(-Number(await readFile(marker, 'utf8')), 'SIGKILL');
		const killed = await first;
		expect(killed.signal).toBe('SIGKILL');

		expect(await readFile(path.join(repository.root, 'zulip_bots/setup.py'), 'utf8')).toBe(git(repository.root, 'show', 'HEAD:zulip_bots/setup.py'));
		expect(git(repository.root, 'status', '--porcelain')).toBe('');
		const saved = JSON.parse(String((await runCli(['status', '--json', repository.root], {env})).stdout)) as {release: ReleaseRecord};
		expect(saved.release).toMatchObject({status: 'running', version: '0.10.0', toggles: [], steps: {version: {status: 'done'}, build: {status: 'running'}}});
		const leftover = worktrees(repository.root)[1];
		expect(leftover?.startsWith(saved.release.folder)).toBe(true);

		await writeFile(gate, 'go');
		const second = await runCli(args, {env});
		expect(second.stderr).toBe('');
		expect(second.exitCode).toBe(0);
		expect(second.stdout).toContain('Resuming the release of 0.10.0');
		expect(second.stdout).not.toContain('Restored');
		const resumed = JSON.parse(String((await runCli(['status', '--json', repository.root], {env})).stdout)) as {release: ReleaseRecord};
		expect(await readFile(resumed.release.steps['build']!.log!, 'utf8')).toMatch(/zulip 0\.10\.0: already built from [0-9a-f]{12} by an earlier run/);
		expect(second.stdout).toContain('Ready: 3 package(s) at 0.10.0');
		expect(git(repository.root, 'log', '--format=%s').split('\n').filter(subject => subject.startsWith('Release'))).toEqual(['Release 0.10.0']);
		expect(await readFile(path.join(repository.root, 'zulip_bots/setup.py'), 'utf8')).toBe(git(repository.root, 'show', 'HEAD:zulip_bots/setup.py'));
		expect(git(repository.root, 'status', '--porcelain')).toBe('');
		expect(worktrees(repository.root)).toEqual([worktrees(repository.root)[0]]);
		expect(existsSync(leftover!)).toBe(false);
		expect(existsSync(path.join(repository.root, '.git/worktrees', path.basename(leftover!)))).toBe(false);
	});

	test('with build.source = "working-tree": the toggle applied in place is restored from its backup on resume', async () => {
		requirePythonModules(['build', 'twine', 'setuptools'], 'python3-build twine python3-setuptools');
		const files = releasableSetupPyMonorepo('0.9.1');
		const repository = await gitRepository({
			...files,
			'pyproject.toml': files['pyproject.toml']!.replace('versioning = "synchronized"\n', 'versioning = "synchronized"\nbuild = { source = "working-tree" }\n'),
			'zulip_bots/setup.py': files['zulip_bots/setup.py']!.replace('IS_PYPA_PACKAGE = False\n', slowBuild),
		});
		const signals = await temporaryFolder('wizard-signals-');
		const marker = path.join(signals, 'building');
		const gate = path.join(signals, 'go');
		const env = {XDG_CONFIG_HOME: repository.configHome, WIZARD_TEST_MARKER: marker, WIZARD_TEST_GATE: gate, NO_COLOR: '1'};
		const args = ['--ci', ...localRelease, '--bump', 'minor', '--no-isolation', '--jobs', '1', '--python', python, repository.root];

		const first = execa(process.execPath, [cliPath, ...args], {env, reject: false, stdin: 'ignore'});
		await waitFor(() => readFileSyncSafe(marker) !== '', 'the zulip_bots build to start');
		process.kill(first.pid!, 'SIGKILL');
		process.kill(-Number(await readFile(marker, 'utf8')), 'SIGKILL');
		await first;

		expect(await readFile(path.join(repository.root, 'zulip_bots/setup.py'), 'utf8')).toContain('IS_PYPA_PACKAGE = True');
		const saved = JSON.parse(String((await runCli(['status', '--json', repository.root], {env})).stdout)) as {release: ReleaseRecord};
		expect(saved.release.toggles).toHaveLength(1);

		await writeFile(gate, 'go');
		const second = await runCli(args, {env});
		expect(second.stderr).toBe('');
		expect(second.exitCode).toBe(0);
		expect(second.stdout).toContain(`Restored ${path.join(repository.root, 'zulip_bots/setup.py')}: an interrupted build had left its build toggle applied.`);
		expect(await readFile(path.join(repository.root, 'zulip_bots/setup.py'), 'utf8')).toBe(git(repository.root, 'show', 'HEAD:zulip_bots/setup.py'));
		expect(worktrees(repository.root)).toHaveLength(1);
	});
});

describe('SIGTERM during the build', () => {
	test('stops the build processes, removes the checkout, saves the record as interrupted and exits 130', async () => {
		requirePythonModules(['build', 'twine', 'setuptools'], 'python3-build twine python3-setuptools');
		const files = releasableSetupPyMonorepo('0.9.1');
		const repository = await gitRepository({...files, 'zulip_bots/setup.py': files['zulip_bots/setup.py']!.replace('IS_PYPA_PACKAGE = False\n', slowBuild)});
		const signals = await temporaryFolder('wizard-signals-');
		const marker = path.join(signals, 'building');
		const env = {XDG_CONFIG_HOME: repository.configHome, WIZARD_TEST_MARKER: marker, WIZARD_TEST_GATE: path.join(signals, 'never'), NO_COLOR: '1'};
		const run = execa(process.execPath, [cliPath, '--ci', ...localRelease, '--bump', 'minor', '--no-isolation', '--python', python, repository.root], {env, reject: false, stdin: 'ignore'});
		await waitFor(() => readFileSyncSafe(marker) !== '', 'the zulip_bots build to start');
		const buildGroup = Number(await readFile(marker, 'utf8'));
		process.kill(run.pid!, 'SIGTERM');
		const result = await run;

		expect(result.exitCode).toBe(130);
		expect(result.stderr).toContain('✖ Interrupted: the running commands were stopped and the release record saved.');
		await waitFor(() => !processGroupAlive(buildGroup), 'the build processes to stop');
		expect(await readFile(path.join(repository.root, 'zulip_bots/setup.py'), 'utf8')).toBe(git(repository.root, 'show', 'HEAD:zulip_bots/setup.py'));
		expect(git(repository.root, 'status', '--porcelain')).toBe('');
		expect(worktrees(repository.root)).toHaveLength(1);
		const saved = JSON.parse(String((await runCli(['status', '--json', repository.root], {env})).stdout)) as {release: ReleaseRecord};
		expect(saved.release).toMatchObject({status: 'interrupted', toggles: [], steps: {version: {status: 'done'}, build: {status: 'pending'}}});
	});
});

function processGroupAlive(group: number): boolean {
	try {
		process.kill(-group, 0);
		return true;
	} catch {
		return false;
	}
}

function readFileSyncSafe(file: string): string {
	try {
		return readFileSync(file, 'utf8');
	} catch {
		return '';
	}
}

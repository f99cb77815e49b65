import {existsSync, readFileSync} from 'node:fs';
import {mkdir, writeFile} from 'node:fs/promises';
import path from 'node:path';
import process from 'node:process';
import {execa, type ResultPromise} from 'execa';
import {describe, expect, test} from 'vitest';
import {cliPath, runCli} from '../../helpers/cli.js';
import {temporaryFolder} from '../../helpers/temp.js';
import {python, requirePythonModules} from '../../helpers/tools.js';
import {git, gitRepository, type TestRepository} from './git-repository.js';
import {localRelease} from '../../helpers/local-release.js';

// The configured test command writes its process group to a marker file, then waits for a gate
// file: while it waits, the release holds its lock and has committed its version.
const waitForGate = `import os, time
with open(os.environ["WIZARD_TEST_MARKER"], "w") as marker:
    marker.write(str(os.getpgid(0)))
deadline = time.time() + 120
while not os.path.exists(os.environ["WIZARD_TEST_GATE"]) and time.time() < deadline:
    time.sleep(0.05)
`;

function gatedPackage() {
	return {
		'pyproject.toml': `[build-system]\nrequires = ["setuptools"]\nbuild-backend = "setuptools.build_meta"\n\n[project]\nname = "gated"\nversion = "1.0.0"\n\n[tool.pypi-wizard]\ntest = ["${python} wait_gate.py"]\n`,
		'gated/__init__.py': '',
		'wait_gate.py': waitForGate,
	};
}

type Signals = {readonly marker: string; readonly gate: string; readonly env: Record<string, string>};

async function signalsFor(repository: TestRepository): Promise<Signals> {
	const folder = await temporaryFolder('wizard-signals-');
	const marker = path.join(folder, 'waiting');
	const gate = path.join(folder, 'go');
	return {marker, gate, env: {XDG_CONFIG_HOME: repository.configHome, WIZARD_TEST_MARKER: marker, WIZARD_TEST_GATE: gate, NO_COLOR: '1'}};
}

function start(args: readonly string[], signals: Signals): ResultPromise<{env: Record<string, string>; reject: false; stdin: 'ignore'}> {
	return execa(process.execPath, [cliPath, ...args], {env: signals.env, reject: false, stdin: 'ignore'});
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

function waiting(signals: Signals): boolean {
	return existsSync(signals.marker) && readFileSync(signals.marker, 'utf8') !== '';
}

function releaseCommits(repository: TestRepository): string[] {
	return git(repository.root, 'log', '--format=%s').split('\n').filter(subject => subject.startsWith('Release'));
}

describe('one run at a time per repository', () => {
	test('a second run exits 3 at once naming the first; after the first is killed, its stale lock is taken over', async () => {
		requirePythonModules(['build', 'twine'], 'python3-build twine');
		const repository = await gitRepository(gatedPackage());
		const signals = await signalsFor(repository);
		const args = ['--ci', ...localRelease, '--bump', 'patch', '--skip', 'build', '--python', python, repository.root];
		const first = start(args, signals);
		await waitFor(() => waiting(signals), 'the first run to reach its tests');

		const second = await runCli(args, {env: signals.env});
		expect(second.exitCode).toBe(3);
		expect(second.stderr).toMatch(
			new RegExp(String.raw`^✖ Another release of this repository is running: process ${first.pid}, \`wizard --ci --skip upload-test,upload-production --bump patch --skip build --python \S+ \S+\`, since \d{4}-\d\d-\d\dT[\d:.]+Z\.\n  Wait for it to finish \(or stop it\), then run the command again\. If process ${first.pid} is not a pypi-wizard run, delete \S+\.lock\.$`),
		);
		const status = await runCli(['status', repository.root], {env: signals.env});
		expect(status.stdout).toContain('Release of 1.0.1');
		expect(status.stdout).toContain(`  status: running now: process ${first.pid}, \`wizard --ci --skip upload-test,upload-production --bump patch`);

		// A crash: the run and its test command die with no chance to clean up.
		process.kill(first.pid!, 'SIGKILL');
		process.kill(-Number(readFileSync(signals.marker, 'utf8')), 'SIGKILL');
		expect((await first).signal).toBe('SIGKILL');

		expect((await runCli(['status', repository.root], {env: signals.env})).stdout).toContain('  status: stopped without a chance to save (no run holds it now): resume with wizard --ci ');
		await writeFile(signals.gate, 'go');
		const third = await runCli(['--ci', ...localRelease, '--skip', 'build', '--python', python, repository.root], {env: signals.env});
		expect(third.stderr).toBe('');
		expect(third.exitCode).toBe(0);
		expect(third.stdout).toContain(`Note: took over the release lock of an earlier run that is gone (process ${first.pid}, \`wizard --ci --skip upload-test,upload-production --bump patch --skip build`);
		expect(third.stdout).toContain('Resuming the release of 1.0.1');
		expect(releaseCommits(repository)).toEqual(['Release 1.0.1']);
	});

	test('an interrupted --restart run prints a resume command without --restart and --bump, and that command finishes the same release', async () => {
		requirePythonModules(['build', 'twine'], 'python3-build twine');
		const repository = await gitRepository(gatedPackage());
		const signals = await signalsFor(repository);
		const run = start(['--ci', ...localRelease, '--restart', '--bump', 'minor', '--skip', 'build', '--python', python, repository.root], signals);
		await waitFor(() => waiting(signals), 'the run to reach its tests');
		process.kill(run.pid!, 'SIGTERM');
		const interrupted = await run;
		expect(interrupted.exitCode).toBe(130);
		const resume = /Resume with: (.+)$/m.exec(String(interrupted.stderr))?.[1];
		expect(resume).toBe(`wizard --ci --skip upload-test,upload-production,build --python ${python} ${repository.root}`);

		await writeFile(signals.gate, 'go');
		const resumed = await runCli(resume!.split(' ').slice(1), {env: signals.env});
		expect(resumed.stderr).toBe('');
		expect(resumed.exitCode).toBe(0);
		expect(releaseCommits(repository)).toEqual(['Release 1.1.0']);
		expect(readFileSync(path.join(repository.root, 'pyproject.toml'), 'utf8')).toContain('version = "1.1.0"');
	});
});

describe('preconditions around the repository and the record', () => {
	function staticPackage() {
		return {
			'pyproject.toml': '[build-system]\nrequires = ["setuptools"]\nbuild-backend = "setuptools.build_meta"\n\n[project]\nname = "plain-static"\nversion = "0.3.2"\n',
			'plain_static/__init__.py': '',
		};
	}

	test('a detached HEAD stops preflight with exit 3 and the command that makes a branch', async () => {
		requirePythonModules(['build', 'twine'], 'python3-build twine');
		const repository = await gitRepository(staticPackage());
		git(repository.root, 'checkout', '--quiet', '--detach');
		const result = await runCli(['--ci', ...localRelease, '--bump', 'patch', '--python', python, repository.root], {env: {XDG_CONFIG_HOME: repository.configHome}});
		expect(result.exitCode).toBe(3);
		expect(result.stderr).toContain('✖ HEAD is detached (a tag or a commit is checked out, not a branch): the release commit would be on no branch, and could not be pushed.');
		expect(result.stderr).toContain('Create a branch for the release here, then resume:\n    git switch -c release/0.3.3');
		expect(git(repository.root, 'log', '--format=%s')).toBe('Initial commit\n');
	});

	test('a damaged record: status names the file and the damage, plan works, a release stops with exit 3, --restart replaces it', async () => {
		requirePythonModules(['build', 'twine'], 'python3-build twine');
		const repository = await gitRepository(staticPackage());
		const env = {XDG_CONFIG_HOME: repository.configHome};
		const file = JSON.parse(String((await runCli(['status', '--json', repository.root], {env})).stdout)).file as string;
		await mkdir(path.dirname(file), {recursive: true});
		await writeFile(file, '{"release": {"schema": 2, "root": "/x", "status": "runn');

		const status = await runCli(['status', repository.root], {env});
		expect(status.exitCode).toBe(0);
		expect(status.stdout).toContain(`The saved release record of ${repository.root} is damaged: it is not valid JSON (`);
		expect(status.stdout).toContain(`  file: ${file}`);
		expect(status.stdout).toContain(`Start over with: wizard --ci --restart --bump PART ${repository.root}`);
		expect(JSON.parse(String((await runCli(['status', '--json', repository.root], {env})).stdout))).toMatchObject({release: null, damaged: expect.stringContaining('not valid JSON')});
		expect((await runCli(['plan', repository.root], {env})).exitCode).toBe(0);

		const refused = await runCli(['--ci', ...localRelease, '--bump', 'patch', '--python', python, repository.root], {env});
		expect(refused.exitCode).toBe(3);
		expect(refused.stderr).toContain(`✖ The saved release record ${file} is damaged: it is not valid JSON (`);
		expect(refused.stderr).toContain('Add --restart to replace it');

		const restarted = await runCli(['--ci', ...localRelease, '--restart', '--bump', 'patch', '--skip', 'build', '--python', python, repository.root], {env});
		expect(restarted.stderr).toBe('');
		expect(restarted.exitCode).toBe(0);
		expect(restarted.stdout).toContain(`Note: Replaced the damaged release record ${file} (it is not valid JSON (`);
		expect(JSON.parse(String((await runCli(['status', '--json', repository.root], {env})).stdout))).toMatchObject({release: {schema: 3, status: 'ready', version: '0.3.3'}});
	});

	test('a config folder that cannot be written: exit 3 naming the folder, no stack trace', async () => {
		const repository = await gitRepository(staticPackage());
		const notAFolder = path.join(repository.configHome, 'a-file');
		await writeFile(notAFolder, '');
		const result = await runCli(['--ci', ...localRelease, '--bump', 'patch', '--python', python, repository.root], {env: {XDG_CONFIG_HOME: notAFolder}});
		expect(result.exitCode).toBe(3);
		expect(result.stderr).toBe(
			`✖ The release record cannot be written in ${path.join(notAFolder, 'pypi-wizard', 'releases')} (not a directory).\n  Make that folder writable (it holds the release record, logs and build output), or point XDG_CONFIG_HOME at a folder that is.`,
		);
	});
});

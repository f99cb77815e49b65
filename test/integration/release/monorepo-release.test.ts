import {readFile} from 'node:fs/promises';
import path from 'node:path';
import {beforeAll, describe, expect, test} from 'vitest';
import {readArchiveMember} from '../../../source/core/distribution/archive.js';
import type {ReleaseRecord} from '../../../source/core/release/types.js';
import {runCli} from '../../helpers/cli.js';
import {python, requirePythonModules} from '../../helpers/tools.js';
import {git, gitRepository, type TestRepository} from './git-repository.js';
import {changedLines, releasablePoetryMonorepo, releasableSetupPyMonorepo} from './release-fixtures.js';
import {localRelease} from '../../helpers/local-release.js';

type Status = {release: ReleaseRecord | null; file: string};

async function status(repository: TestRepository): Promise<Status> {
	const result = await runCli(['status', '--json', repository.root], {env: {XDG_CONFIG_HOME: repository.configHome}});
	expect(result.exitCode).toBe(0);
	return JSON.parse(String(result.stdout)) as Status;
}

function builtOrder(stdout: string): string[] {
	return [...stdout.matchAll(/^ {2}built (\S+) \(/gm)].map(match => match[1]!);
}

describe('wizard --ci --bump minor on a three-package setup.py monorepo with a build toggle', () => {
	let repository: TestRepository;
	let result: Awaited<ReturnType<typeof runCli>>;
	let togglesFileBefore: string;

	beforeAll(async () => {
		requirePythonModules(['build', 'twine', 'setuptools'], 'python3-build twine python3-setuptools');
		repository = await gitRepository(releasableSetupPyMonorepo('0.9.1'));
		togglesFileBefore = await readFile(path.join(repository.root, 'zulip_bots/setup.py'), 'utf8');
		result = await runCli(['--ci', ...localRelease, '--bump', 'minor', '--no-isolation', '--python', python, repository.root], {env: {XDG_CONFIG_HOME: repository.configHome}});
	});

	test('finishes with exit 0 and a summary of what is ready, with sizes and sha256', () => {
		expect(result.stderr).toBe('');
		expect(result.exitCode).toBe(0);
		expect(result.stdout).toContain('Ready: 3 package(s) at 0.10.0, built and inspected.');
		expect(result.stdout).toMatch(/zulip_bots-0\.10\.0-py3-none-any\.whl {2}[\d.]+ k?B {2}sha256:[0-9a-f]{64}/);
	});

	test('prints at most about 60 lines: one per step and per package; build output goes to the step log it names', async () => {
		const lines = `${String(result.stdout)}\n${String(result.stderr)}`.trim().split('\n');
		expect(lines.length).toBeLessThanOrEqual(60);
		expect(result.stdout).toMatch(/^ {2}edit zulip_bots\/setup\.py \(\+2 -2\)$/m);
		const buildLog = /^==> Build \(log: (\S+)\)$/m.exec(String(result.stdout))?.[1];
		expect(buildLog).toBeDefined();
		const log = await readFile(buildLog!, 'utf8');
		expect(log).toContain('Successfully built zulip_bots-0.10.0.tar.gz and zulip_bots-0.10.0-py3-none-any.whl');
		expect(result.stdout).not.toContain('Successfully built');
		const versionLog = /^==> Version sync \(log: (\S+)\)$/m.exec(String(result.stdout))?.[1];
		expect(await readFile(versionLog!, 'utf8')).toContain('+ZULIP_BOTS_VERSION = "0.10.0"');
	});

	test('rewrites exactly the version constants, the __version__ and the == pins, in one commit "Release 0.10.0"', () => {
		expect(git(repository.root, 'log', '-1', '--format=%s').trim()).toBe('Release 0.10.0');
		expect(changedLines(git(repository.root, 'diff', '-U0', 'HEAD~1', 'HEAD'))).toEqual([
			'--- a/zulip/zulip/__init__.py',
			'+++ b/zulip/zulip/__init__.py',
			'-__version__ = "0.9.1"',
			'+__version__ = "0.10.0"',
			'--- a/zulip_bots/setup.py',
			'+++ b/zulip_bots/setup.py',
			'-ZULIP_BOTS_VERSION = "0.9.1"',
			'+ZULIP_BOTS_VERSION = "0.10.0"',
			'-        "zulip==0.9.1",',
			'+        "zulip==0.10.0",',
			'--- a/zulip_botserver/setup.py',
			'+++ b/zulip_botserver/setup.py',
			'-ZULIP_BOTSERVER_VERSION = "0.9.1"',
			'+ZULIP_BOTSERVER_VERSION = "0.10.0"',
			'-        "zulip==0.9.1",',
			'-        "zulip_bots==0.9.1",',
			'+        "zulip==0.10.0",',
			'+        "zulip_bots==0.10.0",',
		]);
		expect(git(repository.root, 'status', '--porcelain')).toBe('');
	});

	test('builds in dependency order, and the archives carry the new version', async () => {
		expect(builtOrder(String(result.stdout))).toEqual(['zulip', 'zulip-bots', 'zulip-botserver']);
		const {release} = await status(repository);
		const files = Object.values(release!.packages).flatMap(entry => entry.files);
		expect(files.map(file => file.name).sort()).toEqual([
			'zulip-0.10.0-py3-none-any.whl',
			'zulip-0.10.0.tar.gz',
			'zulip_bots-0.10.0-py3-none-any.whl',
			'zulip_bots-0.10.0.tar.gz',
			'zulip_botserver-0.10.0-py3-none-any.whl',
			'zulip_botserver-0.10.0.tar.gz',
		]);
		const wheel = files.find(file => file.name === 'zulip_botserver-0.10.0-py3-none-any.whl')!;
		const metadata = String(await readArchiveMember(wheel.path, 'zip', 'zulip_botserver-0.10.0.dist-info/METADATA'));
		expect(metadata).toContain('Version: 0.10.0');
		expect(metadata).toContain('Requires-Dist: zulip (==0.10.0)');
		const sdist = files.find(file => file.name === 'zulip_bots-0.10.0.tar.gz')!;
		expect(String(await readArchiveMember(sdist.path, 'tar.gz', 'zulip_bots-0.10.0/PKG-INFO'))).toContain('Version: 0.10.0');
	});

	test('the toggle was on during the build and its file is byte-identical afterwards', async () => {
		const {release} = await status(repository);
		const wheel = release!.packages['zulip-bots']!.files.find(file => file.name.endsWith('.whl'))!;
		expect(await readArchiveMember(wheel.path, 'zip', 'zulip_bots/fixtures/greeting.json')).toBeDefined();
		const after = await readFile(path.join(repository.root, 'zulip_bots/setup.py'), 'utf8');
		expect(after).toBe(togglesFileBefore.replace('ZULIP_BOTS_VERSION = "0.9.1"', 'ZULIP_BOTS_VERSION = "0.10.0"').replace('"zulip==0.9.1"', '"zulip==0.10.0"'));
		expect(after).toBe(git(repository.root, 'show', 'HEAD:zulip_bots/setup.py'));
	});

	test('the record says ready, with each step, its timing, the files and the skipped tests', async () => {
		const {release} = await status(repository);
		expect(release).toMatchObject({status: 'ready', version: '0.10.0', bump: ['minor'], toggles: []});
		expect(release!.steps.build).toMatchObject({status: 'done'});
		expect(release!.steps['build']?.durationMs).toBeGreaterThan(0);
		expect(release!.skips).toEqual([{step: 'tests', reason: 'no test command is configured, and no pytest configuration or tests/ folder was found'}]);
		expect(release!.commit).toBe(git(repository.root, 'rev-parse', 'HEAD').trim());
	});
});

describe('wizard --ci --bump minor on the five-layer poetry-core monorepo with caret pins', () => {
	let repository: TestRepository;
	let result: Awaited<ReturnType<typeof runCli>>;

	beforeAll(async () => {
		requirePythonModules(['build', 'twine', 'poetry.core'], 'python3-build twine python3-poetry-core');
		repository = await gitRepository(releasablePoetryMonorepo('1.2.0'));
		result = await runCli(['--ci', ...localRelease, '--bump', 'minor', '--no-isolation', '--jobs', '2', '--python', python, repository.root], {
			env: {XDG_CONFIG_HOME: repository.configHome},
		});
	});

	test('rewrites every version and every caret pin, and nothing else', () => {
		expect(result.stderr).toBe('');
		expect(result.exitCode).toBe(0);
		const lines = changedLines(git(repository.root, 'diff', '-U0', 'HEAD~1', 'HEAD'));
		expect(lines.filter(line => line.startsWith('-') && !line.startsWith('---')).sort()).toEqual(
			[
				...Array.from({length: 6}, () => '-version = "1.2.0"'),
				'-__version__ = "1.2.0"',
				'-fin-core = "^1.2.0"',
				'-fin-core = "^1.2.0"',
				'-fin-core = "^1.2.0"',
				'-fin-data = "^1.2.0"',
				'-fin-charts = "^1.2.0"',
				'-fin-providers = "^1.2.0"',
				'-fin-platform = "^1.2.0"',
			].sort(),
		);
		expect(lines.filter(line => line.startsWith('+') && !line.startsWith('+++')).sort()).toEqual(
			[
				...Array.from({length: 6}, () => '+version = "1.3.0"'),
				'+__version__ = "1.3.0"',
				'+fin-core = "^1.3.0"',
				'+fin-core = "^1.3.0"',
				'+fin-core = "^1.3.0"',
				'+fin-data = "^1.3.0"',
				'+fin-charts = "^1.3.0"',
				'+fin-providers = "^1.3.0"',
				'+fin-platform = "^1.3.0"',
			].sort(),
		);
		expect(git(repository.root, 'log', '-1', '--format=%s').trim()).toBe('Release 1.3.0');
	});

	test('builds layer after layer: each package only after every package it depends on', async () => {
		const order = builtOrder(String(result.stdout));
		expect(order).toHaveLength(6);
		const position = (name: string) => order.indexOf(name);
		expect(position('fin-core')).toBe(0);
		expect(Math.max(position('fin-charts'), position('fin-data'))).toBeLessThan(position('fin-providers'));
		expect(position('fin-providers')).toBeLessThan(position('fin-platform'));
		expect(position('fin-platform')).toBe(4);
		expect(position('fin')).toBe(5);
		const {release} = await status(repository);
		expect(release!.batches).toEqual([['fin-core'], ['fin-charts', 'fin-data'], ['fin-providers'], ['fin-platform'], ['fin']]);
		for (const entry of Object.values(release!.packages)) {
			expect(entry.files.map(file => file.name)).toEqual([`${entry.normalizedName.replaceAll('-', '_')}-1.3.0-py3-none-any.whl`, `${entry.normalizedName.replaceAll('-', '_')}-1.3.0.tar.gz`]);
		}

		const platform = release!.packages['fin-platform']!.files.find(file => file.name.endsWith('.whl'))!;
		const metadata = String(await readArchiveMember(platform.path, 'zip', 'fin_platform-1.3.0.dist-info/METADATA'));
		expect(metadata).toContain('Version: 1.3.0');
		expect(metadata).toMatch(/Requires-Dist: fin-charts \(>=1\.3\.0,<2\.0\.0\)/);
	});
});

import path from 'node:path';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {runCli} from '../helpers/cli.js';
import {startTerminal, type Terminal} from '../helpers/tmux.js';
import {python, requirePythonModules} from '../helpers/tools.js';
import {git, gitRepository, type TestRepository} from '../integration/release/git-repository.js';
import {setuptoolsChain} from './wizard-fixtures.js';
import {acceptedUploads, saveScreenshot, screenFrom, titleLine, typeAndEnter, uploadLog, wizardCommand} from './wizard-terminal.js';

/*
 * A three-package setuptools monorepo released with `wizard --sandbox --delay 2 --bump patch` in a
 * real terminal (tmux, 100x32), interrupted with Ctrl+C while the test index makes the first
 * batch visible, then `wizard --sandbox` again: the resume screen, Enter, and the release
 * finishes. The in-process sandbox keeps its files and upload log with the release record, so
 * the second run serves what the first uploaded, and the log shows every upload of both.
 */

const size = {columns: 100, rows: 32};
const packages = ['tally_core', 'tally_store', 'tally_cli'];

describe('a monorepo release interrupted with Ctrl+C during the propagation wait, resumed in the wizard', () => {
	let repository: TestRepository;
	let first: Terminal;
	let second: Terminal;
	const screens = new Map<string, string>();
	let firstExit: number;
	let secondExit: number;
	let resumeCommand: string;

	const start = async (args: readonly string[]) => startTerminal({command: wizardCommand(args), ...size, cwd: repository.root, env: {XDG_CONFIG_HOME: repository.configHome}});

	/** Waits for the screen titled `words` (its top may have scrolled off) and keeps it as `name`. */
	async function see(terminal: Terminal, name: string, words: string, timeoutMs = 60_000): Promise<string> {
		const screen = screenFrom(await terminal.waitFor(titleLine(words), {timeoutMs, scrollback: true}), titleLine(words));
		screens.set(name, screen);
		return screen;
	}

	async function recordFile(): Promise<string> {
		const status = await runCli(['status', '--json', repository.root], {env: {XDG_CONFIG_HOME: repository.configHome}});
		return (JSON.parse(status.stdout) as {file: string}).file;
	}

	beforeAll(async () => {
		requirePythonModules(['build', 'twine', 'setuptools', 'pip', 'venv'], 'python3-build twine python3-setuptools python3-pip python3-venv');
		repository = await gitRepository(setuptoolsChain('1.0.0'));

		first = await start(['--sandbox', '--delay', '2', '--bump', 'patch', '--no-isolation', '--python', python]);
		await see(first, 'plan', 'Plan');
		await first.waitFor(/✔ build {2}✔ twine {2}✔ pip {2}✔ venv/);
		screens.set('plan', screenFrom(await first.capture({scrollback: true}), titleLine('Plan')));
		await saveScreenshot(first, 'plan', size, titleLine('Plan'));
		await first.press('Enter');
		await see(first, 'changes', 'Changes');
		await first.type('y');
		await see(first, 'production', 'Publish to production', 240_000);
		await first.waitFor('Type 1.0.1 and Enter to confirm');
		await saveScreenshot(first, 'production', size, titleLine('Publish to production'));
		await typeAndEnter(first, '1.0.1', /^> 1\.0\.1/m);
		screens.set('waiting', await first.waitFor(/waiting for sandbox testpypi .* since .*next poll in/, {timeoutMs: 240_000}));
		await saveScreenshot(first, 'batch-view', size);
		await first.press('C-c');
		firstExit = await first.exitCode(60_000);
		screens.set('interrupted', screenFrom(await first.capture({scrollback: true}), titleLine('Summary')));
		resumeCommand = /^ {2}(wizard .*)$/m.exec(screens.get('interrupted')!.split('Resume with this command')[1] ?? '')?.[1] ?? '';
		await first.kill();

		second = await start(resumeCommand.split(' ').slice(1));
		await see(second, 'resume', 'Resume');
		await second.press('Enter');
		await see(second, 'production again', 'Publish to production', 240_000);
		await second.waitFor('Type 1.0.1 and Enter to confirm');
		await typeAndEnter(second, '1.0.1', /^> 1\.0\.1/m);
		screens.set('tag push', await second.waitFor(/Push main and the tag v1\.0\.1 to origin/, {timeoutMs: 240_000}));
		await second.type('y');
		await see(second, 'summary', 'Summary', 120_000);
		secondExit = await second.exitCode(60_000);
		screens.set('summary', screenFrom(await second.capture({scrollback: true}), titleLine('Summary')));
	}, 900_000);

	afterAll(async () => {
		await first?.kill();
		await second?.kill();
	});

	test('the plan shows the three packages in three batches, and fits the 32 rows by counting the version locations', () => {
		const plan = screens.get('plan')!;
		expect(plan).toMatch(/Batch 1\n\s+tally_core\s+1\.0\.0\s+core\n\s+Batch 2\n\s+tally_store\s+1\.0\.0\s+store\n\s+Batch 3\n\s+tally_cli\s+1\.0\.0\s+cli/);
		expect(plan).toMatch(/^Version written in \d+ places \(wizard plan lists them\)$/m);
		expect(plan.split('\n').length).toBeLessThan(32);
	});

	test('the changes show every version and pin edit before the commit', () => {
		const changes = screens.get('changes')!;
		expect(changes).toContain('+version = "1.0.1"');
		expect(changes).toContain('+dependencies = ["tally-store==1.0.1"]');
		expect(git(repository.root, 'log', '--format=%s', '-1', 'v1.0.1').trim()).toBe('Release 1.0.1');
	});

	test('the production confirmation names the version, every package and the index, and asks for the version typed', () => {
		const production = screens.get('production')!;
		for (const name of packages) {
			expect(production).toMatch(new RegExp(`${name} 1\\.0\\.1: ${name}-1\\.0\\.1-py3-none-any\\.whl, ${name}-1\\.0\\.1\\.tar\\.gz`));
		}

		expect(production).toMatch(/index: http:\/\/127\.0\.0\.1:\d+\/pypi\/legacy\//);
		expect(production).toContain('First-ever publish: type the version to confirm.');
	});

	test('Ctrl+C during the wait exits 130 and prints the command that resumes', () => {
		expect(screens.get('waiting')).toMatch(/Batch 1 of 3 · 1 package: 1 waiting for the index/);
		expect(firstExit, screens.get('interrupted')).toBe(130);
		expect(screens.get('interrupted')).toContain('The release of 1.0.1 was interrupted.');
		expect(resumeCommand).toBe(`wizard --sandbox --delay 2 --no-isolation --python ${python} ${repository.root}`);
	});

	test('the resume screen says what was released where and where it stopped', () => {
		const resume = screens.get('resume')!;
		expect(resume).toContain('A release of 1.0.1 started');
		expect(resume).toMatch(/It was interrupted at Upload to sandbox testpypi/);
		expect(resume).toMatch(/sandbox testpypi .*: 1 of 3 packages uploaded/);
		expect(resume).toMatch(/❯ Resume from Upload to sandbox testpypi/);
		expect(resume).toContain('Start over');
	});

	test('the resumed release finishes: exit 0, the tag pushed, every page linked', () => {
		const summary = screens.get('summary')!;
		expect(secondExit, summary).toBe(0);
		for (const name of packages) {
			expect(summary).toMatch(new RegExp(`✔ sandbox pypi .* http://127\\.0\\.0\\.1:\\d+/pypi/pypi/${name.replace('_', '-')}/1\\.0\\.1/json`));
		}

		expect(git(repository.root, 'ls-remote', '--tags', 'origin').trim()).toMatch(/refs\/tags\/v1\.0\.1$/m);
	});

	test('every file was uploaded once per index over both runs', async () => {
		const log = await uploadLog(path.join((await recordFile()).replace(/\.json$/, ''), 'sandbox', 'uploads.log'));
		const files = packages.flatMap(name => [`${name}-1.0.1-py3-none-any.whl`, `${name}-1.0.1.tar.gz`]).sort();
		expect(acceptedUploads(log)).toEqual({testpypi: files, pypi: files});
	});
});

import {readdir, readFile} from 'node:fs/promises';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import type {UploadLogEntry} from '../../source/sandbox/upload-log.js';
import {openKeychain} from '../../source/core/credentials/keychain.js';
import {runCli} from '../helpers/cli.js';
import {startKeychainSession, type KeychainSession} from '../helpers/keychain-session.js';
import {currentCaveats, mintTokens} from '../helpers/mint-token.js';
import {temporaryFolder} from '../helpers/temp.js';
import {startTerminal, type Terminal} from '../helpers/tmux.js';
import {python, requirePythonModules} from '../helpers/tools.js';
import {git, gitRepository, type TestRepository} from '../integration/release/git-repository.js';
import {firstHatchlingPackage} from './wizard-fixtures.js';
import {acceptedUploads, saveScreenshot, screenFrom, startSandboxProcess, titleLine, typeAndEnter, wizardCommand, type SandboxProcess} from './wizard-terminal.js';

/*
 * A first-time publisher, by keystrokes only, in a real terminal (tmux, 100x32): one hatchling
 * package, no token anywhere, the OS keychain (GNOME Keyring in a private D-Bus session) and
 * `wizard sandbox --delay 2` as both indexes. Plan, the first-publish guide (the token typed and
 * stored), a version picked from the list, the version commit, the checklist, the typed
 * confirmation of a first-ever production upload, the tag push, the summary.
 */

const size = {columns: 100, rows: 32};

describe('a first-time publisher releases one hatchling package in the wizard, keys only', () => {
	let keychain: KeychainSession;
	let sandbox: SandboxProcess;
	let repository: TestRepository;
	let terminal: Terminal;
	let token: string;
	let masked: RegExp;
	let exitCode: number;
	const screens = new Map<string, string>();
	/** Every capture taken, scrollback included: the token must be on none of them. */
	const captures: string[] = [];
	const testUploadUrl = () => `${sandbox.url}/testpypi/legacy/`;
	const productionUploadUrl = () => `${sandbox.url}/pypi/legacy/`;

	/** Waits until the terminal shows `expected` (scrollback included) and keeps the screen from `title` on as `name`. */
	async function see(name: string, title: string, expected: string | RegExp = titleLine(title), timeoutMs = 60_000): Promise<string> {
		const whole = await terminal.waitFor(expected, {timeoutMs, scrollback: true});
		captures.push(whole);
		const screen = screenFrom(whole, titleLine(title));
		screens.set(name, screen);
		return screen;
	}

	beforeAll(async () => {
		requirePythonModules(['build', 'twine', 'hatchling', 'pip', 'venv'], 'python3-build twine python3-hatchling python3-pip python3-venv');
		keychain = await startKeychainSession();
		token = mintTokens([{caveats: [currentCaveats.user('5a1e-first-publisher')]}])[0]!;
		// Longer than the field: the stars end in a count.
		masked = new RegExp(`^> \\*+ \\(${token.length} characters\\)`, 'm');
		sandbox = await startSandboxProcess(path.join(await temporaryFolder('wizard-e2e-sandbox-'), 'data'), token, 2);
		repository = await gitRepository(firstHatchlingPackage('0.1.0'));
		terminal = await startTerminal({
			command: wizardCommand(['--test-repository', testUploadUrl(), '--repository', productionUploadUrl(), '--no-isolation', '--python', python]),
			...size,
			cwd: repository.root,
			env: {...keychain.env, XDG_CONFIG_HOME: repository.configHome},
		});

		// The targets' token states come from the keychain, the tools from the interpreter: both in.
		await see('plan', 'Plan', /no token yet(?:.|\n)*✔ build {2}✔ twine {2}✔ pip {2}✔ venv|✔ build {2}✔ twine {2}✔ pip {2}✔ venv(?:.|\n)*no token yet/);
		await terminal.press('Enter');

		await see('guide', 'First publish', /Paste the upload token for/);
		captures.push(await typeAndEnter(terminal, token, masked));
		await see('guide, test token stored', 'First publish', /stored in the OS keychain(?:.|\n)*Paste the upload token for/);
		captures.push(await typeAndEnter(terminal, token, masked));
		await see('guide, both tokens stored', 'First publish', /stored in the OS keychain(?:.|\n)*stored in the OS keychain(?:.|\n)*Enter continue/);
		await terminal.press('Enter');

		await see('version', 'Version', /❯ patch\s+0\.1\.1/);
		await saveScreenshot(terminal, 'version', size, titleLine('Version'));
		await terminal.press('Up');
		await see('version, minor', 'Version', /❯ minor\s+0\.2\.0/);
		await terminal.press('Enter');

		await see('changes', 'Changes', /commit it as "Release 0\.2\.0"/);
		await terminal.type('y');

		await see('production', 'Publish to production', 'Type 0.2.0 and Enter to confirm', 240_000);
		await typeAndEnter(terminal, '0.2.0', /^> 0\.2\.0/m);

		await see('release', 'Release', /Push main and the tag v0\.2\.0 to origin/, 240_000);
		await terminal.type('y');

		await see('summary', 'Summary', titleLine('Summary'), 120_000);
		exitCode = await terminal.exitCode(60_000);
		await see('summary', 'Summary', /Record: /);
		await saveScreenshot(terminal, 'summary', size, titleLine('Summary'));
	}, 600_000);

	afterAll(async () => {
		await terminal?.kill();
		sandbox?.process.kill('SIGTERM');
		await sandbox?.process;
		await keychain?.close();
	});

	test('the plan shows the package, its version location and both indexes without a token', () => {
		const plan = screens.get('plan')!;
		expect(plan).toMatch(/tmux_greeter\s+0\.1\.0/);
		expect(plan).toContain('pyproject.toml:7');
		expect(plan).toMatch(new RegExp(`Test: sandbox testpypi \\(127\\.0\\.0\\.1:\\d+\\) ${testUploadUrl()}\\n\\s+✖ no token yet`));
		expect(plan).toMatch(new RegExp(`Production: sandbox pypi \\(127\\.0\\.0\\.1:\\d+\\) ${productionUploadUrl()}\\n\\s+✖ no token yet`));
	});

	test('the guide finds the name free on both indexes and stores the token for each, naming its scope', () => {
		// One column per index, named once below (PEP 503: the normalised name beside the written one).
		expect(screens.get('guide')).toMatch(/^ +test +production\n {2}tmux_greeter \(tmux-greeter\) +free +free\n\s+test: sandbox testpypi .* · production: sandbox pypi/m);
		// The scope read from the token: a user-wide caveat, as a first upload of a new project needs.
		const stored = screens.get('guide, both tokens stored')!.replaceAll('\n', ' ');
		expect(stored).toMatch(/✓ sandbox testpypi \(127\.0\.0\.1:\d+\): stored in the OS keychain; scope: every project of your account/);
		expect(stored).toMatch(/✓ sandbox pypi \(127\.0\.0\.1:\d+\): stored in the OS keychain; scope: every project of your account/);
	});

	test('the version list offers the next versions, and the one picked is committed', () => {
		expect(screens.get('version')).toMatch(/major\s+1\.0\.0/);
		expect(screens.get('version')).toMatch(/minor\s+0\.2\.0/);
		expect(screens.get('version')).toMatch(/patch\s+0\.1\.1/);
		expect(screens.get('changes')).toMatch(/-version = "0\.1\.0"/);
		expect(screens.get('changes')).toMatch(/\+version = "0\.2\.0"/);
		expect(git(repository.root, 'log', '-1', '--format=%s').trim()).toMatch(/0\.2\.0/);
	});

	test('the production confirmation names the version, the package and the index, and asks for the version typed', () => {
		const production = screens.get('production')!;
		expect(production).toContain('0.2.0');
		expect(production).toContain('tmux_greeter');
		expect(production).toContain(productionUploadUrl().replace(/\/legacy\/$/, ''));
		expect(production).toMatch(/type the version/i);
	});

	test('the summary links the project on both indexes and names the record; the wizard exits 0', async () => {
		const summary = screens.get('summary')!;
		expect(exitCode, summary).toBe(0);
		expect(summary).toContain(`${sandbox.url}/testpypi/`);
		expect(summary).toContain(`${sandbox.url}/pypi/`);
		const status = await runCli(['status', '--json', repository.root], {env: {XDG_CONFIG_HOME: repository.configHome}});
		const recordFile = (JSON.parse(status.stdout) as {file: string}).file;
		expect(summary.replaceAll('\n', '')).toContain(path.basename(recordFile));
	});

	test('the token is in the OS keychain for both indexes', async () => {
		const stored = openKeychain({env: {...process.env, ...keychain.env}});
		expect(await stored.getToken(testUploadUrl())).toBe(token);
		expect(await stored.getToken(productionUploadUrl())).toBe(token);
	});

	test('the token appears on no screen, in no record and in no log', async () => {
		expect(captures.length).toBeGreaterThan(8);
		for (const screen of captures) {
			expect(screen).not.toContain(token);
			expect(screen).not.toContain(token.slice(5, 40));
		}

		const status = await runCli(['status', '--json', repository.root], {env: {XDG_CONFIG_HOME: repository.configHome}});
		const recordFile = (JSON.parse(status.stdout) as {file: string}).file;
		const folder = recordFile.replace(/\.json$/, '');
		const files = [recordFile, ...(await readdir(folder, {recursive: true, withFileTypes: true})).filter(entry => entry.isFile()).map(entry => path.join(entry.parentPath, entry.name))];
		expect(files.filter(file => file.endsWith('.log')).length).toBeGreaterThan(0);
		for (const file of files) {
			expect(await readFile(file, 'utf8'), file).not.toContain(token.slice(5, 40));
		}
	});

	test('the sandbox got each file once per index, and the tag reached the remote', async () => {
		const log = ((await (await fetch(`${sandbox.url}/_sandbox/uploads`)).json()) as {uploads: UploadLogEntry[]}).uploads;
		const files = ['tmux_greeter-0.2.0-py3-none-any.whl', 'tmux_greeter-0.2.0.tar.gz'];
		expect(acceptedUploads(log)).toEqual({testpypi: files, pypi: files});
		expect(git(repository.root, 'ls-remote', '--tags', 'origin').trim()).toMatch(/refs\/tags\/v0\.2\.0$/m);
	});
});

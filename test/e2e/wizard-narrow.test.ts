import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {startTerminal, type Terminal} from '../helpers/tmux.js';
import {python, requirePythonModules} from '../helpers/tools.js';
import {git, gitRepository, type TestRepository} from '../integration/release/git-repository.js';
import {setuptoolsChain} from './wizard-fixtures.js';
import {screenFrom, titleLine, wizardCommand} from './wizard-terminal.js';

/*
 * The same monorepo in a 60x24 terminal: the plan and the version list stay one row per entry,
 * `?` opens the version screen's help, and `q` leaves before anything changed.
 */

describe('the wizard in a 60-column terminal, left with q at the version screen', () => {
	let repository: TestRepository;
	let terminal: Terminal;
	const screens = new Map<string, string>();
	let exitCode: number;
	let headBefore: string;

	beforeAll(async () => {
		requirePythonModules(['build', 'twine', 'pip', 'venv'], 'python3-build twine python3-pip python3-venv');
		repository = await gitRepository(setuptoolsChain('1.0.0'));
		headBefore = git(repository.root, 'rev-parse', 'HEAD').trim();
		terminal = await startTerminal({command: wizardCommand(['--sandbox', '--no-isolation', '--python', python]), columns: 60, rows: 24, cwd: repository.root, env: {XDG_CONFIG_HOME: repository.configHome}});
		screens.set('plan', screenFrom(await terminal.waitFor(/✔ build {2}✔ twine {2}✔ pip {2}✔ venv/, {scrollback: true}), titleLine('Plan')));
		await terminal.press('Enter');
		screens.set('version', screenFrom(await terminal.waitFor(/❯ patch\s+1\.0\.1/, {scrollback: true}), titleLine('Version')));
		await terminal.type('?');
		screens.set('help', await terminal.waitFor('Esc goes back; q quits without changing anything.'));
		await terminal.type('q');
		exitCode = await terminal.exitCode();
		screens.set('after', await terminal.capture({scrollback: true}));
	}, 300_000);

	afterAll(async () => {
		await terminal?.kill();
	});

	// tmux wraps what is wider than the terminal, so a row cut in two would not match.
	test('the plan keeps one package per row; taller than the terminal, it counts the version locations instead of listing them', () => {
		const plan = screens.get('plan')!;
		expect(plan).toMatch(/^ {4}tally_core {3}1\.0\.0 {2}core$/m);
		expect(plan).toMatch(/^ {4}tally_store {2}1\.0\.0 {2}store$/m);
		expect(plan).toMatch(/^ {4}tally_cli {4}1\.0\.0 {2}cli$/m);
		expect(plan).toMatch(/^Version written in \d+ places \(wizard plan lists them\)$/m);
		expect(plan).not.toContain('setup.cfg:3');
	});

	test('the version list shows each next version on its own row', () => {
		const version = screens.get('version')!;
		for (const row of ['  major   2.0.0', '  minor   1.1.0', '❯ patch   1.0.1', '  keep    1.0.0 (as it is)', '  type a version']) {
			expect(version.split('\n')).toContain(row);
		}

		expect(screens.get('help')).toContain('"type a version": any PEP 440 version greater than the');
	});

	test('q leaves with exit 0, saying nothing was changed, and nothing was', () => {
		expect(exitCode, screens.get('after')).toBe(0);
		expect(screens.get('after')).toContain('Stopped before the first step: nothing was changed.');
		expect(git(repository.root, 'rev-parse', 'HEAD').trim()).toBe(headBefore);
		expect(git(repository.root, 'status', '--porcelain')).toBe('');
	});
});

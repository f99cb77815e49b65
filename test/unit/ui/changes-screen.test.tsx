import {cleanup, render} from 'ink-testing-library';
import {afterEach, expect, test, vi} from 'vitest';
import type {Question} from '../../../source/core/release/questions.js';
import {ChangesScreen} from '../../../source/ui/ink/screens/changes-screen.js';
import {keys, plain, press, waitForFrame} from '../../helpers/ink.js';
import {flat, widest} from './screen-text.js';

afterEach(() => {
	cleanup();
});

type Confirm = Extract<Question, {kind: 'confirm'}>;

const diff = [
	'Index: pyproject.toml',
	'===================================================================',
	'--- pyproject.toml',
	'+++ pyproject.toml',
	'@@ -1,4 +1,4 @@',
	' [project]',
	' name = "pkg-a"',
	'-version = "1.2.3"',
	'+version = "1.2.4"',
	' requires-python = ">=3.9"',
];

function commitQuestion(detail: readonly string[]): Confirm {
	return {kind: 'confirm', id: 'confirm-version-commit', message: 'Commit the version edits?', detail, default: true, ci: {answer: 'yes', because: 'test'}};
}

test('the version edits show as a diff with the CHANGELOG warning under it; y commits', async () => {
	const onAnswer = vi.fn();
	const question = commitQuestion([...diff, 'CHANGELOG.md has no entry for 1.2.4.']);
	const screen = render(<ChangesScreen question={question} rows={30} columns={60} onAnswer={onAnswer} />);
	const frame = plain(await waitForFrame(screen, 'Commit the version edits? (Y/n)'));
	const lines = frame.split('\n');
	expect(lines[0]).toBe('Changes');
	expect(lines).toContain('-version = "1.2.3"');
	expect(lines).toContain('+version = "1.2.4"');
	expect(frame).toContain('! CHANGELOG.md has no entry for 1.2.4.');
	expect(frame).not.toContain('lines 1-');
	expect(widest(frame)).toBeLessThanOrEqual(60);
	await press(screen, 'y', 'n');
	expect(onAnswer.mock.calls).toEqual([['yes']]);
});

test('n stops: the release is told no', async () => {
	const onAnswer = vi.fn();
	const screen = render(<ChangesScreen question={commitQuestion(diff)} rows={30} columns={60} onAnswer={onAnswer} />);
	await waitForFrame(screen, '(Y/n)');
	await press(screen, 'n');
	expect(onAnswer.mock.calls).toEqual([['no']]);
});

test('a diff longer than the terminal scrolls with the arrows and PgUp/PgDn, and stays within the rows', async () => {
	const long = ['--- pyproject.toml', '+++ pyproject.toml', '@@ -1,60 +1,60 @@', ...Array.from({length: 60}, (_, index) => ` line ${index + 1}`)];
	const onAnswer = vi.fn();
	const screen = render(<ChangesScreen question={commitQuestion([...long, 'a warning'])} rows={20} columns={60} onAnswer={onAnswer} />);
	let frame = plain(await waitForFrame(screen, 'lines 1-13 of 63'));
	expect(frame.split('\n').length).toBeLessThanOrEqual(20);
	expect(frame).toContain('--- pyproject.toml');
	expect(frame).not.toContain(' line 11\n');

	await press(screen, keys.down);
	frame = plain(await waitForFrame(screen, 'lines 2-14 of 63'));
	expect(frame).not.toContain('--- pyproject.toml');

	await press(screen, '\u001B[6~');
	frame = plain(await waitForFrame(screen, 'lines 15-27 of 63'));
	expect(frame).toContain(' line 12\n');

	// Past the end it stops at the last page.
	await press(screen, '\u001B[6~', '\u001B[6~', '\u001B[6~', '\u001B[6~', '\u001B[6~');
	frame = plain(await waitForFrame(screen, 'lines 51-63 of 63'));
	expect(frame).toContain(' line 60\n');

	await press(screen, '\u001B[5~', keys.up);
	await waitForFrame(screen, 'lines 37-49 of 63');
	expect(onAnswer).not.toHaveBeenCalled();
	expect(flat(screen.lastFrame()!)).toContain('! a warning');
});

test('the diff is coloured: additions green, removals red, hunk headers cyan', async () => {
	const {default: chalk} = await import('chalk');
	const level = chalk.level;
	chalk.level = 1;
	try {
		const screen = render(<ChangesScreen question={commitQuestion(diff)} rows={30} columns={60} onAnswer={() => {}} />);
		const frame = await waitForFrame(screen, '(Y/n)');
		expect(frame).toContain('\u001B[32m+version = "1.2.4"');
		expect(frame).toContain('\u001B[31m-version = "1.2.3"');
		expect(frame).toContain('\u001B[36m@@ -1,4 +1,4 @@');
		expect(frame).not.toContain('\u001B[32m name = "pkg-a"');
	} finally {
		chalk.level = level;
	}
});

test('? shows what the keys do; Enter takes the default', async () => {
	const onAnswer = vi.fn();
	const screen = render(<ChangesScreen question={{...commitQuestion(diff), default: false}} rows={30} columns={60} onAnswer={onAnswer} />);
	await waitForFrame(screen, '(y/N)');
	await press(screen, '?');
	expect(flat(await waitForFrame(screen, 'PgUp/PgDn a page'))).toContain('n stops the release');
	await press(screen, keys.enter);
	expect(onAnswer.mock.calls).toEqual([['no']]);
});

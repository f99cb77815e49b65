import {cleanup, render} from 'ink-testing-library';
import {afterEach, expect, test, vi} from 'vitest';
import type {Question} from '../../../source/core/release/questions.js';
import {ProductionScreen} from '../../../source/ui/ink/screens/production-screen.js';
import {QuestionScreen} from '../../../source/ui/ink/screens/question-screen.js';
import {keys, plain, press, waitForFrame} from '../../helpers/ink.js';
import {flat, widest} from './screen-text.js';

afterEach(() => {
	cleanup();
});

type Confirm = Extract<Question, {kind: 'confirm'}>;

// As upload.ts asks it.
const publish: Confirm = {
	kind: 'confirm',
	id: 'confirm-production-upload',
	message: 'Upload pkg-a 1.2.4 and pkg-b 1.2.4 to PyPI? Files on PyPI can never be replaced.',
	detail: [
		'pkg-a 1.2.4: pkg_a-1.2.4.tar.gz, pkg_a-1.2.4-py3-none-any.whl',
		'pkg-b 1.2.4: pkg_b-1.2.4.tar.gz, pkg_b-1.2.4-py3-none-any.whl',
		'index: https://upload.pypi.org/legacy/',
	],
	default: true,
	ci: {answer: 'yes', because: 'wizard --ci publishes unless --stop-after test'},
};

const firstEver: Confirm = {
	...publish,
	message: 'Upload pkg-a 0.1.0 to PyPI? Files on PyPI can never be replaced.',
	detail: ['pkg-a 0.1.0: pkg_a-0.1.0.tar.gz', 'index: https://upload.pypi.org/legacy/', 'pkg-a is new on PyPI: this is its first-ever publish'],
	default: false,
	confirmText: '0.1.0',
};

test('names the version, every package with its files, and the index; y publishes', async () => {
	const onAnswer = vi.fn();
	const screen = render(<ProductionScreen question={publish} columns={60} onAnswer={onAnswer} />);
	const frame = await waitForFrame(screen, 'Publish? (Y/n)');
	const text = flat(frame);
	expect(plain(frame).split('\n')[0]).toBe('Publish to production');
	expect(text).toContain('Upload pkg-a 1.2.4 and pkg-b 1.2.4 to PyPI?');
	expect(text).toContain('pkg-b 1.2.4: pkg_b-1.2.4.tar.gz, pkg_b-1.2.4-py3-none-any.whl');
	expect(text).toContain('index: https://upload.pypi.org/legacy/');
	expect(widest(frame)).toBeLessThanOrEqual(60);
	await press(screen, 'y');
	expect(onAnswer.mock.calls).toEqual([['yes']]);
});

test('n answers no, and Enter takes the default', async () => {
	const no = vi.fn();
	const first = render(<ProductionScreen question={publish} columns={60} onAnswer={no} />);
	await waitForFrame(first, '(Y/n)');
	await press(first, 'n');
	expect(no.mock.calls).toEqual([['no']]);
	first.unmount();

	const byDefault = vi.fn();
	const second = render(<ProductionScreen question={publish} columns={60} onAnswer={byDefault} />);
	await waitForFrame(second, '(Y/n)');
	await press(second, keys.enter);
	expect(byDefault.mock.calls).toEqual([['yes']]);
});

test('a first-ever publish is confirmed only by typing the version: y, Enter and a wrong text never answer yes', async () => {
	const onAnswer = vi.fn();
	const screen = render(<ProductionScreen question={firstEver} columns={60} onAnswer={onAnswer} />);
	const frame = flat(await waitForFrame(screen, 'Type 0.1.0 and Enter'));
	expect(frame).toContain('pkg-a is new on PyPI: this is its first-ever publish');
	expect(frame).not.toContain('(y/N)');

	await press(screen, keys.enter);
	expect(flat(await waitForFrame(screen, 'Nothing typed'))).toContain('type 0.1.0 exactly, or Esc to stop');
	await press(screen, 'y', keys.enter);
	expect(flat(await waitForFrame(screen, '"y" is not 0.1.0'))).toContain('> y');
	await press(screen, keys.backspace, '0.1.', keys.enter);
	await waitForFrame(screen, '"0.1." is not 0.1.0');
	await press(screen, '00', keys.enter);
	await waitForFrame(screen, '"0.1.00" is not 0.1.0');
	expect(onAnswer).not.toHaveBeenCalled();

	// The text is shown as typed.
	await press(screen, keys.backspace);
	await waitForFrame(screen, '> 0.1.0');
	await press(screen, keys.enter);
	expect(onAnswer.mock.calls).toEqual([['yes']]);
	expect(plain(await waitForFrame(screen, 'Confirmed: 0.1.0'))).not.toContain('Type 0.1.0');
});

test('a first-ever publish says no on Esc, or on n while nothing is typed', async () => {
	const onEscape = vi.fn();
	const first = render(<ProductionScreen question={firstEver} columns={60} onAnswer={onEscape} />);
	await waitForFrame(first, 'Type 0.1.0');
	await press(first, '0.1', keys.escape);
	expect(onEscape.mock.calls).toEqual([['no']]);
	first.unmount();

	const onNo = vi.fn();
	const second = render(<ProductionScreen question={firstEver} columns={60} onAnswer={onNo} />);
	await waitForFrame(second, 'Type 0.1.0');
	await press(second, 'n');
	expect(onNo.mock.calls).toEqual([['no']]);
	await waitForFrame(second, 'Not confirmed.');
});

test('? opens the help from the typed confirm without typing into it', async () => {
	const screen = render(<ProductionScreen question={firstEver} columns={60} onAnswer={() => {}} />);
	await waitForFrame(screen, 'Type 0.1.0');
	await press(screen, '?');
	const frame = plain(await waitForFrame(screen, 'can never be replaced or'));
	expect(frame).not.toContain('> ?');
});

test('another confirm with a text to type (routed by kind) works the same way', async () => {
	const onAnswer = vi.fn();
	const screen = render(
		<QuestionScreen
			question={{kind: 'confirm', id: 'confirm-delete-branch', message: 'Delete the branch release/1.0?', default: false, confirmText: 'release/1.0', ci: {flag: '--yes'}}}
			columns={60}
			rows={24}
			onAnswer={onAnswer}
		/>,
	);
	await waitForFrame(screen, 'Type release/1.0');
	await press(screen, 'y', keys.enter);
	expect(onAnswer).not.toHaveBeenCalled();
	await press(screen, '\u0015', 'release/1.0', keys.enter);
	expect(onAnswer.mock.calls).toEqual([['yes']]);
});

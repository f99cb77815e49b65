import {cleanup, render} from 'ink-testing-library';
import {afterEach, expect, test, vi} from 'vitest';
import type {Question} from '../../../source/core/release/questions.js';
import {QuestionScreen} from '../../../source/ui/ink/screens/question-screen.js';
import {keys, plain, press, waitForFrame} from '../../helpers/ink.js';
import {flat, widest} from './screen-text.js';

afterEach(() => {
	cleanup();
});

const ci = {answer: 'yes', because: 'test'} as const;

const tagPush: Question = {
	kind: 'confirm',
	id: 'confirm-tag-push',
	message: 'Push the tag v1.2.4 to origin?',
	detail: ['git push origin v1.2.4', 'remote: git@example.com:me/repo.git'],
	default: true,
	ci,
};

// As propagation-wait.ts asks it past wait.timeout.
const pastLimit: Question = {
	kind: 'choice',
	id: 'wait-test-batch-2',
	message: 'Batch 2 is still not fully visible on TestPyPI after 10 min (wait.timeout is 10 min).',
	detail: ['not listed yet: pkg_b-1.0.1-py3-none-any.whl', 'not listed yet: pkg_b-1.0.1.tar.gz'],
	choices: [
		{value: 'keep-waiting', label: 'Keep waiting', hint: 'another 10 min'},
		{value: 'stop', label: 'Stop and resume later', hint: 'run the same command later: the wait resumes, nothing is uploaded again'},
	],
	default: 'keep-waiting',
	ci: {answer: 'stop', because: 'a --ci run does not wait past wait.timeout'},
};

// As install-check.ts asks it when pip's cache is stale.
const staleCache: Question = {
	kind: 'choice',
	id: 'install-check-retry:pkg-a',
	message: 'pkg-a 1.0.1 did not install from TestPyPI: pip was served an old page for pkg-a from its cache. What now?',
	detail: ['Your environment: PIP_INDEX_URL is set'],
	choices: [
		{value: 'retry-no-cache-dir', label: "Retry without pip's cache: python -m pip install --no-cache-dir --index-url https://test.pypi.org/simple/ pkg-a==1.0.1", hint: 'one retry, nothing deleted'},
		{value: 'wait-and-retry', label: 'Wait 1 min for the cache to fetch the page again, then retry: python -m pip install pkg-a==1.0.1', hint: 'the cache expires'},
		{value: 'stop', label: 'Stop here: the release is kept, and the same command resumes at the install check'},
	],
	default: 'wait-and-retry',
	ci,
};

test('a confirm shows its detail and (Y/n); y answers yes once, and a key after the answer is not a second answer', async () => {
	const onAnswer = vi.fn();
	const screen = render(<QuestionScreen question={tagPush} columns={60} rows={24} onAnswer={onAnswer} />);
	const frame = plain(await waitForFrame(screen, 'Push the tag'));
	expect(frame).toContain('git push origin v1.2.4');
	expect(frame).toContain('Push the tag v1.2.4 to origin? (Y/n)');
	await press(screen, 'y', 'n', keys.enter);
	expect(onAnswer.mock.calls).toEqual([['yes']]);
	expect(plain(await waitForFrame(screen, 'origin? yes'))).not.toContain('(Y/n)');
});

test('a confirm answers no on n, and Enter takes the default', async () => {
	const no = vi.fn();
	const first = render(<QuestionScreen question={tagPush} columns={60} rows={24} onAnswer={no} />);
	await waitForFrame(first, '(Y/n)');
	await press(first, 'n');
	expect(no.mock.calls).toEqual([['no']]);
	first.unmount();

	const byDefault = vi.fn();
	const second = render(<QuestionScreen question={{...tagPush, id: 'confirm-downstream-1', message: 'Update the pins in ../app?', default: false}} columns={60} rows={24} onAnswer={byDefault} />);
	await waitForFrame(second, 'Update the pins in ../app? (y/N)');
	await press(second, keys.enter);
	expect(byDefault.mock.calls).toEqual([['no']]);
});

test('a choice highlights its default first, shows the highlighted hint, and answers the value picked with the arrows', async () => {
	const onAnswer = vi.fn();
	const screen = render(<QuestionScreen question={pastLimit} columns={60} rows={24} onAnswer={onAnswer} />);
	let frame = plain(await waitForFrame(screen, 'Keep waiting'));
	expect(flat(frame)).toContain('Batch 2 is still not fully visible on TestPyPI after 10 min');
	expect(frame).toContain('not listed yet: pkg_b-1.0.1.tar.gz');
	expect(frame).toMatch(/❯ Keep waiting/);
	expect(frame).toContain('another 10 min');
	await press(screen, keys.down);
	frame = plain(await waitForFrame(screen, /❯ Stop and resume later/));
	expect(flat(frame)).toContain('the wait resumes, nothing is uploaded again');
	await press(screen, keys.enter);
	expect(onAnswer.mock.calls).toEqual([['stop']]);
	expect(plain(await waitForFrame(screen, '→ Stop and resume later'))).not.toContain('Keep waiting');
});

test('a choice whose default is not the first item starts on it: Enter answers the default; long labels stay within 60 columns', async () => {
	const onAnswer = vi.fn();
	const screen = render(<QuestionScreen question={staleCache} columns={60} rows={24} onAnswer={onAnswer} />);
	const frame = await waitForFrame(screen, 'Stop here');
	expect(widest(frame)).toBeLessThanOrEqual(60);
	expect(flat(frame)).toContain('❯ Wait 1 min for the cache to fetch the page again');
	expect(flat(frame)).toContain("Retry without pip's cache: python -m pip install --no-cache-dir");
	// A wrapped label keeps the pointer's column: the items stay aligned.
	expect(plain(frame)).toContain('\n  Stop here: the release is kept');
	await press(screen, keys.enter);
	expect(onAnswer.mock.calls).toEqual([['wait-and-retry']]);
});

test('? toggles the help of a question without answering it', async () => {
	const onAnswer = vi.fn();
	const screen = render(<QuestionScreen question={pastLimit} columns={60} rows={24} onAnswer={onAnswer} />);
	await waitForFrame(screen, 'Keep waiting');
	await press(screen, '?');
	expect(plain(await waitForFrame(screen, 'Enter picks the highlighted answer'))).toContain('1-9 pick by position');
	expect(onAnswer).not.toHaveBeenCalled();
});

test('a secret question shows one * per character, answers the whole text, and no frame ever holds any piece of it', async () => {
	const secret = 'correct-horse-battery-staple-42';
	const onAnswer = vi.fn();
	const screen = render(<QuestionScreen question={{kind: 'secret', id: 'password', message: 'Password for the private index:', ci: {flag: '--token-env'}}} columns={60} rows={24} onAnswer={onAnswer} />);
	await waitForFrame(screen, 'Password for the private index:');
	await press(screen, keys.enter);
	expect(onAnswer).not.toHaveBeenCalled();
	await press(screen, 'correct-horse', 'X', keys.backspace, '-battery-staple-42');
	expect(plain(await waitForFrame(screen, '*'.repeat(secret.length)))).not.toContain('*'.repeat(secret.length + 1));
	await press(screen, keys.enter);
	expect(onAnswer.mock.calls).toEqual([[secret]]);
	expect(plain(await waitForFrame(screen, '(hidden)'))).not.toContain('*');
	for (const frame of screen.frames) {
		for (let start = 0; start + 6 <= secret.length; start++) {
			expect(frame).not.toContain(secret.slice(start, start + 6));
		}
	}
});

test('a text question starts with its default, which can be edited before Enter answers it', async () => {
	const onAnswer = vi.fn();
	const screen = render(
		<QuestionScreen question={{kind: 'text', id: 'tag-name', message: 'Tag name:', default: 'v1.2.4', ci}} columns={60} rows={24} onAnswer={onAnswer} />,
	);
	await waitForFrame(screen, '> v1.2.4');
	await press(screen, keys.backspace, '5', keys.enter);
	expect(onAnswer.mock.calls).toEqual([['v1.2.5']]);
	expect(plain(await waitForFrame(screen, '→ v1.2.5'))).toContain('Tag name:');
});

test('the version commit and the production upload get screens of their own', async () => {
	const commit = render(
		<QuestionScreen
			question={{kind: 'confirm', id: 'confirm-version-commit', message: 'Commit the version 1.2.4?', detail: ['--- a/pyproject.toml', '+++ b/pyproject.toml', '@@ -1 +1 @@', '-version = "1.2.3"', '+version = "1.2.4"'], default: true, ci}}
			columns={60}
			rows={24}
			onAnswer={() => {}}
		/>,
	);
	expect(plain(await waitForFrame(commit, 'Commit the version 1.2.4?')).split('\n')[0]).toBe('Changes');
	commit.unmount();

	const production = render(
		<QuestionScreen question={{kind: 'confirm', id: 'confirm-production-upload', message: 'Upload pkg-a 1.2.4 to PyPI?', default: true, ci}} columns={60} rows={24} onAnswer={() => {}} />,
	);
	expect(plain(await waitForFrame(production, 'Upload pkg-a 1.2.4 to PyPI?')).split('\n')[0]).toBe('Publish to production');
});

test('a long detail is cut to the rows it has, saying how many lines are left out', async () => {
	const detail = Array.from({length: 40}, (_, index) => `not listed yet: pkg_${index}-1.0.0.tar.gz`);
	const screen = render(<QuestionScreen question={{...pastLimit, detail}} columns={60} rows={20} onAnswer={() => {}} />);
	const frame = plain(await waitForFrame(screen, 'Keep waiting'));
	expect(frame).toContain('not listed yet: pkg_0-1.0.0.tar.gz');
	expect(frame).not.toContain('pkg_39-');
	expect(frame).toMatch(/… and \d+ more/);
	expect(frame.split('\n').length).toBeLessThanOrEqual(20);
});

test('an inspection finding is a choice: accept this file or stop, stop being the default', async () => {
	const onAnswer = vi.fn();
	const finding: Question = {
		kind: 'choice',
		id: 'accept-finding-1',
		message: 'pkg_a-1.2.4.tar.gz holds a file the inspection flagged.',
		detail: ['pkg_a-1.2.4/.env: a file that usually holds secrets'],
		choices: [
			{value: 'accept', label: 'Accept this file and go on'},
			{value: 'stop', label: 'Stop: fix the sources, then run again'},
		],
		default: 'stop',
		ci: {answer: 'stop', because: 'a --ci run never accepts a finding'},
	};
	const screen = render(<QuestionScreen question={finding} columns={60} rows={24} onAnswer={onAnswer} />);
	const frame = plain(await waitForFrame(screen, 'Accept this file'));
	expect(frame).toContain('pkg_a-1.2.4/.env: a file that usually holds secrets');
	expect(frame).toContain('❯ Stop: fix the sources');
	await press(screen, keys.up, keys.enter);
	expect(onAnswer.mock.calls).toEqual([['accept']]);
});

test('a downstream confirm shows the pins it would write as a coloured diff', async () => {
	const {default: chalk} = await import('chalk');
	const level = chalk.level;
	chalk.level = 1;
	try {
		const onAnswer = vi.fn();
		const downstream: Question = {
			kind: 'confirm',
			id: 'confirm-downstream-1',
			message: 'Update the pins in ../app and push?',
			detail: ['--- ../app/requirements.txt', '+++ ../app/requirements.txt', '@@ -1 +1 @@', '-pkg-a==1.2.3', '+pkg-a==1.2.4'],
			default: true,
			ci,
		};
		const screen = render(<QuestionScreen question={downstream} columns={60} rows={24} onAnswer={onAnswer} />);
		const frame = await waitForFrame(screen, '(Y/n)');
		expect(frame).toContain('\u001B[32m+pkg-a==1.2.4');
		expect(frame).toContain('\u001B[31m-pkg-a==1.2.3');
		await press(screen, 'y');
		expect(onAnswer.mock.calls).toEqual([['yes']]);
	} finally {
		chalk.level = level;
	}
});

import {useState} from 'react';
import {Text, type Key} from 'ink';
import {cleanup, render} from 'ink-testing-library';
import {afterEach, expect, test, vi} from 'vitest';
import {editText, shownValue, TextInput} from '../../../source/ui/ink/components/text-input.js';
import {keys, nextMacrotask, plain, press, waitForFrame} from '../../helpers/ink.js';

afterEach(() => {
	cleanup();
});

const none: Key = {
	upArrow: false,
	downArrow: false,
	leftArrow: false,
	rightArrow: false,
	pageDown: false,
	pageUp: false,
	home: false,
	end: false,
	return: false,
	escape: false,
	ctrl: false,
	shift: false,
	tab: false,
	backspace: false,
	delete: false,
	meta: false,
	super: false,
	hyper: false,
	capsLock: false,
	numLock: false,
};

test('typing appends; a paste arrives whole, without its trailing newline or control characters', () => {
	expect(editText('1.', '2', none)).toEqual({kind: 'change', value: '1.2'});
	// Text and Enter read in one chunk: typed (or pasted with its newline), then submitted.
	expect(editText('', 'pypi-abc\r\n', none)).toEqual({kind: 'submit', value: 'pypi-abc'});
	expect(editText('0.', '2.0\r', none)).toEqual({kind: 'submit', value: '0.2.0'});
	expect(editText('', 'a\u0007b', none)).toEqual({kind: 'change', value: 'ab'});
	expect(editText('x', '\t', {...none, tab: true})).toEqual({kind: 'none'});
	expect(editText('x', '', {...none, upArrow: true})).toEqual({kind: 'none'});
	expect(editText('x', 'a', {...none, ctrl: true})).toEqual({kind: 'none'});
});

test('Backspace and Delete (DEL, what most terminals send for Backspace) take back one character, Ctrl+U clears', () => {
	expect(editText('1.2', '', {...none, backspace: true})).toEqual({kind: 'change', value: '1.'});
	expect(editText('1.2', '', {...none, delete: true})).toEqual({kind: 'change', value: '1.'});
	expect(editText('ok👍', '', {...none, delete: true})).toEqual({kind: 'change', value: 'ok'});
	expect(editText('', '', {...none, delete: true})).toEqual({kind: 'none'});
	expect(editText('abc', 'u', {...none, ctrl: true})).toEqual({kind: 'change', value: ''});
});

test('Enter submits and Esc cancels', () => {
	expect(editText('1.2', '', {...none, return: true})).toEqual({kind: 'submit'});
	expect(editText('1.2', '', {...none, escape: true, meta: true})).toEqual({kind: 'cancel'});
});

test('a masked value shows a star per character, or a count when it is longer than the room; an unmasked one shows its end', () => {
	expect(shownValue('secret', true, 20)).toBe('******');
	const long = 'x'.repeat(100);
	expect(shownValue(long, true, 30)).toBe(`${'*'.repeat(13)} (100 characters)`);
	expect(shownValue(long, true, 30)).toHaveLength(30);
	expect(shownValue('1.2.3', false, 20)).toBe('1.2.3');
	expect(shownValue('abcdefghij', false, 5)).toBe('…ghij');
});

function Harness({onSubmit, onCancel, mask = false}: {readonly onSubmit: (value: string) => void; readonly onCancel: () => void; readonly mask?: boolean}) {
	const [value, setValue] = useState('');
	return (
		<>
			<TextInput value={value} mask={mask} width={40} onChange={setValue} onSubmit={onSubmit} onCancel={onCancel} />
			<Text>length {value.length}</Text>
		</>
	);
}

test('keys that arrive faster than React renders are all kept, in order', async () => {
	const onSubmit = vi.fn();
	const screen = render(<Harness onSubmit={onSubmit} onCancel={() => {}} />);
	await waitForFrame(screen, 'length 0');
	screen.stdin.write('1');
	screen.stdin.write('.');
	screen.stdin.write('2');
	await nextMacrotask();
	expect(plain(await waitForFrame(screen, 'length 3'))).toContain('> 1.2');
	await press(screen, keys.backspace, keys.enter);
	expect(onSubmit.mock.calls).toEqual([['1.']]);
});

test('Esc cancels, and the masked input never shows what was typed', async () => {
	const onCancel = vi.fn();
	const screen = render(<Harness mask onSubmit={() => {}} onCancel={onCancel} />);
	await waitForFrame(screen, 'length 0');
	await press(screen, 'hunter2');
	expect(plain(await waitForFrame(screen, 'length 7'))).toContain('> *******');
	await press(screen, keys.escape);
	expect(onCancel).toHaveBeenCalledTimes(1);
	expect(screen.frames.join('')).not.toContain('hunter');
});

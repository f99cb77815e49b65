import {render} from 'ink-testing-library';
import stringWidth from 'string-width';
import {expect, test} from 'vitest';
import {Help, helpTexts, type HelpScreenName} from '../../../source/ui/ink/components/help.js';
import {fitHints, KeyHints} from '../../../source/ui/ink/components/key-hints.js';
import {plain} from '../../helpers/ink.js';

const screens = Object.keys(helpTexts) as HelpScreenName[];

test('every screen of the wizard has help: its title, what it is for, and its keys, within 60 columns', () => {
	expect(screens).toEqual(expect.arrayContaining(['resume', 'damaged-record', 'plan', 'release']));
	for (const screen of screens) {
		const rendered = render(<Help screen={screen} visible columns={60} />);
		const frame = plain(rendered.lastFrame() ?? '');
		expect(frame, screen).toContain(`Help: ${helpTexts[screen].title}`);
		for (const [key] of helpTexts[screen].keys) {
			expect(frame, screen).toContain(key);
		}

		expect(Math.max(...frame.split('\n').map(line => stringWidth(line))), screen).toBeLessThanOrEqual(60);
		rendered.unmount();
	}
});

test('hidden help renders nothing', () => {
	const rendered = render(<Help screen="plan" visible={false} />);
	expect(rendered.lastFrame()).toBe('');
});

test('key hints: one line; hints that do not fit are dropped, the help hint stays', () => {
	const hints = [
		{key: '↑↓', action: 'choose'},
		{key: 'enter', action: 'select'},
		{key: 'q', action: 'quit'},
		{key: '?', action: 'help'},
	];
	expect(fitHints(hints, 60)).toBe('↑↓ choose  enter select  q quit  ? help');
	expect(fitHints(hints, 31)).toBe('↑↓ choose  enter select  ? help');
	expect(fitHints(hints, 10)).toBe('? help');
	const rendered = render(<KeyHints hints={hints} columns={60} />);
	expect(plain(rendered.lastFrame() ?? '')).toBe('↑↓ choose  enter select  q quit  ? help');
});

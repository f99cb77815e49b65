import type {render} from 'ink-testing-library';
import {keys, plain, press, waitForFrame} from '../../helpers/ink.js';

/** The frame as one line of plain text: Ink wraps sentences at the column limit. */
export function flat(frame: string): string {
	return plain(frame).replaceAll(/\s+/g, ' ');
}

/** The widest line of the frame in characters, without colour codes. */
export function widest(frame: string): number {
	return Math.max(...plain(frame).split('\n').map(line => [...line].length));
}

type Rendered = ReturnType<typeof render>;

/** Moves the list's pointer (❯) with the arrow keys to the item holding `label`. */
export async function moveTo(screen: Rendered, label: string): Promise<void> {
	const lines = plain(screen.lastFrame() ?? '').split('\n');
	const from = lines.findIndex(line => line.startsWith('❯ '));
	const to = lines.findIndex(line => /^[❯ ] /.test(line) && line.includes(label));
	if (from === -1 || to === -1) {
		throw new Error(`No list item "${label}" (or no pointer) in:\n${lines.join('\n')}`);
	}

	const key = to > from ? keys.down : keys.up;
	await press(screen, ...Array.from({length: Math.abs(to - from)}, () => key));
	await waitForFrame(screen, frame => plain(frame).split('\n').some(line => line.startsWith('❯ ') && line.includes(label)));
}

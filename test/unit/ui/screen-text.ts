import {plain} from '../../helpers/ink.js';

/** The frame as one line of plain text: Ink wraps sentences at the column limit. */
export function flat(frame: string): string {
	return plain(frame).replaceAll(/\s+/g, ' ');
}

/** The widest line of the frame in characters, without colour codes. */
export function widest(frame: string): number {
	return Math.max(...plain(frame).split('\n').map(line => [...line].length));
}

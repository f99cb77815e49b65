import stringWidth from 'string-width';

const ellipsis = '…';

/**
 * `text` in at most `width` columns, cut in the middle: a path keeps its first folders and its
 * file name (`source/…/pyproject.toml`), whole segments where they fit. Text without room for
 * whole segments keeps more of its end than of its start: the end names the file.
 */
export function truncateMiddle(text: string, width: number): string {
	if (stringWidth(text) <= width) {
		return text;
	}

	if (width <= 1) {
		return width === 1 ? ellipsis : '';
	}

	const segments = text.split('/');
	const name = segments.at(-1)!;
	if (segments.length < 2 || stringWidth(`${ellipsis}/${name}`) > width) {
		return cutCharacters(text, width);
	}

	const head: string[] = [];
	const tail: string[] = [name];
	let next = 0;
	let last = segments.length - 2;
	const fits = (start: readonly string[], end: readonly string[]) => stringWidth(joined(start, end)) <= width;
	// Alternate: the first folders say where, the last ones say what; stop when neither side fits.
	for (let grew = true; grew && next <= last; ) {
		grew = false;
		if (next <= last && fits([...head, segments[next]!], tail)) {
			head.push(segments[next++]!);
			grew = true;
		}

		if (next <= last && fits(head, [segments[last]!, ...tail])) {
			tail.unshift(segments[last--]!);
			grew = true;
		}
	}

	return joined(head, tail);
}

function joined(head: readonly string[], tail: readonly string[]): string {
	return head.length === 0 ? `${ellipsis}/${tail.join('/')}` : `${head.join('/')}/${ellipsis}/${tail.join('/')}`;
}

/** A third of the room for the start, the rest for the end. */
function cutCharacters(text: string, width: number): string {
	const characters = [...text];
	const room = width - 1;
	const headRoom = Math.floor(room / 3);
	let head = '';
	for (const character of characters) {
		if (stringWidth(head + character) > headRoom) {
			break;
		}

		head += character;
	}

	let tail = '';
	for (const character of characters.toReversed()) {
		if (stringWidth(character + tail) > room - stringWidth(head)) {
			break;
		}

		tail = character + tail;
	}

	return `${head}${ellipsis}${tail}`;
}

import {Box, Text} from 'ink';
import stringWidth from 'string-width';
import {colors, type Tone} from '../theme.js';

/**
 * `text` broken into lines of at most `width` columns at spaces (a word longer than a line is
 * cut), each line without the leading space Ink's own wrapping leaves when a word ends at the edge.
 */
export function wrapWords(text: string, width: number): string[] {
	const room = Math.max(1, width);
	const lines: string[] = [];
	for (const paragraph of text.split('\n')) {
		let line = '';
		for (const word of paragraph.split(' ').filter(part => part !== '')) {
			const candidate = line === '' ? word : `${line} ${word}`;
			if (stringWidth(candidate) <= room) {
				line = candidate;
				continue;
			}

			if (line !== '') {
				lines.push(line);
			}

			line = word;
			while (stringWidth(line) > room) {
				const [head, rest] = splitAt(line, room);
				lines.push(head);
				line = rest;
			}
		}

		lines.push(line);
	}

	return lines;
}

function splitAt(word: string, room: number): [string, string] {
	let head = '';
	for (const character of word) {
		if (stringWidth(head + character) > room) {
			break;
		}

		head += character;
	}

	return [head, word.slice(head.length)];
}

/**
 * Text wrapped to `width` with every line indented by `indent`; a `mark` (✔, ✖, ⚠) starts the
 * first line in its tone and the next lines hang under the text, not under the mark.
 */
export function Paragraph({
	text,
	width,
	indent = 0,
	mark,
	tone,
	dim = false,
}: {
	readonly text: string;
	readonly width: number;
	readonly indent?: number;
	readonly mark?: {readonly symbol: string; readonly tone: Tone};
	readonly tone?: Tone;
	readonly dim?: boolean;
}) {
	const hang = mark === undefined ? 0 : stringWidth(mark.symbol) + 1;
	const lines = wrapWords(text, width - indent - hang);
	return (
		<Box flexDirection="column">
			{lines.map((line, index) => (
				// eslint-disable-next-line react/no-array-index-key
				<Text key={index} color={tone === undefined ? undefined : colors[tone]} dimColor={dim}>
					{' '.repeat(indent)}
					{mark === undefined ? '' : index === 0 ? <Text color={colors[mark.tone]}>{mark.symbol} </Text> : ' '.repeat(hang)}
					{line}
				</Text>
			))}
		</Box>
	);
}

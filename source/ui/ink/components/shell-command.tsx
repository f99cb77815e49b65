import {Text} from 'ink';
import stringWidth from 'string-width';
import {colors} from '../theme.js';

/**
 * A shell command in lines of at most `width` columns, broken between arguments with a trailing
 * ` \`, so that pasting the lines runs the whole command (a plain wrap would run its first half).
 * Arguments stay whole, quotes and all; one longer than a line gets a line of its own.
 */
export function shellLines(command: string, width: number): string[] {
	const words = shellWords(command);
	const lines: string[] = [];
	let line = '';
	for (const [index, word] of words.entries()) {
		const candidate = line === '' ? word : `${line} ${word}`;
		// Room for the ` \` that continues the line, unless this is the last word.
		const reserve = index === words.length - 1 ? 0 : 2;
		if (line === '' || stringWidth(candidate) + reserve <= width) {
			line = candidate;
		} else {
			lines.push(`${line} \\`);
			line = `  ${word}`;
		}
	}

	lines.push(line);
	return lines;
}

/** The arguments of a command as formatCommand writes it: split at spaces outside quotes. */
function shellWords(command: string): string[] {
	const words: string[] = [];
	let word = '';
	let quoted = false;
	for (let index = 0; index < command.length; index++) {
		const character = command[index]!;
		if (character === "'") {
			quoted = !quoted;
		} else if (character === '\\' && !quoted && index + 1 < command.length) {
			word += character;
			index++;
			word += command[index];
			continue;
		} else if (character === ' ' && !quoted) {
			if (word !== '') {
				words.push(word);
			}

			word = '';
			continue;
		}

		word += character;
	}

	if (word !== '') {
		words.push(word);
	}

	return words;
}

/** A command to copy: its own lines, indented, never wrapped by Ink. */
export function ShellCommand({command, width, indent = 2}: {readonly command: string; readonly width: number; readonly indent?: number}) {
	return (
		<Text color={colors.accent}>
			{shellLines(command, width - indent)
				.map(line => `${' '.repeat(indent)}${line}`)
				.join('\n')}
		</Text>
	);
}

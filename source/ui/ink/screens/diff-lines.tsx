import {Text} from 'ink';
import {colors} from '../theme.js';

/** A line of a unified diff: file headers, hunk headers, added, removed and context lines. */
export function isDiffLine(line: string): boolean {
	return /^(?:--- |\+\+\+ |@@ |Index: |={10,}|\\ No newline|[+\- ])/.test(line) || line === '';
}

/** A question's detail as the diff it starts with and the lines after it (warnings). */
export function splitDiffDetail(lines: readonly string[]): {readonly diff: readonly string[]; readonly rest: readonly string[]} {
	let end = lines.findIndex(line => !isDiffLine(line));
	if (end === -1) {
		end = lines.length;
	}

	let diff = lines.slice(0, end);
	while (diff.at(-1) === '') {
		diff = diff.slice(0, -1);
	}

	return {diff, rest: lines.slice(end)};
}

/** True when the lines hold a hunk: worth colouring as a diff. */
export function looksLikeDiff(lines: readonly string[]): boolean {
	return lines.some(line => line.startsWith('@@ ')) && lines.some(line => line.startsWith('+') || line.startsWith('-'));
}

/** One diff line, coloured by what it is, cut at the end rather than wrapped so scrolling counts lines. */
export function DiffLine({line}: {readonly line: string}) {
	const shown = line === '' ? ' ' : line;
	if (line.startsWith('+++ ') || line.startsWith('--- ') || line.startsWith('Index: ')) {
		return (
			<Text bold wrap="truncate-end">
				{shown}
			</Text>
		);
	}

	if (line.startsWith('@@')) {
		return (
			<Text color={colors.hunk} wrap="truncate-end">
				{shown}
			</Text>
		);
	}

	if (line.startsWith('+')) {
		return (
			<Text color={colors.added} wrap="truncate-end">
				{shown}
			</Text>
		);
	}

	if (line.startsWith('-')) {
		return (
			<Text color={colors.removed} wrap="truncate-end">
				{shown}
			</Text>
		);
	}

	return (
		<Text dimColor={line.startsWith('=') || line.startsWith('\\')} wrap="truncate-end">
			{shown}
		</Text>
	);
}

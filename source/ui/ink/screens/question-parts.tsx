import {useCallback, useRef, useState} from 'react';
import {Box, Text, useInput, type Key} from 'ink';
import {colors} from '../theme.js';
import {DiffLine, looksLikeDiff} from './diff-lines.js';

/**
 * The engine takes one answer per question: a second key before the app swaps the screen is
 * ignored. Returns what was answered (undefined until then) and the answering function.
 */
export function useAnswerOnce(onAnswer: (answer: string) => void): readonly [string | undefined, (answer: string) => void] {
	const [answered, setAnswered] = useState<string | undefined>(undefined);
	const done = useRef(false);
	const answer = useCallback(
		(value: string) => {
			if (done.current) {
				return;
			}

			done.current = true;
			setAnswered(value);
			onAnswer(value);
		},
		[onAnswer],
	);
	return [answered, answer];
}

/**
 * The keys of a y/n question: y and n answer, Enter takes the default. Any other key goes to
 * `onOtherKey` (`?`, scrolling).
 */
export function useConfirmKeys({defaultYes, answer, isActive, onOtherKey}: {readonly defaultYes: boolean; readonly answer: (answer: 'yes' | 'no') => void; readonly isActive: boolean; readonly onOtherKey: (input: string, key: Key) => void}): void {
	useInput(
		(input, key) => {
			if (input === 'y' || input === 'Y') {
				answer('yes');
			} else if (input === 'n' || input === 'N') {
				answer('no');
			} else if (key.return) {
				answer(defaultYes ? 'yes' : 'no');
			} else {
				onOtherKey(input, key);
			}
		},
		{isActive},
	);
}

/** `(Y/n)` or `(y/N)`: the capital is what Enter answers. */
export function confirmKeys(defaultYes: boolean): string {
	return defaultYes ? '(Y/n)' : '(y/N)';
}

/** A question's detail lines, a diff coloured; at most `limit` lines, then how many more there are. */
export function DetailLines({lines, limit}: {readonly lines: readonly string[]; readonly limit: number}) {
	if (lines.length === 0) {
		return null;
	}

	const shown = lines.length > limit ? lines.slice(0, Math.max(1, limit - 1)) : lines;
	const diff = looksLikeDiff(lines);
	return (
		<Box flexDirection="column" marginLeft={2}>
			{shown.map((line, index) => (diff ? <DiffLine key={index} line={line} /> : <Text key={index}>{line}</Text>))}
			{shown.length < lines.length ? <Text dimColor>… and {lines.length - shown.length} more</Text> : null}
		</Box>
	);
}

/** The `?` panel: a few lines on what the keys of this screen do. */
export function HelpLines({lines, visible}: {readonly lines: readonly string[]; readonly visible: boolean}) {
	if (!visible) {
		return null;
	}

	return (
		<Box flexDirection="column" borderStyle="single" borderDimColor paddingX={1}>
			{lines.map(line => (
				<Text key={line}>{line}</Text>
			))}
		</Box>
	);
}

/** ink-select-input's pointer, kept from shrinking when a long label wraps beside it. */
export function ListIndicator({isSelected = false}: {readonly isSelected?: boolean}) {
	return (
		<Box marginRight={1} flexShrink={0}>
			{isSelected ? <Text color={colors.selected}>❯</Text> : <Text> </Text>}
		</Box>
	);
}

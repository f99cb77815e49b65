import {useState} from 'react';
import {Box, Text, useStdin} from 'ink';
import type {Question} from '../../../core/release/questions.js';
import {useHelpToggle} from '../components/screen-keys.js';
import {colors} from '../theme.js';
import {DiffLine, splitDiffDetail} from './diff-lines.js';
import {confirmKeys, HelpLines, useAnswerOnce, useConfirmKeys} from './question-parts.js';

type ChangesScreenProps = {
	readonly question: Extract<Question, {kind: 'confirm'}>;
	readonly rows: number;
	readonly columns: number;
	readonly onAnswer: (answer: string) => void;
};

const help = [
	'The version edits the release commits, as a diff.',
	'↑/↓ scroll a line, PgUp/PgDn a page.',
	'y writes and commits them; n stops the release',
	'before anything is written.',
];

/** The version edits as a coloured diff (scrolling when long), the warnings, then y to commit or n to stop. */
export function ChangesScreen({question, rows, columns, onAnswer}: ChangesScreenProps) {
	const [answered, answer] = useAnswerOnce(onAnswer);
	const [helpVisible, toggleHelp] = useHelpToggle();
	const [top, setTop] = useState(0);
	const {isRawModeSupported} = useStdin();
	const {diff, rest: warnings} = splitDiffDetail(question.detail ?? []);
	// The title, the scroll line, the prompt, the key line and the warnings stay on screen.
	const window = Math.max(3, rows - 6 - warnings.length);
	const scrolls = diff.length > window;
	const lastTop = Math.max(0, diff.length - window);
	const scrollTo = (next: number) => {
		setTop(Math.min(lastTop, Math.max(0, next)));
	};

	useConfirmKeys({
		defaultYes: question.default,
		answer,
		isActive: isRawModeSupported && answered === undefined,
		onOtherKey(input, key) {
			if (key.upArrow) {
				scrollTo(top - 1);
			} else if (key.downArrow) {
				scrollTo(top + 1);
			} else if (key.pageUp) {
				scrollTo(top - window);
			} else if (key.pageDown) {
				scrollTo(top + window);
			} else if (input === '?') {
				toggleHelp();
			}
		},
	});

	const shown = scrolls ? diff.slice(top, top + window) : diff;
	return (
		<Box flexDirection="column" width={columns}>
			<Text bold>Changes</Text>
			{diff.length === 0 ? <Text dimColor>No file changes.</Text> : null}
			<Box flexDirection="column">
				{shown.map((line, index) => (
					<DiffLine key={top + index} line={line} />
				))}
			</Box>
			{scrolls ? (
				<Text dimColor>
					lines {top + 1}-{top + shown.length} of {diff.length} · ↑/↓ PgUp/PgDn scroll
				</Text>
			) : null}
			{warnings.map((warning, index) => (
				<Text key={index} color={colors.warning}>
					! {warning}
				</Text>
			))}
			<Text>
				<Text bold>{question.message}</Text> {answered ?? confirmKeys(question.default)}
			</Text>
			{answered === undefined ? <Text dimColor>y commit · n stop · Enter {question.default ? 'yes' : 'no'} · ? help</Text> : null}
			<HelpLines lines={help} visible={helpVisible} />
		</Box>
	);
}

import {useState} from 'react';
import {Box, Text, useStdin} from 'ink';
import type {Question} from '../../../core/release/questions.js';
import {Paragraph} from '../components/paragraph.js';
import {TextInput} from '../components/text-input.js';
import {useHelpToggle} from '../components/screen-keys.js';
import {colors} from '../theme.js';
import {confirmKeys, HelpLines, useAnswerOnce, useConfirmKeys} from './question-parts.js';

type ConfirmQuestion = Extract<Question, {kind: 'confirm'}>;

type ProductionScreenProps = {
	readonly question: ConfirmQuestion;
	readonly columns: number;
	readonly onAnswer: (answer: string) => void;
};

const help = [
	'Files on a production index can never be replaced or',
	'uploaded again under the same version.',
	'y publishes, n stops here (the release is kept: run the',
	'same command later to publish). A first-ever publish asks',
	'you to type the version instead; Esc cancels it.',
];

/** The gate before the production upload: what goes where, then an explicit yes (a typed version for a first-ever publish). */
export function ProductionScreen({question, columns, onAnswer}: ProductionScreenProps) {
	const [answered, answer] = useAnswerOnce(onAnswer);
	const [helpVisible, toggleHelp] = useHelpToggle();
	const {isRawModeSupported} = useStdin();
	const typed = question.confirmText !== undefined;
	useConfirmKeys({
		defaultYes: question.default,
		answer,
		isActive: isRawModeSupported && !typed && answered === undefined,
		onOtherKey(input) {
			if (input === '?') {
				toggleHelp();
			}
		},
	});

	return (
		<Box flexDirection="column" width={columns}>
			<Text bold>Publish to production</Text>
			<Paragraph text={question.message} width={columns} />
			<Box flexDirection="column" marginLeft={2}>
				{(question.detail ?? []).map((line, index) => (
					<Text key={index} color={line.includes('first-ever publish') ? colors.warning : undefined}>
						{line}
					</Text>
				))}
			</Box>
			{question.confirmText === undefined ? (
				<>
					<Text>
						<Text bold>Publish?</Text> {answered === undefined ? confirmKeys(question.default) : answered}
					</Text>
					{answered === undefined ? <Text dimColor>y publish · n stop · Enter {question.default ? 'yes' : 'no'} · ? help</Text> : null}
				</>
			) : (
				<TypedConfirm message="First-ever publish: type the version to confirm." confirmText={question.confirmText} columns={columns} onAnswer={onAnswer} onHelp={toggleHelp} />
			)}
			<HelpLines lines={help} visible={helpVisible} />
		</Box>
	);
}

type TypedConfirmProps = {
	readonly message: string;
	/** What the person types to say yes; anything else never answers yes. */
	readonly confirmText: string;
	readonly columns: number;
	readonly onAnswer: (answer: string) => void;
	readonly onHelp?: () => void;
};

/** A confirm answered by typing a text exactly (shown as typed): Enter on it is yes; Esc, or n on an empty input, is no. */
export function TypedConfirm({message, confirmText, columns, onAnswer, onHelp}: TypedConfirmProps) {
	const [answered, answer] = useAnswerOnce(onAnswer);
	const [value, setValue] = useState('');
	const [refused, setRefused] = useState(false);
	if (answered !== undefined) {
		return <Text>{answered === 'yes' ? `Confirmed: ${confirmText}` : 'Not confirmed.'}</Text>;
	}

	return (
		<Box flexDirection="column">
			<Text bold>{message}</Text>
			<Text>
				Type <Text bold>{confirmText}</Text> and Enter to confirm; Esc or n to stop.
			</Text>
			<TextInput
				value={value}
				width={columns}
				intercept={(input, current) => {
					if ((input === 'n' || input === 'N') && current === '') {
						answer('no');
						return true;
					}

					if (input === '?' && onHelp !== undefined) {
						onHelp();
						return true;
					}

					return false;
				}}
				onChange={next => {
					setValue(next);
					setRefused(false);
				}}
				onSubmit={submitted => {
					if (submitted === confirmText) {
						answer('yes');
					} else {
						setRefused(true);
					}
				}}
				onCancel={() => {
					answer('no');
				}}
			/>
			{refused ? (
				<Text color={colors.warning}>
					{value === '' ? 'Nothing typed' : `"${value}" is not ${confirmText}`}: type {confirmText} exactly, or Esc to stop.
				</Text>
			) : null}
		</Box>
	);
}

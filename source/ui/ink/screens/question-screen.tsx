import {useState} from 'react';
import {Box, Text, useInput, useStdin} from 'ink';
import SelectInput from 'ink-select-input';
import type {Choice, Question} from '../../../core/release/questions.js';
import {TextInput} from '../components/text-input.js';
import {useHelpToggle} from '../components/screen-keys.js';
import {ChangesScreen} from './changes-screen.js';
import {ProductionScreen, TypedConfirm} from './production-screen.js';
import {confirmKeys, DetailLines, HelpLines, ListIndicator, useAnswerOnce, useConfirmKeys} from './question-parts.js';

type QuestionScreenProps = {
	readonly question: Question;
	readonly columns: number;
	readonly rows: number;
	readonly onAnswer: (answer: string) => void;
};

/** One engine question: the version commit and the production upload have screens of their own, the rest go by kind. */
export function QuestionScreen({question, columns, rows, onAnswer}: QuestionScreenProps) {
	// Keyed by id: the next question starts with a fresh input, never the last one's state.
	if (question.kind === 'confirm' && question.id === 'confirm-version-commit') {
		return <ChangesScreen key={question.id} question={question} rows={rows} columns={columns} onAnswer={onAnswer} />;
	}

	if (question.kind === 'confirm' && question.id === 'confirm-production-upload') {
		return <ProductionScreen key={question.id} question={question} columns={columns} onAnswer={onAnswer} />;
	}

	// Room for the detail: the message, the prompt and the key line stay on screen.
	const detailLimit = Math.max(3, rows - 6 - (question.kind === 'choice' ? question.choices.length + 1 : 0));
	switch (question.kind) {
		case 'confirm': {
			return <ConfirmQuestion key={question.id} question={question} columns={columns} detailLimit={detailLimit} onAnswer={onAnswer} />;
		}

		case 'choice': {
			return <ChoiceQuestion key={question.id} question={question} columns={columns} detailLimit={detailLimit} onAnswer={onAnswer} />;
		}

		case 'secret':
		case 'text': {
			return <TextQuestion key={question.id} question={question} columns={columns} detailLimit={detailLimit} onAnswer={onAnswer} />;
		}
	}
}

type KindProps<K extends Question['kind']> = {
	readonly question: Extract<Question, {kind: K}>;
	readonly columns: number;
	readonly detailLimit: number;
	readonly onAnswer: (answer: string) => void;
};

const confirmHelp = ['y answers yes, n answers no.', 'Enter takes the default: the capital letter in (Y/n).'];

function ConfirmQuestion({question, columns, detailLimit, onAnswer}: KindProps<'confirm'>) {
	const [answered, answer] = useAnswerOnce(onAnswer);
	const [help, toggleHelp] = useHelpToggle();
	const {isRawModeSupported} = useStdin();
	useConfirmKeys({
		defaultYes: question.default,
		answer,
		isActive: isRawModeSupported && answered === undefined && question.confirmText === undefined,
		onOtherKey(input) {
			if (input === '?') {
				toggleHelp();
			}
		},
	});

	return (
		<Box flexDirection="column" width={columns}>
			<DetailLines lines={question.detail ?? []} limit={detailLimit} />
			{question.confirmText === undefined ? (
				<Text>
					<Text bold>{question.message}</Text> {answered ?? confirmKeys(question.default)}
				</Text>
			) : (
				<TypedConfirm message={question.message} confirmText={question.confirmText} columns={columns} onAnswer={onAnswer} />
			)}
			<HelpLines lines={confirmHelp} visible={help} />
		</Box>
	);
}

const choiceHelp = ['↑/↓ (or k/j) move, Enter picks the highlighted answer,', '1-9 pick by position.'];

function ChoiceQuestion({question, columns, detailLimit, onAnswer}: KindProps<'choice'>) {
	const [answered, answer] = useAnswerOnce(onAnswer);
	const [help, toggleHelp] = useHelpToggle();
	const [highlighted, setHighlighted] = useState(question.default);
	const {isRawModeSupported} = useStdin();
	useInput(
		input => {
			if (input === '?') {
				toggleHelp();
			}
		},
		{isActive: isRawModeSupported && answered === undefined},
	);
	const items = question.choices.map(choice => ({key: choice.value, label: choice.label, value: choice.value}));
	const initialIndex = Math.max(0, question.choices.findIndex(choice => choice.value === question.default));
	const hint = question.choices.find(choice => choice.value === highlighted)?.hint;
	return (
		<Box flexDirection="column" width={columns}>
			<Text bold>{question.message}</Text>
			<DetailLines lines={question.detail ?? []} limit={detailLimit} />
			{answered === undefined ? (
				<>
					<SelectInput
						items={items}
						initialIndex={initialIndex}
						isFocused={isRawModeSupported}
						indicatorComponent={ListIndicator}
						onHighlight={item => {
							setHighlighted(item.value);
						}}
						onSelect={item => {
							answer(item.value);
						}}
					/>
					{hint === undefined ? null : <Text dimColor>{hint}</Text>}
					<Text dimColor>↑/↓ choose · Enter pick · ? help</Text>
				</>
			) : (
				<Text>→ {labelOf(question.choices, answered)}</Text>
			)}
			<HelpLines lines={choiceHelp} visible={help} />
		</Box>
	);
}

function labelOf(choices: readonly Choice[], value: string): string {
	return choices.find(choice => choice.value === value)?.label ?? value;
}

function TextQuestion({question, columns, detailLimit, onAnswer}: KindProps<'secret' | 'text'>) {
	const [answered, answer] = useAnswerOnce(onAnswer);
	const [value, setValue] = useState(question.kind === 'text' ? (question.default ?? '') : '');
	const masked = question.kind === 'secret';
	return (
		<Box flexDirection="column" width={columns}>
			<Text bold>{question.message}</Text>
			<DetailLines lines={question.detail ?? []} limit={detailLimit} />
			{answered === undefined ? (
				<>
					<TextInput
						value={value}
						mask={masked}
						width={columns}
						onChange={setValue}
						onSubmit={submitted => {
							// A secret is never empty: Enter on nothing is a slip, not an answer.
							if (!masked || submitted !== '') {
								answer(submitted);
							}
						}}
					/>
					<Text dimColor>{masked ? 'Type or paste it (shown as *), then Enter' : 'Enter to answer · Backspace to edit'}</Text>
				</>
			) : (
				<Text>→ {masked ? '(hidden)' : answered}</Text>
			)}
		</Box>
	);
}

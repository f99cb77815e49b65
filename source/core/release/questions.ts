import {UsageError} from '../errors.js';

export type Choice = {readonly value: string; readonly label: string; readonly hint?: string};

/** How `--ci` answers a question: the answer and why (a default, a flag given), or the flag that would answer it. */
export type CiAnswer = {readonly answer: string; readonly because: string} | {readonly flag: string};

/**
 * What a step asks, as data: the Ink app asks the person, `--ci` answers from `ci`.
 * A confirm is answered 'yes' or 'no'; a choice by one of its values.
 */
export type Question =
	| {
			readonly kind: 'confirm';
			readonly id: string;
			readonly message: string;
			readonly detail?: readonly string[];
			readonly default: boolean;
			/** A person confirms by typing this text (the version of a first-ever publish), not by a key. */
			readonly confirmText?: string;
			readonly ci: CiAnswer;
	  }
	| {
			readonly kind: 'choice';
			readonly id: string;
			readonly message: string;
			readonly detail?: readonly string[];
			readonly choices: readonly Choice[];
			readonly default: string;
			readonly ci: CiAnswer;
	  }
	/** Masked: the answer is never echoed, never in a notice. */
	| {readonly kind: 'secret'; readonly id: string; readonly message: string; readonly detail?: readonly string[]; readonly ci: CiAnswer}
	| {readonly kind: 'text'; readonly id: string; readonly message: string; readonly detail?: readonly string[]; readonly default?: string; readonly ci: CiAnswer};

/** The answering policy of a run, chosen at start. `by` says who answers, for the question-answered notice. */
export type Answerer = {
	(question: Question, signal: AbortSignal): Promise<string>;
	readonly by: 'person' | 'ci';
};

/** An answerer that asks the person (the Ink app passes its prompt). */
export function personAnswerer(ask: (question: Question, signal: AbortSignal) => Promise<string>): Answerer {
	return Object.assign(async (question: Question, signal: AbortSignal) => ask(question, signal), {by: 'person' as const});
}

/**
 * `--ci`: the answer each question declares, printed as it is used (`print` gets whole lines),
 * or a usage error (exit 2) naming the flag that would answer it.
 */
export function createCiAnswerer(print: (line: string) => void): Answerer {
	const answer = async (question: Question): Promise<string> => {
		if ('flag' in question.ci) {
			throw new UsageError(`--ci cannot answer: ${question.message}`, {hint: `Pass ${question.ci.flag}.`});
		}

		print(`  answer: ${question.message} -> ${answerLabel(question, question.ci.answer)} (--ci: ${question.ci.because})\n`);
		return question.ci.answer;
	};

	return Object.assign(answer, {by: 'ci' as const});
}

/** The answer as a person reads it: a choice's label, never a secret. */
export function answerLabel(question: Question, answer: string): string {
	switch (question.kind) {
		case 'choice': {
			return question.choices.find(choice => choice.value === answer)?.label ?? answer;
		}

		case 'secret': {
			return '(hidden)';
		}

		case 'confirm':
		case 'text': {
			return answer;
		}
	}
}

/** Undefined when `answer` fits `question`, else what is wrong (an answerer's bug, not the user's). */
export function invalidAnswer(question: Question, answer: string): string | undefined {
	if (question.kind === 'confirm' && answer !== 'yes' && answer !== 'no') {
		return `the confirm question ${question.id} was answered ${JSON.stringify(answer)}, not yes or no`;
	}

	if (question.kind === 'choice' && !question.choices.some(choice => choice.value === answer)) {
		return `the question ${question.id} was answered ${JSON.stringify(answer)}, not one of ${question.choices.map(choice => choice.value).join(', ')}`;
	}

	return undefined;
}

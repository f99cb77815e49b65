import {describe, expect, test} from 'vitest';
import {exitCodes, UsageError} from '../../../source/core/errors.js';
import {createReleaseEngine, type Step} from '../../../source/core/release/engine.js';
import {createCiAnswerer, personAnswerer, type Answerer, type Question} from '../../../source/core/release/questions.js';
import type {ReleaseEvent} from '../../../source/core/release/types.js';
import {memoryReleaseStore} from '../../../source/core/state/release-store.js';
import {createPlainReporter} from '../../../source/ui/plain/reporter.js';
import {sampleRecord} from '../../helpers/release-record.js';

const confirmProduction: Question = {
	kind: 'confirm',
	id: 'upload-production',
	message: 'Upload 1.1.0 (core) to pypi?',
	default: false,
	ci: {answer: 'no', because: 'given --stop-after test'},
};
const chooseWait: Question = {
	kind: 'choice',
	id: 'wait-limit',
	message: 'Batch 1 is not visible on testpypi after 10 minutes.',
	choices: [
		{value: 'wait', label: 'Keep waiting'},
		{value: 'stop', label: 'Stop and resume later'},
	],
	default: 'wait',
	ci: {flag: '--wait-timeout SECONDS'},
};

function askingStep(question: Question, answers: string[]): Step<null> {
	return {
		id: 'upload-production',
		title: 'Upload to production',
		skip: () => undefined,
		async run(_, io) {
			answers.push(await io.ask(question));
		},
	};
}

function run(question: Question, answerer: Answerer) {
	const answers: string[] = [];
	const events: ReleaseEvent[] = [];
	const printed: string[] = [];
	const engine = createReleaseEngine({
		record: sampleRecord(),
		store: memoryReleaseStore('/nonexistent'),
		steps: [askingStep(question, answers)],
		context: null,
		signal: new AbortController().signal,
		noLogs: true,
		answerer,
	});
	engine.subscribe(event => events.push(event));
	engine.subscribe(createPlainReporter({write: text => printed.push(text)}, {write: text => printed.push(text)}, {resumeCommand: 'wizard --ci /repo'}));
	return {engine, answers, events, printed};
}

describe('questions', () => {
	test('--ci answers with the declared answer and prints it with the reason', async () => {
		const printed: string[] = [];
		const answer = await createCiAnswerer(line => printed.push(line))(confirmProduction, new AbortController().signal);
		expect(answer).toBe('no');
		expect(printed).toEqual(['  answer: Upload 1.1.0 (core) to pypi? -> no (--ci: given --stop-after test)\n']);
	});

	test('--ci cannot answer a question without a declared answer: a usage error (exit 2) naming the flag', async () => {
		const attempt = createCiAnswerer(() => undefined)(chooseWait, new AbortController().signal);
		await expect(attempt).rejects.toThrow(UsageError);
		await expect(attempt).rejects.toMatchObject({
			exitCode: exitCodes.usage,
			message: '--ci cannot answer: Batch 1 is not visible on testpypi after 10 minutes.',
			hint: 'Pass --wait-timeout SECONDS.',
		});
	});

	test('a step that asks what --ci cannot answer fails the release with exit 2, naming the flag', async () => {
		const {engine, printed} = run(chooseWait, createCiAnswerer(() => undefined));
		expect(await engine.run()).toEqual({status: 'failed', step: 'upload-production', exitCode: 2});
		expect(printed.join('')).toContain('✖ --ci cannot answer: Batch 1 is not visible on testpypi after 10 minutes.\n  Pass --wait-timeout SECONDS.');
	});

	test('io.ask publishes the question and the answer, and returns the answer', async () => {
		const {engine, answers, events, printed} = run(chooseWait, personAnswerer(async () => 'stop'));
		await engine.run();
		expect(answers).toEqual(['stop']);
		expect(events.filter(event => event.type.startsWith('question-'))).toEqual([
			{type: 'question-asked', step: 'upload-production', question: chooseWait},
			{type: 'question-answered', step: 'upload-production', questionId: 'wait-limit', answer: 'stop', by: 'person'},
		]);
		expect(printed).toContain('  answer: Batch 1 is not visible on testpypi after 10 minutes. -> Stop and resume later\n');
	});

	test('a secret answer is returned to the step, never published', async () => {
		// Built at run time: a token-shaped literal in the source would look like a leaked one.
		const secret = ['pypi', 'AgEIcHlwaS5vcmc-secret-token'].join('-');
		const question: Question = {kind: 'secret', id: 'token', message: 'Token for pypi', ci: {flag: '--token-env NAME'}};
		const {engine, answers, events, printed} = run(question, personAnswerer(async () => secret));
		await engine.run();
		expect(answers).toEqual([secret]);
		expect(JSON.stringify(events)).not.toContain(secret);
		expect(events).toContainEqual({type: 'question-answered', step: 'upload-production', questionId: 'token', by: 'person'});
		expect(printed.join('')).not.toContain(secret);
		expect(JSON.stringify(engine.record())).not.toContain(secret);
	});

	test('an answer that is not one of the choices is a bug of the answerer, not taken', async () => {
		const {engine} = run(chooseWait, personAnswerer(async () => 'maybe'));
		expect(await engine.run()).toMatchObject({status: 'failed'});
		expect(engine.record().failure?.message).toContain('the question wait-limit was answered "maybe", not one of wait, stop');
	});
});

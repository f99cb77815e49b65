import {describe, expect, test} from 'vitest';
import {PreconditionError} from '../../../source/core/errors.js';
import {createReleaseEngine, type Step} from '../../../source/core/release/engine.js';
import {createCiAnswerer} from '../../../source/core/release/questions.js';
import {reduceRelease} from '../../../source/core/release/reducer.js';
import {localStepIds, type ReleaseEvent, type ReleaseRecord, type StepId, type StepRecord} from '../../../source/core/release/types.js';
import {memoryReleaseStore} from '../../../source/core/state/release-store.js';
import {createPlainReporter} from '../../../source/ui/plain/reporter.js';
import {sampleRecord} from '../../helpers/release-record.js';

function emptyRecord(): ReleaseRecord {
	return {...sampleRecord(), steps: Object.fromEntries(localStepIds.map(id => [id, {status: 'pending'} satisfies StepRecord]))};
}

type Calls = string[];
function step(id: StepId, calls: Calls, behaviour: Partial<Step<null>> & {fail?: Error} = {}): Step<null> {
	return {
		id,
		title: id,
		skip: () => undefined,
		async run() {
			calls.push(id);
			if (behaviour.fail !== undefined) {
				throw behaviour.fail;
			}
		},
		...behaviour,
	};
}

function engineFor(steps: Array<Step<null>>, record = emptyRecord(), controller = new AbortController()) {
	const store = memoryReleaseStore('/nonexistent');
	const events: ReleaseEvent[] = [];
	const engine = createReleaseEngine({record, store, steps, context: null, signal: controller.signal, noLogs: true, now: () => '2026-01-01T00:00:01.000Z', answerer: createCiAnswerer(() => undefined)});
	engine.subscribe(event => events.push(event));
	return {engine, store, events};
}

describe('release engine', () => {
	test('runs the steps in order, saves after every action, and ends ready', async () => {
		const calls: Calls = [];
		const {engine, store, events} = engineFor([step('preflight', calls), step('version', calls), step('tests', calls, {skip: () => 'no tests'})]);
		const outcome = await engine.run();
		expect(outcome).toEqual({status: 'ready', exitCode: 0});
		expect(calls).toEqual(['preflight', 'version']);
		expect(events.map(event => event.type)).toEqual(['step-started', 'step-finished', 'step-started', 'step-finished', 'step-skipped', 'release-ready']);
		expect(store.load()).toMatchObject({status: 'ready', skips: [{step: 'tests', reason: 'no tests'}], steps: {preflight: {status: 'done', durationMs: 0}}});
	});

	test('the plain reporter prints each step by the title its events and the record carry', async () => {
		const calls: Calls = [];
		const {engine} = engineFor([step('preflight', calls, {title: 'Check the tools'}), step('tests', calls, {title: 'Run the tests', skip: () => 'no tests'})]);
		const printed: string[] = [];
		engine.subscribe(createPlainReporter({write: text => printed.push(text)}, {write: text => printed.push(text)}, {resumeCommand: 'wizard --ci /repo'}));
		await engine.run();
		expect(printed.slice(0, 3)).toEqual(['==> Check the tools\n', '  ok: Check the tools (0.0s)\n', '==> Run the tests: skipped: no tests\n']);
		expect(engine.record().steps).toMatchObject({preflight: {title: 'Check the tools', status: 'done'}, tests: {title: 'Run the tests', status: 'skipped'}});
	});

	test('a failing step stops the run with its exit code, and the record names it', async () => {
		const calls: Calls = [];
		const {engine, store} = engineFor([step('preflight', calls, {fail: new PreconditionError('The tree is dirty.', {hint: 'Commit first.'})}), step('version', calls)]);
		expect(await engine.run()).toEqual({status: 'failed', step: 'preflight', exitCode: 3});
		expect(calls).toEqual(['preflight']);
		expect(store.load()).toMatchObject({status: 'failed', failure: {step: 'preflight', message: 'The tree is dirty.', hint: 'Commit first.', exitCode: 3}});
	});

	test('a resumed record continues at the first unfinished step; steps marked always run again', async () => {
		const calls: Calls = [];
		let record = emptyRecord();
		for (const id of ['preflight', 'version'] as const) {
			record = reduceRelease(record, {type: 'step-started', step: id, title: id, at: '2026-01-01T00:00:00.000Z'}, 'now');
			record = reduceRelease(record, {type: 'step-finished', step: id, at: '2026-01-01T00:00:00.000Z'}, 'now');
		}

		const {engine} = engineFor([step('preflight', calls, {always: true}), step('version', calls), step('tests', calls)], record);
		await engine.run();
		expect(calls).toEqual(['preflight', 'tests']);
	});

	test('resuming after a failed inspection starts again at the build', async () => {
		const calls: Calls = [];
		let record = emptyRecord();
		for (const id of ['build', 'check'] as const) {
			record = reduceRelease(record, {type: 'step-finished', step: id, at: 'x'}, 'now');
		}

		record = reduceRelease(record, {type: 'step-failed', step: 'inspect', at: 'x', message: 'a token', exitCode: 1, tail: []}, 'now');
		const {engine} = engineFor([step('build', calls), step('check', calls, {resumeFrom: 'build'}), step('inspect', calls, {resumeFrom: 'build'})], record);
		await engine.run();
		expect(calls).toEqual(['build', 'check', 'inspect']);
	});

	test('an abort during a step ends as interrupted (exit 130) with the step pending again', async () => {
		const controller = new AbortController();
		const calls: Calls = [];
		const {engine, store} = engineFor(
			[
				step('build', calls, {
					async run(_context, io) {
						controller.abort();
						io.signal.throwIfAborted();
					},
				}),
			],
			emptyRecord(),
			controller,
		);
		expect(await engine.run()).toEqual({status: 'interrupted', exitCode: 130});
		expect(store.load()).toMatchObject({status: 'interrupted', steps: {build: {status: 'pending'}}});
	});
});

describe('reduceRelease', () => {
	test('is pure: the input record is not changed', () => {
		const record = emptyRecord();
		const copy = structuredClone(record);
		const next = reduceRelease(record, {type: 'package-built', name: 'core', files: [{path: '/f.whl', name: 'f.whl', size: 1, sha256: 'ab'}], builtFrom: 'c0ffee', durationMs: 5}, 'later');
		expect(record).toEqual(copy);
		expect(next.packages['core']).toMatchObject({status: 'built', builtFrom: 'c0ffee', durationMs: 5});
		expect(next.updatedAt).toBe('later');
	});

	test('a skip is recorded once per step, with its reason', () => {
		let record = reduceRelease(emptyRecord(), {type: 'step-skipped', step: 'tests', title: 'tests', reason: 'a'}, 'now');
		record = reduceRelease(record, {type: 'step-skipped', step: 'tests', title: 'tests', reason: 'b'}, 'now');
		expect(record.skips).toEqual([{step: 'tests', reason: 'b'}]);
	});
});

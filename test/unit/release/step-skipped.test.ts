import {describe, expect, test} from 'vitest';
import {createReleaseEngine, StepSkipped, type Step} from '../../../source/core/release/engine.js';
import {createCiAnswerer} from '../../../source/core/release/questions.js';
import {memoryReleaseStore} from '../../../source/core/state/release-store.js';
import {sampleRecord} from '../../helpers/release-record.js';

describe('a step that skips itself once running', () => {
	test('is recorded skipped with its reason (not done, not failed), and the release goes on to ready', async () => {
		const ran: string[] = [];
		const steps: Array<Step<null>> = [
			{id: 'preflight', title: 'Preflight', skip: () => undefined, async run() {
				throw new StepSkipped('not confirmed');
			}},
			{id: 'version', title: 'Version', skip: () => undefined, async run() {
				ran.push('version');
			}},
		];
		const record = {...sampleRecord(), status: 'running' as const, steps: {preflight: {status: 'pending' as const}, version: {status: 'pending' as const}}};
		const engine = createReleaseEngine({record, store: memoryReleaseStore('/nonexistent'), steps, context: null, signal: new AbortController().signal, noLogs: true, answerer: createCiAnswerer(() => undefined)});
		const outcome = await engine.run();
		expect(outcome).toEqual({status: 'ready', exitCode: 0});
		expect(engine.record().steps['preflight']).toMatchObject({status: 'skipped', message: 'not confirmed'});
		expect(engine.record().skips).toEqual([{step: 'preflight', reason: 'not confirmed'}]);
		expect(ran).toEqual(['version']);
	});
});

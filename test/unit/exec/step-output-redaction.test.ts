import {expect, test} from 'vitest';
import {PreconditionError} from '../../../source/core/errors.js';
import {createRedactor} from '../../../source/core/redact.js';
import {createReleaseEngine, type Step} from '../../../source/core/release/engine.js';
import {createCiAnswerer} from '../../../source/core/release/questions.js';
import {localStepIds, type ReleaseEvent, type ReleaseRecord, type StepId, type StepRecord} from '../../../source/core/release/types.js';
import {memoryReleaseStore} from '../../../source/core/state/release-store.js';
import {sampleRecord} from '../../helpers/release-record.js';

const secret = 'hunter2-correct-horse-battery';

function record(): ReleaseRecord {
	return {...sampleRecord(), packages: {}, batches: [], steps: Object.fromEntries(localStepIds.map(id => [id, {status: 'pending'} satisfies StepRecord]))};
}

test('what a step writes to io.stdout in pieces reaches the front ends as whole, redacted lines', async () => {
	const writer: Step<null> = {
		id: 'preflight',
		title: 'preflight',
		skip: () => undefined,
		async run(_context, io) {
			for (const chunk of ['uploading with hun', `ter2-correct-horse-battery, ok\nwrapped: ${secret.slice(0, 9)}`, `\n  ${secret.slice(9)}\npartial `, 'line']) {
				io.stdout.write(chunk);
			}

			await new Promise<void>(resolve => {
				io.stdout.end(resolve);
			});
		},
	};
	const events: ReleaseEvent[] = [];
	const engine = createReleaseEngine({record: record(), store: memoryReleaseStore('/nonexistent'), steps: [writer], context: null, signal: new AbortController().signal, noLogs: true, redact: createRedactor([secret]), answerer: createCiAnswerer(() => undefined)});
	engine.subscribe(event => events.push(event));
	await engine.run();
	const lines = events.flatMap(event => (event.type === 'step-output' ? [event.line] : []));
	expect(lines).toEqual(['uploading with [redacted], ok', 'wrapped: [redacted]', '  [redacted]', 'partial line']);
});

test('a step failure that quotes a secret is saved and published redacted', async () => {
	const failing: Step<null> = {
		id: 'preflight',
		title: 'preflight',
		skip: () => undefined,
		async run() {
			throw new PreconditionError(`The index refused ${secret}.`, {hint: `Basic ${Buffer.from(`__token__:${secret}`).toString('base64')}`});
		},
	};
	const store = memoryReleaseStore('/nonexistent');
	const engine = createReleaseEngine({record: record(), store, steps: [failing], context: null, signal: new AbortController().signal, noLogs: true, redact: createRedactor([secret]), answerer: createCiAnswerer(() => undefined)});
	await engine.run();
	const saved = JSON.stringify(store.load());
	expect(saved).toContain('The index refused [redacted].');
	expect(saved).toContain('Basic [redacted]');
	expect(saved).not.toContain(secret);
});

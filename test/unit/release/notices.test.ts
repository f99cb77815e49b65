import {describe, expect, test} from 'vitest';
import {createReleaseEngine, type Step} from '../../../source/core/release/engine.js';
import {createCiAnswerer} from '../../../source/core/release/questions.js';
import type {ReleaseEvent, ReleaseRecord} from '../../../source/core/release/types.js';
import {memoryReleaseStore} from '../../../source/core/state/release-store.js';
import {createPlainReporter} from '../../../source/ui/plain/reporter.js';
import {sampleRecord} from '../../helpers/release-record.js';

const testpypi = {name: 'testpypi', uploadUrl: 'https://test.pypi.org/legacy/', simpleBase: 'https://test.pypi.org/simple/', jsonBase: 'https://test.pypi.org/pypi/', display: 'TestPyPI'};
const second = (seconds: number) => new Date(Date.parse('2026-01-01T00:00:00.000Z') + seconds * 1000).toISOString();

function engineWith(steps: Array<Step<null>>, record: ReleaseRecord = {...sampleRecord(), targets: {test: testpypi}}) {
	const store = memoryReleaseStore('/nonexistent');
	const engine = createReleaseEngine({record, store, steps, context: null, signal: new AbortController().signal, noLogs: true, answerer: createCiAnswerer(() => undefined)});
	const events: ReleaseEvent[] = [];
	const printed: string[] = [];
	engine.subscribe(event => events.push(event));
	engine.subscribe(createPlainReporter({write: text => printed.push(text)}, {write: text => printed.push(text)}, {resumeCommand: 'wizard --ci /repo'}));
	return {engine, store, events, printed};
}

describe('progress notices', () => {
	test('a step publishes typed notices with its id; the plain reporter prints one short line each, a wait at most every 30 s', async () => {
		const files = ['a-1.0-py3-none-any.whl', 'a-1.0.tar.gz', 'b-1.0.tar.gz'];
		const upload: Step<null> = {
			id: 'upload-test',
			title: 'Upload to the test index',
			skip: () => undefined,
			async run(_, io) {
				io.notify({type: 'upload-progress', role: 'test', package: 'core', file: files[0]!, phase: 'started', bytes: 2048});
				io.notify({type: 'upload-progress', role: 'test', package: 'core', file: files[0]!, phase: 'finished', bytes: 2048, durationMs: 1500});
				io.notify({type: 'upload-progress', role: 'test', package: 'core', file: files[1]!, phase: 'skipped', bytes: 100});
				io.notify({type: 'wait-started', role: 'test', batch: 1, files, since: second(0)});
				for (const at of [1, 10, 31, 45, 62]) {
					io.notify({type: 'wait-polled', role: 'test', batch: 1, since: second(0), polledAt: second(at), nextPollAt: second(at + 5), missing: [files[0]!], visible: files.slice(1)});
				}

				io.notify({type: 'wait-finished', role: 'test', batch: 1, elapsedMs: 70_000});
				io.notify({type: 'install-check-progress', package: 'core', phase: 'started'});
				io.notify({type: 'install-check-progress', package: 'core', phase: 'finished', durationMs: 3200, ok: true});
			},
		};
		const {engine, events, printed, store} = engineWith([upload]);
		await engine.run();
		expect(events.find(event => event.type === 'wait-started')).toEqual({type: 'wait-started', step: 'upload-test', role: 'test', batch: 1, files, since: second(0)});
		expect(store.load()?.steps['upload-test']?.status).toBe('done');
		expect(printed.slice(1, -2)).toEqual([
			'  uploading a-1.0-py3-none-any.whl (2.0 kB) to testpypi\n',
			'  uploaded a-1.0-py3-none-any.whl (2.0 kB) to testpypi in 1.5s\n',
			'  already on testpypi: a-1.0.tar.gz (100 B), same sha256, not sent again\n',
			'  … waiting for batch 2 to appear on testpypi: 3 file(s)\n',
			'  … waiting for batch 2 on testpypi: 1 of 3 files missing (a-1.0-py3-none-any.whl), 1s so far, next check in 5s\n',
			'  … waiting for batch 2 on testpypi: 1 of 3 files missing (a-1.0-py3-none-any.whl), 31s so far, next check in 5s\n',
			'  … waiting for batch 2 on testpypi: 1 of 3 files missing (a-1.0-py3-none-any.whl), 62s so far, next check in 5s\n',
			'  batch 2 is visible on testpypi (after 1m10s)\n',
			'  install check of core\n',
			'  install check of core: ok (3.2s)\n',
		]);
	});

	test('a record from an older step list gets the new steps appended as pending when the engine opens it, saved', async () => {
		const ran: string[] = [];
		const step = (id: string): Step<null> => ({id, title: `Title of ${id}`, skip: () => undefined, run: async () => void ran.push(id)});
		const record = sampleRecord();
		const done = {...record, steps: Object.fromEntries(Object.entries(record.steps).map(([id, saved]) => [id, {...saved, status: 'done' as const}]))};
		const {engine, store} = engineWith([...Object.keys(record.steps).map(id => step(id)), step('upload-test'), step('tag')], done);
		expect(Object.keys(store.load()?.steps ?? {})).toEqual(['preflight', 'version', 'tests', 'build', 'check', 'inspect', 'upload-test', 'tag']);
		expect(store.load()?.steps['tag']).toEqual({title: 'Title of tag', status: 'pending'});
		await engine.run();
		expect(ran).toEqual(['upload-test', 'tag']);
	});
});

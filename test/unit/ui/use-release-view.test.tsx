import {Text} from 'ink';
import {cleanup, render} from 'ink-testing-library';
import {afterEach, expect, test} from 'vitest';
import type {ReleaseEngine} from '../../../source/core/release/engine.js';
import {reduceRelease} from '../../../source/core/release/reducer.js';
import type {ReleaseAction, ReleaseEvent, ReleaseRecord} from '../../../source/core/release/types.js';
import {useReleaseView} from '../../../source/ui/ink/use-release-view.js';
import {waitForFrame} from '../../helpers/ink.js';
import {releaseRecord} from './release-fixture.js';

afterEach(() => {
	cleanup();
});

/** What the engine offers a front end: the record, and its events as they happen. */
function engineOf(start: ReleaseRecord) {
	let record = start;
	const listeners = new Set<(event: ReleaseEvent, record: ReleaseRecord) => void>();
	const engine: Pick<ReleaseEngine, 'subscribe' | 'record'> = {
		subscribe(listener) {
			listeners.add(listener);
			return () => listeners.delete(listener);
		},
		record: () => record,
	};
	const publish = (event: ReleaseEvent) => {
		if (event.type === 'step-started' || event.type === 'version-files-planned') {
			record = reduceRelease(record, event as ReleaseAction, new Date().toISOString());
		}

		for (const listener of listeners) {
			listener(event, record);
		}
	};

	return {engine, publish};
}

function renderCounted(engine: Pick<ReleaseEngine, 'subscribe' | 'record'>) {
	const counter = {renders: 0};
	function Probe() {
		const view = useReleaseView(engine);
		counter.renders++;
		return <Text>{`${view.running ?? 'idle'}: ${view.output.at(-1)?.line ?? 'no output'}`}</Text>;
	}

	return {rendered: render(<Probe />), counter};
}

async function pause(ms: number) {
	await new Promise(resolve => {
		setTimeout(resolve, ms);
	});
}

test('a burst of 1000 output lines renders a few times, not a thousand, and ends on the last line', async () => {
	const {engine, publish} = engineOf(releaseRecord(1, 1));
	const {rendered, counter} = renderCounted(engine);
	await waitForFrame(rendered, 'idle');
	publish({type: 'step-started', step: 'tests', title: 'Tests', at: new Date().toISOString()});
	// Each line in its own turn of the event loop, as output arrives from a child's pipe.
	for (let index = 1; index <= 1000; index++) {
		publish({type: 'step-output', step: 'tests', line: `line ${index}`});
		await new Promise(resolve => {
			setImmediate(resolve);
		});
	}

	await waitForFrame(rendered, 'tests: line 1000');
	await pause(300);
	expect(counter.renders).toBeLessThanOrEqual(4);
	expect(rendered.frames.length).toBeLessThanOrEqual(4);
});

test('output that keeps coming renders at most about ten times a second', async () => {
	const {engine, publish} = engineOf(releaseRecord(1, 1));
	const {rendered, counter} = renderCounted(engine);
	await waitForFrame(rendered, 'idle');
	publish({type: 'step-started', step: 'tests', title: 'Tests', at: new Date().toISOString()});
	const started = Date.now();
	let index = 0;
	while (Date.now() - started < 1000) {
		publish({type: 'step-output', step: 'tests', line: `line ${++index}`});
		await pause(2);
	}

	const elapsed = Date.now() - started;
	await waitForFrame(rendered, `tests: line ${index}`);
	expect(index).toBeGreaterThan(50);
	// One render at mount, then at most one per 100 ms of the stream and one after it.
	expect(counter.renders).toBeLessThanOrEqual(Math.ceil(elapsed / 100) + 2);
	expect(counter.renders).toBeGreaterThanOrEqual(4);
});

test('events that change nothing shown cause no render at all', async () => {
	const {engine, publish} = engineOf(releaseRecord(1, 1));
	const {rendered, counter} = renderCounted(engine);
	publish({type: 'step-started', step: 'tests', title: 'Tests', at: new Date().toISOString()});
	await waitForFrame(rendered, 'tests: no output');
	await pause(200);
	const renders = counter.renders;
	const frames = rendered.frames.length;
	for (let index = 0; index < 100; index++) {
		publish({type: 'version-files-planned', files: ['pyproject.toml']});
		publish({type: 'step-output', step: 'build', line: 'a step that is not running'});
	}

	await pause(300);
	expect(counter.renders).toBe(renders);
	expect(rendered.frames.length).toBe(frames);
});

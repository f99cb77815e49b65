import {expect, test} from 'vitest';
import {IndexRequestError} from '../../../source/core/index/index-errors.js';
import {waitUntilVisible, type PollReport} from '../../../source/core/index/propagation.js';
import type {ProjectListing} from '../../../source/core/index/simple-api.js';

// The schedule on a simulated clock: which instants the pages are asked at, and what each poll
// reports. (Against a real index, with real time: test/integration/index/propagation.test.ts.)

const sha = (digit: string): string => digit.repeat(64);

function simulatedClock(): {now: () => number; sleep: (ms: number) => Promise<void>} {
	let time = 0;
	return {
		now: () => time,
		async sleep(ms: number) {
			time += ms;
		},
	};
}

function listing(files: Array<[string, string]>): ProjectListing {
	return {found: files.length > 0, format: 'json', files: files.map(([filename, sha256]) => ({filename, url: `http://i/${filename}`, sha256, yanked: false}))};
}

test('polls at 0, 1, 2.5 s, then every 2 s, and stops as soon as every file is listed', async () => {
	const clock = simulatedClock();
	const asked: number[] = [];
	const reports: PollReport[] = [];
	const result = await waitUntilVisible({
		simpleBase: 'http://i/simple/',
		expected: [{project: 'Demo', filename: 'demo-1.0.tar.gz', sha256: sha('A')}],
		timeoutMs: 60_000,
		...clock,
		onPoll: report => reports.push(report),
		async readPage(_base, project) {
			expect(project).toBe('demo');
			asked.push(clock.now());
			return clock.now() >= 20_000 ? listing([['demo-1.0.tar.gz', sha('a')]]) : listing([]);
		},
	});
	expect(asked).toEqual([0, 1000, 2500, 4500, 6500, 8500, 10_500, 12_500, 14_500, 16_500, 18_500, 20_500]);
	expect(result).toEqual({status: 'visible', elapsedMs: 20_500});
	expect(reports[0]).toEqual({since: 0, polledAt: 0, nextPollAt: 1000, missing: ['demo-1.0.tar.gz'], visible: [], unanswered: []});
	expect(reports.at(-1)).toEqual({since: 0, polledAt: 20_500, nextPollAt: undefined, missing: [], visible: ['demo-1.0.tar.gz'], unanswered: []});
});

test('asks each project once a round, only while it has files missing', async () => {
	const clock = simulatedClock();
	const asked: Array<[number, string]> = [];
	await waitUntilVisible({
		simpleBase: 'http://i/simple/',
		expected: [
			{project: 'a', filename: 'a-1.tar.gz', sha256: sha('1')},
			{project: 'a', filename: 'a-1-py3-none-any.whl', sha256: sha('2')},
			{project: 'b', filename: 'b-1.tar.gz', sha256: sha('3')},
		],
		timeoutMs: 60_000,
		...clock,
		async readPage(_base, project) {
			asked.push([clock.now(), project]);
			if (project === 'a') {
				return listing([['a-1.tar.gz', sha('1')], ['a-1-py3-none-any.whl', sha('2')]]);
			}

			return clock.now() >= 2000 ? listing([['b-1.tar.gz', sha('3')]]) : listing([]);
		},
	});
	expect(asked).toEqual([
		[0, 'a'],
		[0, 'b'],
		[1000, 'b'],
		[2500, 'b'],
	]);
});

test('at the limit: timed-out with what is still missing, after a last poll at the limit itself', async () => {
	const clock = simulatedClock();
	const asked: number[] = [];
	const result = await waitUntilVisible({
		simpleBase: 'http://i/simple/',
		expected: [{project: 'demo', filename: 'demo-1.0.tar.gz', sha256: sha('a')}],
		timeoutMs: 10_000,
		...clock,
		async readPage() {
			asked.push(clock.now());
			return listing([]);
		},
	});
	expect(asked).toEqual([0, 1000, 2500, 4500, 6500, 8500, 10_000]);
	expect(result).toEqual({status: 'timed-out', elapsedMs: 10_000, missing: ['demo-1.0.tar.gz']});
});

test('a page that fails with a retryable error is asked again next round and reported as unanswered', async () => {
	const clock = simulatedClock();
	const reports: PollReport[] = [];
	const result = await waitUntilVisible({
		simpleBase: 'http://i/simple/',
		expected: [{project: 'demo', filename: 'demo-1.0.tar.gz', sha256: sha('a')}],
		timeoutMs: 10_000,
		...clock,
		onPoll: report => reports.push(report),
		async readPage() {
			if (clock.now() === 0) {
				throw new IndexRequestError('http://i/simple/demo/', 503, 'Service Unavailable', {retryable: true});
			}

			return listing([['demo-1.0.tar.gz', sha('a')]]);
		},
	});
	expect(result.status).toBe('visible');
	expect(reports[0]!.unanswered).toEqual([{project: 'demo', reason: 'http://i/simple/demo/ answered 503: Service Unavailable'}]);
});

test('a file listed with other bytes stops the wait at once with the file-name advice', async () => {
	const clock = simulatedClock();
	const waiting = waitUntilVisible({
		simpleBase: 'http://i/simple/',
		expected: [{project: 'demo', filename: 'demo-1.0.tar.gz', sha256: sha('a')}],
		timeoutMs: 60_000,
		...clock,
		readPage: async () => listing([['demo-1.0.tar.gz', sha('b')]]),
	});
	await expect(waiting).rejects.toMatchObject({
		name: 'FileReuseError',
		message: expect.stringMatching(/already has a file named demo-1\.0\.tar\.gz with other contents/),
		hint: expect.stringMatching(/\.post1/),
	});
});

test('a limit closer than a second after a poll still leaves a second before the next request', async () => {
	const clock = simulatedClock();
	const asked: number[] = [];
	const result = await waitUntilVisible({
		simpleBase: 'http://i/simple/',
		expected: [{project: 'demo', filename: 'demo-1.0.tar.gz', sha256: sha('a')}],
		timeoutMs: 1500,
		...clock,
		async readPage() {
			asked.push(clock.now());
			return listing([]);
		},
	});
	expect(asked).toEqual([0, 1000, 2000]);
	expect(result.status).toBe('timed-out');
});

import {afterAll, beforeAll, expect, test} from 'vitest';
import {FileReuseError} from '../../../source/core/index/index-errors.js';
import {releaseInfo} from '../../../source/core/index/json-api.js';
import {waitUntilVisible, type PollReport} from '../../../source/core/index/propagation.js';
import {startSandbox, type Sandbox} from '../../../source/sandbox/server.js';
import {buildDistributions, twine, type Built} from './distributions.js';

// The propagation wait against sandboxes that hold new files back (`delay`), in real time.

const delaySeconds = 2;
let delayed: Sandbox;
let heldBack: Sandbox;
let immediate: Sandbox;
let probe: Built[];
let otherBytes: Built[];

const expected = (files: readonly Built[]) => files.map(file => ({project: 'Wait_Probe', filename: file.filename, sha256: file.sha256}));

beforeAll(async () => {
	[delayed, heldBack, immediate, probe, otherBytes] = await Promise.all([
		startSandbox({delaySeconds}),
		startSandbox({delaySeconds: 600}),
		startSandbox(),
		buildDistributions('wait-probe', '1.0.0', 'a'),
		buildDistributions('wait-probe', '1.0.0', 'b'),
	]);
	for (const sandbox of [heldBack, immediate]) {
		const run = await twine(`${sandbox.url}/testpypi/legacy/`, probe);
		expect(run.exitCode, run.stdout + run.stderr).toBe(0);
	}
});

afterAll(async () => {
	await Promise.all([delayed?.close(), heldBack?.close(), immediate?.close()]);
});

test(`files held back ${delaySeconds} s: noticed within 2 s of becoming visible, polls at least 1 s apart, each poll reported`, async () => {
	const run = await twine(`${delayed.url}/testpypi/legacy/`, probe);
	expect(run.exitCode, run.stdout + run.stderr).toBe(0);
	const reports: PollReport[] = [];
	const result = await waitUntilVisible({simpleBase: `${delayed.url}/testpypi/simple/`, expected: expected(probe), timeoutMs: 30_000, onPoll: report => reports.push(report)});
	const noticedAt = Date.now();
	expect(result.status).toBe('visible');

	// The sandbox shows a file `delay` after its upload time, which its JSON API reports.
	const release = await releaseInfo(`${delayed.url}/testpypi/pypi/`, 'wait-probe', '1.0.0');
	const visibleAt = Math.max(...(release.found ? release.files : []).map(file => Date.parse(file.uploadTime!) + delaySeconds * 1000));
	expect(noticedAt).toBeGreaterThanOrEqual(visibleAt);
	expect(noticedAt - visibleAt).toBeLessThanOrEqual(2000);

	expect(reports.length).toBeGreaterThanOrEqual(2);
	expect(reports[0]).toMatchObject({missing: probe.map(file => file.filename), visible: [], unanswered: []});
	for (const [position, report] of reports.entries()) {
		expect(report.since).toBe(reports[0]!.since);
		if (position > 0) {
			expect(report.polledAt - reports[position - 1]!.polledAt).toBeGreaterThanOrEqual(995);
			expect(report.polledAt).toBeGreaterThanOrEqual(reports[position - 1]!.nextPollAt! - 5);
		}
	}

	expect(reports.at(-1)).toMatchObject({nextPollAt: undefined, missing: [], visible: expect.arrayContaining(probe.map(file => file.filename))});
});

test('files that stay held back: timed-out at the limit with the missing files', async () => {
	const started = Date.now();
	const result = await waitUntilVisible({simpleBase: `${heldBack.url}/testpypi/simple/`, expected: expected(probe), timeoutMs: 2500});
	const elapsed = Date.now() - started;
	expect(result).toMatchObject({status: 'timed-out', missing: probe.map(file => file.filename)});
	expect(elapsed).toBeGreaterThanOrEqual(2500);
	expect(elapsed).toBeLessThan(4000);
});

test('an abort stops the wait at once', async () => {
	const controller = new AbortController();
	const waiting = waitUntilVisible({simpleBase: `${heldBack.url}/testpypi/simple/`, expected: expected(probe), timeoutMs: 60_000, signal: controller.signal});
	await new Promise(resolve => setTimeout(resolve, 1300));
	const abortedAt = Date.now();
	controller.abort();
	await expect(waiting).rejects.toMatchObject({name: 'AbortError'});
	expect(Date.now() - abortedAt).toBeLessThan(200);
});

test('the index lists one of the names with other bytes: a FileReuseError at the first poll', async () => {
	const started = Date.now();
	const waiting = waitUntilVisible({simpleBase: `${immediate.url}/testpypi/simple/`, expected: expected(otherBytes), timeoutMs: 60_000});
	await expect(waiting).rejects.toBeInstanceOf(FileReuseError);
	await expect(waiting).rejects.toMatchObject({message: expect.stringMatching(/already has a file named wait_probe-1\.0\.0/), hint: expect.stringMatching(/\.post1/)});
	expect(Date.now() - started).toBeLessThan(1000);
});

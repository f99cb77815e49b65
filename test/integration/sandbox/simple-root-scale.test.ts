import {readFile} from 'node:fs/promises';
import path from 'node:path';
import {expect, test} from 'vitest';
import {startSandbox, type Sandbox} from '../../../source/sandbox/server.js';
import {temporaryFolder} from '../../helpers/temp.js';
import {uploadToken, wheelMembers, writeArchive} from './fixtures.js';
import {basicAuth, postUpload, send} from './http.js';
import {writeIndexOfProjects} from './index-data.js';

// Given indexes of 1,000 and 5,000 projects, when pip reads the simple API's root, then the
// time grows with the number of projects, not with its square (the root once filtered every
// file for every project: 37 ms at 1,000, 387 ms at 5,000), and the page follows every change.

const auth = basicAuth('__token__', uploadToken);

async function sandboxOf(count: number): Promise<Sandbox> {
	const dataDir = await temporaryFolder(`sandbox-root-${count}-`);
	await writeIndexOfProjects(dataDir, count);
	return startSandbox({dataDir});
}

let toggles = 0;

/** Yanks or un-yanks a release, so the next root page is built afresh from new records. */
async function changeRecords(sandbox: Sandbox): Promise<void> {
	const action = toggles++ % 2 === 0 ? 'yank' : 'unyank';
	const response = await send(`${sandbox.url}/testpypi/_sandbox/${action}`, {
		method: 'POST',
		body: 'project=project-00000&version=1.0',
		headers: {'Content-Type': 'application/x-www-form-urlencoded', Authorization: auth},
	});
	expect(response.status).toBe(200);
}

async function timeFreshRoot(sandbox: Sandbox): Promise<number> {
	await changeRecords(sandbox);
	const started = process.hrtime.bigint();
	const response = await send(`${sandbox.url}/testpypi/simple/`);
	const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
	expect(response.status).toBe(200);
	return elapsed;
}

async function rootSerial(sandbox: Sandbox): Promise<number> {
	const response = await send(`${sandbox.url}/testpypi/simple/`, {headers: {Accept: 'application/vnd.pypi.simple.v1+json'}});
	return (JSON.parse(response.body) as {meta: {'_last-serial': number}}).meta['_last-serial'];
}

test('the root page of 5,000 projects lists them all and costs about 5x the root of 1,000, not 25x', async () => {
	const [small, large] = [await sandboxOf(1000), await sandboxOf(5000)];
	try {
		const page = await send(`${large.url}/testpypi/simple/`);
		expect(page.body.match(/<a href=/g)).toHaveLength(5000);
		expect(page.body).toContain('<a href="/testpypi/simple/project-04999/">project-04999</a>');

		// Each page is built afresh (the records change before it), and the two sizes alternate,
		// so load from other processes falls on both. Load only ever adds time: the fastest of
		// several runs is the closest to the work itself.
		const smallTimes: number[] = [];
		const largeTimes: number[] = [];
		for (let pair = 0; pair < 15; pair++) {
			smallTimes.push(await timeFreshRoot(small));
			largeTimes.push(await timeFreshRoot(large));
		}

		const [fastestSmall, fastestLarge] = [Math.min(...smallTimes), Math.min(...largeTimes)];
		// Linear work gives about 5; the quadratic root gave 22.
		expect(fastestLarge / fastestSmall).toBeLessThan(12);
		// 387 ms on an idle machine before; linear is a few ms. Generous for a loaded machine.
		expect(fastestLarge).toBeLessThan(150);
	} finally {
		await Promise.all([small.close(), large.close()]);
	}
});

test('the root page follows every change: a yank raises its serial, a --delay file appears when due', async () => {
	const sandbox = await sandboxOf(3);
	const delayed = await startSandbox({delaySeconds: 1});
	try {
		const before = await rootSerial(sandbox);
		await changeRecords(sandbox);
		expect(await rootSerial(sandbox)).toBe(before + 1);

		expect(await rootSerial(delayed)).toBe(0);
		const folder = await temporaryFolder('sandbox-root-delay-');
		const data = await readFile(await writeArchive(path.join(folder, 'late-1.0-py3-none-any.whl'), 'zip', wheelMembers('late-1.0.dist-info')));
		const uploaded = Date.now();
		expect((await postUpload(`${delayed.url}/testpypi/legacy/`, {name: 'late', version: '1.0', filename: 'late-1.0-py3-none-any.whl', data}, auth)).status).toBe(200);
		expect((await send(`${delayed.url}/testpypi/simple/`)).body).not.toContain('late');
		await expect.poll(async () => (await send(`${delayed.url}/testpypi/simple/`)).body, {timeout: 5000, interval: 100}).toContain('<a href="/testpypi/simple/late/">late</a>');
		expect(Date.now() - uploaded).toBeGreaterThanOrEqual(900);
	} finally {
		await Promise.all([sandbox.close(), delayed.close()]);
	}
});

import path from 'node:path';
import {afterEach, describe, expect, test} from 'vitest';
import {startSandbox, type Sandbox} from '../../../source/sandbox/server.js';
import type {UploadLogEntry} from '../../../source/sandbox/upload-log.js';
import {temporaryFolder} from '../../helpers/temp.js';
import {buildFixture, requireClients, twineUpload, uploadToken} from './fixtures.js';
import {send} from './http.js';

async function uploadLog(sandbox: Sandbox): Promise<UploadLogEntry[]> {
	const response = await send(`${sandbox.url}/_sandbox/uploads`);
	expect(response.status).toBe(200);
	return JSON.parse(response.body) as UploadLogEntry[];
}

let sandbox: Sandbox | undefined;
afterEach(async () => {
	await sandbox?.close();
	sandbox = undefined;
});

describe('the sandbox upload log (/_sandbox/uploads)', () => {
	test('lists every upload answered, with index, file, sha256 and status, and survives a restart on the same data folder', async () => {
		requireClients();
		const dataDir = await temporaryFolder('sandbox-log-');
		sandbox = await startSandbox({dataDir, tokens: [uploadToken]});
		const files = await buildFixture({backend: 'flit', name: 'logged', version: '1.0.0'});
		const wheel = files.find(file => file.endsWith('.whl'))!;
		expect((await twineUpload(`${sandbox.url}/testpypi/legacy/`, [wheel])).exitCode).toBe(0);
		expect((await twineUpload(`${sandbox.url}/testpypi/legacy/`, [wheel])).exitCode).toBe(0);
		expect((await twineUpload(`${sandbox.url}/pypi/legacy/`, [wheel], {token: 'pypi-wrong'})).exitCode).not.toBe(0);
		const log = await uploadLog(sandbox);
		expect(log.map(({index, filename, status}) => ({index, filename, status}))).toEqual([
			{index: 'testpypi', filename: path.basename(wheel), status: 200},
			{index: 'testpypi', filename: path.basename(wheel), status: 200},
			{index: 'pypi', filename: path.basename(wheel), status: 403},
		]);
		expect(log[0]!.sha256).toMatch(/^[0-9a-f]{64}$/);
		expect(Date.parse(log[0]!.time)).not.toBeNaN();

		await sandbox.close();
		sandbox = await startSandbox({dataDir, flakyRate: 1});
		expect(await uploadLog(sandbox)).toEqual(log);
		expect((await twineUpload(`${sandbox.url}/testpypi/legacy/`, [wheel], {args: ['--verbose']})).exitCode).not.toBe(0);
		expect((await uploadLog(sandbox)).slice(log.length)[0]).toMatchObject({index: 'testpypi', filename: null, sha256: null, status: 503});
	});
});

import {createHash} from 'node:crypto';
import {readFile} from 'node:fs/promises';
import path from 'node:path';
import {expect, test} from 'vitest';
import {startSandbox} from '../../../source/sandbox/server.js';
import type {UploadLogEntry} from '../../../source/sandbox/upload-log.js';
import {temporaryFolder} from '../../helpers/temp.js';
import {buildFixture, requireClients, twineUpload, uploadToken} from './fixtures.js';

async function uploads(url: string): Promise<UploadLogEntry[]> {
	const response = await fetch(`${url}/_sandbox/uploads`);
	expect(response.status).toBe(200);
	return ((await response.json()) as {uploads: UploadLogEntry[]}).uploads;
}

// The log is how a rehearsal proves that nothing was sent twice: it must list every answer,
// refusals and flaky 503s included, in order, and outlive a restart of the sandbox.
test('every upload request the sandbox answers is in its log at /_sandbox/uploads, across a restart', async () => {
	requireClients();
	const data = await temporaryFolder('sandbox-log-');
	const [sdist, wheel] = await buildFixture({backend: 'flit', name: 'log-demo', version: '1.0.0'});
	const wheelSha = createHash('sha256').update(await readFile(wheel!)).digest('hex');

	let sandbox = await startSandbox({dataDir: data, flakyRate: 0.5, tokens: [uploadToken]});
	try {
		const first = await twineUpload(`${sandbox.url}/testpypi/legacy/`, [wheel!]);
		expect(first.exitCode, first.all).toBe(0);
		const refused = await twineUpload(`${sandbox.url}/testpypi/legacy/`, [sdist!], {token: 'pypi-not-accepted'});
		expect(refused.exitCode).not.toBe(0);
	} finally {
		await sandbox.close();
	}

	sandbox = await startSandbox({dataDir: data, tokens: [uploadToken]});
	try {
		const again = await twineUpload(`${sandbox.url}/pypi/legacy/`, [wheel!]);
		expect(again.exitCode, again.all).toBe(0);
		const log = await uploads(sandbox.url);
		const wheelName = path.basename(wheel!);
		// flaky 0.5 fails every other request, starting with the first: twine retried each 503.
		expect(log.map(entry => [entry.index, entry.filename, entry.status])).toEqual([
			['testpypi', null, 503],
			['testpypi', wheelName, 200],
			['testpypi', null, 503],
			['testpypi', path.basename(sdist!), 403],
			['pypi', wheelName, 200],
		]);
		expect(log.filter(entry => entry.status === 200).map(entry => entry.sha256)).toEqual([wheelSha, wheelSha]);
		expect(log[3]!.message).toMatch(/Invalid or non-existent authentication information/);
		expect(log.map(entry => entry.time)).toEqual([...log.map(entry => entry.time)].sort());
		expect(await readFile(path.join(data, 'uploads.log'), 'utf8')).toContain(`"filename":"${wheelName}"`);
	} finally {
		await sandbox.close();
	}
});

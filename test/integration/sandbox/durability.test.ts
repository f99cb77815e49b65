import {readFile, readdir} from 'node:fs/promises';
import {connect} from 'node:net';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {startSandbox, type Sandbox} from '../../../source/sandbox/server.js';
import {temporaryFolder} from '../../helpers/temp.js';
import {buildFixture, twineUpload, uploadToken} from './fixtures.js';
import {basicAuth, multipart, postUpload, send, sha256, uploadParts} from './http.js';

// The sandbox keeps what it accepted across restarts, takes concurrent uploads without mixing
// them up, shows nothing of an upload cut short, and its rehearsal knobs behave as documented.

type SimpleJson = {files: Array<{filename: string; hashes: {sha256: string}}>};

async function listed(url: string, project: string): Promise<SimpleJson['files']> {
	const response = await send(`${url}/testpypi/simple/${project}/`, {headers: {Accept: 'application/vnd.pypi.simple.v1+json'}});
	return response.status === 200 ? (JSON.parse(response.body) as SimpleJson).files : [];
}

const packages = Array.from({length: 8}, (_, index) => `parallel${index}`);
let dists: string[][] = [];
let delayed: string[] = [];
let flaky: string[] = [];

beforeAll(async () => {
	[delayed, flaky, ...dists] = await Promise.all([
		buildFixture({backend: 'flit', name: 'delayed', version: '1.0'}),
		buildFixture({backend: 'flit', name: 'flaky', version: '1.0'}),
		...packages.map(async name => buildFixture({backend: 'flit', name, version: '1.0'})),
	]);
});

describe('durability', () => {
	let dataDir: string;
	let sandbox: Sandbox | undefined;

	beforeAll(async () => {
		dataDir = await temporaryFolder('sandbox-data-');
		sandbox = await startSandbox({dataDir});
	});

	afterAll(async () => {
		await sandbox?.close();
	});

	test('8 uploads from 8 twine processes at once are all stored, with the hashes of the files sent', async () => {
		const results = await Promise.all(dists.map(async files => twineUpload(`${sandbox!.url}/testpypi/legacy/`, files)));
		expect(results.map(result => result.exitCode)).toEqual(packages.map(() => 0));
		for (const [index, name] of packages.entries()) {
			const files = await listed(sandbox!.url, name);
			const expected = await Promise.all(dists[index]!.map(async file => [path.basename(file), sha256(await readFile(file))]));
			expect(files.map(file => [file.filename, file.hashes.sha256])).toEqual(expected);
		}
	});

	test('an upload cut off mid-body leaves nothing visible and no partial file', async () => {
		const {body, contentType} = multipart(uploadParts({name: 'cutoff', version: '1.0', filename: 'cutoff-1.0.tar.gz', data: Buffer.alloc(512 * 1024, 1)}));
		const {port} = new URL(sandbox!.url);
		await new Promise<void>(resolve => {
			const socket = connect(Number(port), '127.0.0.1', () => {
				socket.write(
					`POST /testpypi/legacy/ HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: ${contentType}\r\nContent-Length: ${body.length}\r\nAuthorization: ${basicAuth('__token__', uploadToken)}\r\n\r\n`,
				);
				socket.write(body.subarray(0, body.length / 2), () => {
					setTimeout(() => {
						socket.destroy();
						resolve();
					}, 100);
				});
			});
		});
		await new Promise(resolve => setTimeout(resolve, 200));
		expect(await listed(sandbox!.url, 'cutoff')).toEqual([]);
		expect(await readdir(path.join(dataDir, 'testpypi', 'incoming'))).toEqual([]);
	});

	test('after a restart on the same data folder, every file is still listed and downloadable', async () => {
		const before = await Promise.all(packages.map(async name => listed(sandbox!.url, name)));
		await sandbox!.close();
		sandbox = await startSandbox({dataDir});
		const after = await Promise.all(packages.map(async name => listed(sandbox!.url, name)));
		expect(after).toEqual(before);
		const json = await send(`${sandbox.url}/testpypi/simple/parallel0/`, {headers: {Accept: 'application/vnd.pypi.simple.v1+json'}});
		const file = (JSON.parse(json.body) as {files: Array<{url: string; hashes: {sha256: string}}>}).files[0]!;
		const download = await fetch(`${sandbox.url}${file.url}`);
		expect(sha256(Buffer.from(await download.arrayBuffer()))).toBe(file.hashes.sha256);
	});
});

describe('rehearsal knobs', () => {
	test('--delay 3: a new file is hidden from the simple and JSON APIs for about 3 seconds, then visible', async () => {
		const sandbox = await startSandbox({delaySeconds: 3});
		try {
			// A raw POST, not twine: on a loaded machine twine's own start-up can outlast the delay.
			const wheel = delayed.find(file => file.endsWith('.whl'))!;
			const started = Date.now();
			const response = await postUpload(`${sandbox.url}/testpypi/legacy/`, {name: 'delayed', version: '1.0', filename: path.basename(wheel), data: await readFile(wheel)}, basicAuth('__token__', uploadToken));
			expect(response.status, response.reason).toBe(200);
			expect(Date.now() - started).toBeLessThan(3000);
			expect(await listed(sandbox.url, 'delayed')).toEqual([]);
			expect((await send(`${sandbox.url}/testpypi/pypi/delayed/json`)).status).toBe(404);

			while ((await listed(sandbox.url, 'delayed')).length === 0) {
				expect(Date.now() - started).toBeLessThan(10_000);
				await new Promise(resolve => setTimeout(resolve, 100));
			}

			expect(Date.now() - started).toBeGreaterThanOrEqual(2900);
			expect((await send(`${sandbox.url}/testpypi/pypi/delayed/json`)).status).toBe(200);
		} finally {
			await sandbox.close();
		}
	});

	test("--flaky 0.5: half the requests get 503, and twine's own retries get the upload through", async () => {
		const sandbox = await startSandbox({flakyRate: 0.5});
		try {
			const result = await twineUpload(`${sandbox.url}/testpypi/legacy/`, flaky);
			expect(result.exitCode, result.stderr).toBe(0);
			expect(result.stderr + result.stdout).toMatch(/503/);
			let answers = 0;
			let unavailable = 0;
			for (let attempt = 0; attempt < 10; attempt++) {
				const response = await send(`${sandbox.url}/testpypi/simple/`);
				answers++;
				unavailable += response.status === 503 ? 1 : 0;
			}

			expect(unavailable / answers).toBe(0.5);
		} finally {
			await sandbox.close();
		}
	});
});

import {randomBytes} from 'node:crypto';
import {readFile, readdir} from 'node:fs/promises';
import {connect} from 'node:net';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {startSandbox, type Sandbox} from '../../../source/sandbox/server.js';
import {temporaryFolder} from '../../helpers/temp.js';
import {uploadToken, wheelMembers, writeArchive} from './fixtures.js';
import {basicAuth, blake2, multipart, postUpload, send, uploadParts} from './http.js';

// Given a running sandbox, when a client sends what a broken or hostile client sends (the same
// bytes under another name, a body cut short, nothing at all, a form without a boundary), then
// it answers as PyPI would, in bounded time, and stores nothing.

const auth = basicAuth('__token__', uploadToken);
const stallTimeoutMs = 400;

let sandbox: Sandbox;
let upload: string;
let folder: string;

beforeAll(async () => {
	folder = await temporaryFolder('sandbox-hostile-');
	sandbox = await startSandbox({stallTimeoutMs});
	upload = `${sandbox.url}/testpypi/legacy/`;
});

afterAll(async () => {
	await sandbox.close();
});

type RawAnswer = {readonly statusLine: string; readonly closedAfterMs: number};

/** Writes `head` then `body` on a raw socket and waits (at most 10 s) for the server to answer or hang up. */
async function sendRaw(head: string, body: Buffer = Buffer.alloc(0)): Promise<RawAnswer> {
	const {port} = new URL(sandbox.url);
	const started = Date.now();
	return new Promise((resolve, reject) => {
		let received = '';
		const socket = connect(Number(port), '127.0.0.1', () => {
			socket.write(head);
			socket.write(body);
		});
		const giveUp = setTimeout(() => {
			socket.destroy();
			reject(new Error(`The sandbox neither answered nor hung up within 10 s (got: ${JSON.stringify(received)})`));
		}, 10_000);
		socket.on('data', (chunk: Buffer) => {
			received += chunk.toString('latin1');
		});
		socket.on('error', () => undefined);
		socket.on('close', () => {
			clearTimeout(giveUp);
			resolve({statusLine: received.split('\r\n')[0] ?? '', closedAfterMs: Date.now() - started});
		});
	});
}

async function listedFiles(project: string): Promise<string[]> {
	const response = await send(`${sandbox.url}/testpypi/simple/${project}/`, {headers: {Accept: 'application/vnd.pypi.simple.v1+json'}});
	return response.status === 200 ? (JSON.parse(response.body) as {files: Array<{filename: string}>}).files.map(file => file.filename) : [];
}

describe('the same bytes under another file name', () => {
	test('a 3 MB wheel uploaded again as another project is refused with "File already exists", quoting hashlib\'s blake2b-256', async () => {
		const members = {...wheelMembers('twin_a-1.0.dist-info'), 'x/data.txt': randomBytes(3 * 1024 * 1024).toString('base64')};
		const data = await readFile(await writeArchive(path.join(folder, 'twin_a-1.0-py3-none-any.whl'), 'zip', members));
		const first = await postUpload(upload, {name: 'twin-a', version: '1.0', filename: 'twin_a-1.0-py3-none-any.whl', data}, auth);
		expect([first.status, first.reason]).toEqual([200, 'OK']);

		const again = await postUpload(upload, {name: 'twin-b', version: '1.0', filename: 'twin_b-1.0-py3-none-any.whl', data}, auth);
		expect([again.status, again.reason]).toEqual([
			400,
			`File already exists ('twin_b-1.0-py3-none-any.whl', with blake2_256 hash '${blake2(data)}'). See https://test.pypi.org/help/#file-name-reuse for more information.`,
		]);
		expect(await listedFiles('twin-b')).toEqual([]);
	});
});

describe('clients that stop sending', () => {
	test('a body shorter than its Content-Length gets 408 once the client has been silent for the stall timeout, and nothing is kept', async () => {
		const {body, contentType} = multipart(uploadParts({name: 'shortbody', version: '1.0', filename: 'shortbody-1.0.tar.gz', data: Buffer.alloc(64 * 1024, 1)}));
		const head = `POST /testpypi/legacy/ HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: ${contentType}\r\nContent-Length: ${body.length}\r\nAuthorization: ${auth}\r\n\r\n`;
		const answer = await sendRaw(head, body.subarray(0, body.length - 100));
		expect(answer.statusLine).toBe(
			`HTTP/1.1 408 Request Timeout: the client sent nothing for ${stallTimeoutMs / 1000} s before the end of its request (its Content-Length promised ${body.length} bytes of body); nothing was stored.`,
		);
		expect(answer.closedAfterMs).toBeGreaterThanOrEqual(stallTimeoutMs - 50);
		expect(await listedFiles('shortbody')).toEqual([]);
		await expect.poll(async () => readdir(path.join(sandbox.dataDir, 'testpypi', 'incoming')), {timeout: 2000}).toEqual([]);
	});

	test('a client that stops in the middle of its headers is hung up on after the stall timeout', async () => {
		const answer = await sendRaw('GET /testpypi/simple/ HTTP/1.1\r\nHost: 127.0');
		expect(answer.statusLine).toBe('');
		expect(answer.closedAfterMs).toBeGreaterThanOrEqual(stallTimeoutMs - 50);
	});

	test('the sandbox keeps serving other clients while one is stalled', async () => {
		const stalled = sendRaw('POST /testpypi/legacy/ HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: multipart/form-data; boundary=x\r\nContent-Length: 1000\r\n\r\n--x');
		expect((await send(`${sandbox.url}/testpypi/simple/`)).status).toBe(200);
		expect((await stalled).statusLine).toMatch(/^HTTP\/1\.1 408 /);
	});
});

describe('malformed forms', () => {
	test('multipart/form-data without a boundary gets 400 naming the missing boundary', async () => {
		const response = await send(upload, {method: 'POST', body: 'whatever', headers: {'Content-Type': 'multipart/form-data', Authorization: auth}});
		expect(response.status).toBe(400);
		expect(response.reason).toBe(
			'Malformed multipart/form-data body: the Content-Type header (multipart/form-data) has no boundary parameter, so the parts cannot be told apart. Send multipart/form-data; boundary=... as twine does.',
		);
	});
});

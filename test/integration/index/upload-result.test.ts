import {copyFile, mkdtemp} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, expect, test} from 'vitest';
import {interpretTwineUpload} from '../../../source/core/index/upload-result.js';
import {startSandbox, type Sandbox} from '../../../source/sandbox/server.js';
import {uploadToken} from '../sandbox/fixtures.js';
import {buildDistributions, twine, type Built} from './distributions.js';

// Real twine against the real sandbox, provoking each answer an upload can get.

let sandbox: Sandbox;
let flaky: Sandbox;
let uploadUrl: string;
let first: Built[];
let sameNamesOtherBytes: Built[];
let neverUploaded: Built[];

const repository = (): {name: string; uploadUrl: string} => ({name: 'testpypi', uploadUrl});

beforeAll(async () => {
	[sandbox, flaky, first, sameNamesOtherBytes, neverUploaded] = await Promise.all([
		startSandbox({tokens: [uploadToken]}),
		startSandbox({flakyRate: 1}),
		buildDistributions('uploadprobe', '1.0.0', 'a'),
		buildDistributions('uploadprobe', '1.0.0', 'b'),
		buildDistributions('uploadprobe', '1.0.0', 'c'),
	]);
	uploadUrl = `${sandbox.url}/testpypi/legacy/`;
});

afterAll(async () => {
	await Promise.all([sandbox?.close(), flaky?.close()]);
});

test('a first upload: ok, every file uploaded; the same files again: ok (the index answers 200)', async () => {
	expect(sameNamesOtherBytes.map(file => file.filename)).toEqual(first.map(file => file.filename));
	expect(sameNamesOtherBytes.map(file => file.sha256)).not.toEqual(first.map(file => file.sha256));
	for (let attempt = 0; attempt < 2; attempt++) {
		const result = interpretTwineUpload({...(await twine(uploadUrl, first)), repository: repository()});
		expect(result.kind).toBe('ok');
		expect([...result.files].sort((left, right) => left.filename.localeCompare(right.filename))).toEqual(
			first.map(file => ({filename: file.filename, state: 'uploaded'})).sort((left, right) => left.filename.localeCompare(right.filename)),
		);
	}
});

test("a file name reused with other bytes: 400 with the index's reason, wrapped as rich wraps it, and the .postN fix", async () => {
	const run = await twine(uploadUrl, sameNamesOtherBytes, {parseable: false});
	expect(run.stdout + run.stderr).toMatch(/\n {9}\S/); // really wrapped by rich at 80 columns
	const result = interpretTwineUpload({...run, repository: repository()});
	expect(result.kind).toBe('rejected');
	if (result.kind !== 'rejected') {
		return;
	}

	const [refused] = result.files.filter(file => file.state === 'refused');
	expect(result.status).toBe(400);
	expect(result.fileReused).toBe(true);
	expect(result.filename).toBe(refused!.filename);
	expect(result.reason).toMatch(new RegExp(`^File already exists \\('${refused!.filename.replaceAll('.', '\\.')}', with blake2_256 hash '[0-9a-f]{64}'\\)\\. See https://test\\.pypi\\.org/help/#file-name-reuse for more information\\.$`));
	expect(result.message).toContain(`testpypi (${uploadUrl}) refused ${refused!.filename} (400)`);
	expect(result.hint).toMatch(/can never be replaced.*\.post1/);
	// Twine stops at the first refusal: the other file was never sent.
	expect(result.files.filter(file => file.state === 'not-attempted')).toHaveLength(1);
});

test("twine's --skip-existing text: the files are reported as already present", async () => {
	const result = interpretTwineUpload({...(await twine(uploadUrl, sameNamesOtherBytes, {args: ['--skip-existing']})), repository: repository()});
	expect(result).toEqual({kind: 'ok', files: expect.arrayContaining(sameNamesOtherBytes.map(file => ({filename: file.filename, state: 'already-present'})))});
	expect(result.files).toHaveLength(2);
});

test('a refused token: 403, the fix names the repository and `wizard token set`', async () => {
	const result = interpretTwineUpload({...(await twine(uploadUrl, first, {token: 'pypi-not-the-right-one'})), repository: repository()});
	expect(result).toMatchObject({
		kind: 'forbidden',
		status: 403,
		reason: 'Invalid or non-existent authentication information. See https://test.pypi.org/help/#invalid-auth for more information.',
	});
	expect(result.kind === 'forbidden' && result.hint).toMatch(/The token stored for testpypi is not valid for http:\/\/127\.0\.0\.1:\d+\/testpypi\/legacy\/.*Store a working one with: wizard token set testpypi$/);
});

test('a metadata refusal that is not a reused name: 400 with the reason and a fix that is not .postN', async () => {
	const folder = await mkdtemp(path.join(tmpdir(), 'index-misnamed-'));
	// Bytes the index has never seen (the same bytes under another name would be a reuse too).
	const sdist = neverUploaded.find(file => file.filename.endsWith('.tar.gz'))!;
	const misnamed = path.join(folder, 'Uploadprobe-1.0.0.tar.gz');
	await copyFile(sdist.path, misnamed);
	const result = interpretTwineUpload({...(await twine(uploadUrl, [{...sdist, path: misnamed, filename: 'Uploadprobe-1.0.0.tar.gz'}])), repository: repository()});
	expect(result).toMatchObject({kind: 'rejected', status: 400, fileReused: false, filename: 'Uploadprobe-1.0.0.tar.gz'});
	expect(result.kind === 'rejected' && result.reason).toBe('Only one sdist may be uploaded per release.');
	expect(result.kind === 'rejected' && result.hint).not.toMatch(/post1/);
});

test('5xx on every attempt (sandbox --flaky 1): retryable after twine retried', async () => {
	const run = await twine(`${flaky.url}/testpypi/legacy/`, first);
	expect(run.stdout + run.stderr).toMatch(/Retry 5 of 5/);
	const result = interpretTwineUpload({...run, repository: {name: 'sandbox', uploadUrl: `${flaky.url}/testpypi/legacy/`}});
	expect(result).toMatchObject({kind: 'retryable', status: 503, reason: 'Service Unavailable (sandbox --flaky)'});
	expect(result.kind === 'retryable' && result.hint).toMatch(/resumed with the same command/);
});

test('half the requests failing (sandbox --flaky 0.5): twine retries on its own, and the run is ok', async () => {
	const halfFlaky = await startSandbox({flakyRate: 0.5});
	try {
		const url = `${halfFlaky.url}/testpypi/legacy/`;
		const run = await twine(url, first);
		expect(run.stdout + run.stderr).toMatch(/Received "503/);
		expect(interpretTwineUpload({...run, repository: {name: url, uploadUrl: url}})).toEqual({kind: 'ok', files: first.map(file => ({filename: file.filename, state: 'uploaded'}))});
	} finally {
		await halfFlaky.close();
	}
});

test('nothing listening: retryable, saying the index could not be reached', async () => {
	const closed = await startSandbox();
	const url = `${closed.url}/testpypi/legacy/`;
	await closed.close();
	const result = interpretTwineUpload({...(await twine(url, first)), repository: {name: url, uploadUrl: url}});
	expect(result).toMatchObject({kind: 'retryable', status: undefined, reason: 'ConnectionError (Connection refused)'});
	expect(result.kind === 'retryable' && result.message).toBe(`${url} could not be reached while sending ${first.map(file => file.filename).find(name => name.endsWith('.whl'))}: ConnectionError (Connection refused).`);
});

test("twine's own refusal (an upload URL without its trailing slash): failed, with twine's reason", async () => {
	const result = interpretTwineUpload({...(await twine(uploadUrl.slice(0, -1), first)), repository: repository()});
	expect(result.kind).toBe('failed');
	expect(result.kind === 'failed' && result.reason).toMatch(/^RedirectDetected: http:\/\/127\.0\.0\.1:\d+\/testpypi\/legacy attempted to redirect to \/testpypi\/legacy\//);
});

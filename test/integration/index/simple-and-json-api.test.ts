import {execa, type ResultPromise} from 'execa';
import {createHash} from 'node:crypto';
import {mkdir, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {afterAll, beforeAll, expect, test} from 'vitest';
import {indexUrlsFor} from '../../../source/core/index/index-urls.js';
import {projectInfo, releaseInfo} from '../../../source/core/index/json-api.js';
import {projectFiles} from '../../../source/core/index/simple-api.js';
import {startSandbox, type Sandbox} from '../../../source/sandbox/server.js';
import {temporaryFolder} from '../../helpers/temp.js';
import {python} from '../../helpers/tools.js';
import {uploadToken} from '../sandbox/fixtures.js';
import {basicAuth, send} from '../sandbox/http.js';
import {buildDistributions, twine, type Built} from './distributions.js';

// The simple and JSON APIs read from the real sandbox after real twine uploads; the HTML
// fallback read from a static PEP 503 mirror of the sandbox's own HTML page, served by Python's
// http.server (an index that speaks no PEP 691 JSON, as static and older indexes don't).

let sandbox: Sandbox;
let urls: ReturnType<typeof indexUrlsFor>;
let older: Built[];
let newer: Built[];
let mirror: {url: string; process: ResultPromise};

const byName = <T extends {filename: string}>(files: readonly T[]): T[] => [...files].sort((left, right) => left.filename.localeCompare(right.filename));

async function staticMirror(): Promise<{url: string; process: ResultPromise}> {
	const root = await temporaryFolder('index-mirror-');
	const page = await send(`${urls.simpleBase}api-probe/`, {headers: {Accept: 'text/html'}});
	expect(page.headers['content-type']).toMatch(/^text\/html/);
	await mkdir(path.join(root, 'simple', 'api-probe'), {recursive: true});
	// The sandbox links files by absolute path: point them back at the sandbox.
	await writeFile(path.join(root, 'simple', 'api-probe', 'index.html'), page.body.replaceAll('href="/', `href="${sandbox.url}/`));
	const server = execa(python, ['-u', '-m', 'http.server', '--bind', '127.0.0.1', '0'], {cwd: root, reject: false});
	const port = await new Promise<string>((resolve, reject) => {
		server.stdout?.on('data', (chunk: Buffer) => {
			const found = /port (\d+)/.exec(String(chunk));
			if (found !== null) {
				resolve(found[1]!);
			}
		});
		void server.then(() => reject(new Error('python -m http.server exited before serving')));
	});
	return {url: `http://127.0.0.1:${port}/simple/`, process: server};
}

beforeAll(async () => {
	[sandbox, older, newer] = await Promise.all([startSandbox({tokens: [uploadToken]}), buildDistributions('api-probe', '1.0.0'), buildDistributions('api-probe', '1.1.0')]);
	urls = indexUrlsFor(`${sandbox.url}/testpypi/legacy/`);
	for (const files of [older, newer]) {
		const run = await twine(urls.uploadUrl, files);
		expect(run.exitCode, run.stdout + run.stderr).toBe(0);
	}

	const yank = await send(`${sandbox.url}/testpypi/_sandbox/yank`, {
		method: 'POST',
		headers: {Authorization: basicAuth('__token__', uploadToken), 'Content-Type': 'application/json'},
		body: JSON.stringify({project: 'api-probe', version: '1.0.0', reason: 'broken <build> & more'}),
	});
	expect(yank.status, yank.body).toBe(200);
	mirror = await staticMirror();
});

afterAll(async () => {
	mirror?.process.kill();
	await sandbox?.close();
});

test('PEP 691 JSON: every file with its sha256, an absolute URL that serves those bytes, its yank and requires-python', async () => {
	const listing = await projectFiles(urls.simpleBase, 'API_Probe');
	expect(listing.found).toBe(true);
	expect(listing.format).toBe('json');
	expect(byName(listing.files).map(file => [file.filename, file.sha256, file.yanked, file.requiresPython])).toEqual(
		byName([...older, ...newer]).map(file => [file.filename, file.sha256, file.filename.includes('1.0.0') ? 'broken <build> & more' : false, '>=3.8']),
	);
	const wheel = listing.files.find(file => file.filename.endsWith('.whl'))!;
	const download = await fetch(wheel.url);
	expect(createHash('sha256').update(Buffer.from(await download.arrayBuffer())).digest('hex')).toBe(wheel.sha256);
});

test('PEP 503 HTML from an index without JSON: the same files, hashes and yanks', async () => {
	const fromHtml = await projectFiles(mirror.url, 'api.probe');
	const fromJson = await projectFiles(urls.simpleBase, 'api-probe');
	expect(fromHtml.format).toBe('html');
	expect(byName(fromHtml.files)).toEqual(byName(fromJson.files));
});

test('a project the index does not have: not found, no error; the cache-busting query changes nothing', async () => {
	expect(await projectFiles(urls.simpleBase, 'never-uploaded')).toMatchObject({found: false, files: []});
	expect(await projectFiles(mirror.url, 'never-uploaded')).toMatchObject({found: false, files: []});
	expect((await projectFiles(urls.simpleBase, 'api-probe', {cacheBust: true})).files).toHaveLength(4);
});

test('an index failing with 503, or not listening: a typed, retryable error naming the URL', async () => {
	const failing = await startSandbox({flakyRate: 1});
	try {
		await expect(projectFiles(`${failing.url}/testpypi/simple/`, 'API_Probe')).rejects.toMatchObject({
			name: 'IndexRequestError',
			status: 503,
			retryable: true,
			url: `${failing.url}/testpypi/simple/api-probe/`,
			message: `${failing.url}/testpypi/simple/api-probe/ answered 503: Service Unavailable (sandbox --flaky)`,
		});
	} finally {
		await failing.close();
	}

	await expect(projectFiles(`${failing.url}/testpypi/simple/`, 'api-probe')).rejects.toMatchObject({
		name: 'IndexRequestError',
		status: undefined,
		retryable: true,
		message: `${failing.url}/testpypi/simple/api-probe/ did not answer: ECONNREFUSED`,
	});
});

test('an aborted read rejects with the abort, not an index error', async () => {
	const controller = new AbortController();
	controller.abort();
	await expect(projectFiles(urls.simpleBase, 'api-probe', {signal: controller.signal})).rejects.toMatchObject({name: 'AbortError'});
});

test('the JSON API: one release with its files, yank and reason; a missing release or project is not found', async () => {
	const release = await releaseInfo(urls.jsonBase, 'API_Probe', '1.0.0');
	expect(release).toMatchObject({found: true, version: '1.0.0', yanked: true, yankedReason: 'broken <build> & more'});
	expect(release.found && byName(release.files).map(file => [file.filename, file.sha256])).toEqual(byName(older).map(file => [file.filename, file.sha256]));
	expect(release.found && release.files.every(file => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/.test(file.uploadTime ?? ''))).toBe(true);
	expect(await releaseInfo(urls.jsonBase, 'api-probe', '1.1')).toMatchObject({found: true, version: '1.1.0', yanked: false, yankedReason: undefined});
	expect(await releaseInfo(urls.jsonBase, 'api-probe', '9.9.9')).toEqual({found: false});
	expect(await projectInfo(urls.jsonBase, 'api.probe')).toEqual({found: true, name: 'api-probe', latestVersion: '1.1.0', versions: ['1.0.0', '1.1.0']});
	expect(await projectInfo(urls.jsonBase, 'never-uploaded')).toEqual({found: false});
});

import {execa} from 'execa';
import {readFile, readdir, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {readArchiveMember} from '../../../source/core/distribution/archive.js';
import {startSandbox, type Sandbox} from '../../../source/sandbox/server.js';
import {temporaryFolder} from '../../helpers/temp.js';
import {buildFixture, buildProject, cleanEnv, createVenv, pip, requireClients, twineUpload, uploadToken, writeProject} from './fixtures.js';
import {basicAuth, send, sha256} from './http.js';

// Real clients against a real sandbox: projects built by three backends, uploaded by twine,
// flit and poetry, installed and downloaded by pip in a fresh virtual environment.

type SimpleJson = {files: Array<{filename: string; url: string; hashes: {sha256: string}; 'core-metadata': false | {sha256: string}; yanked: boolean | string}>; versions: string[]};

let sandbox: Sandbox;
let upload: string;
let simple: string;
let venv: string;
const built: Record<string, string[]> = {};

async function simpleJson(project: string): Promise<SimpleJson> {
	const response = await send(`${simple}${project}/`, {headers: {Accept: 'application/vnd.pypi.simple.v1+json'}});
	expect(response.status, `simple page of ${project}`).toBe(200);
	return JSON.parse(response.body) as SimpleJson;
}

beforeAll(async () => {
	requireClients();
	sandbox = await startSandbox();
	upload = `${sandbox.url}/testpypi/legacy/`;
	simple = `${sandbox.url}/testpypi/simple/`;
	const [corelib, corelibNext, appkit, flitmod, created] = await Promise.all([
		buildFixture({backend: 'hatchling', name: 'corelib', version: '1.0.0'}),
		buildFixture({backend: 'hatchling', name: 'corelib', version: '1.1.0'}),
		buildFixture({backend: 'setuptools', name: 'appkit', version: '1.0.0', dependencies: ['corelib>=1.0']}),
		buildFixture({backend: 'flit', name: 'flitmod', version: '0.1.0'}),
		createVenv(),
	]);
	Object.assign(built, {corelib, corelibNext, appkit, flitmod});
	venv = created;
});

afterAll(async () => {
	await sandbox?.close();
});

describe('uploading with twine, installing with pip', () => {
	test('twine uploads the wheel and sdist of a setuptools, a hatchling and a flit project', async () => {
		for (const files of [built['corelib']!, built['appkit']!, built['flitmod']!]) {
			expect(files.map(file => path.extname(file)).sort()).toEqual(['.gz', '.whl']);
			const result = await twineUpload(upload, files);
			expect(result.exitCode, result.stderr + result.stdout).toBe(0);
		}

		for (const project of ['corelib', 'appkit', 'flitmod']) {
			expect((await simpleJson(project)).files).toHaveLength(2);
		}
	});

	test('pip installs a package by pinned version and pulls its sibling dependency from the sandbox', async () => {
		const result = await pip(venv, ['install', '--index-url', simple, 'appkit==1.0.0']);
		expect(result.exitCode, result.all).toBe(0);
		expect(result.all).toContain('Successfully installed appkit-1.0.0 corelib-1.0.0');
		const imported = await execa(venv, ['-c', 'import appkit, corelib; print(appkit.VALUE, corelib.VALUE)']);
		expect(imported.stdout).toBe('1.0.0 1.0.0');
	});

	test('the PEP 691 JSON and PEP 503 HTML pages list the same files and hashes, and .metadata matches its hash', async () => {
		const json = await simpleJson('appkit');
		const html = (await send(`${simple}appkit/`)).body;
		const anchors = [...html.matchAll(/<a href="([^"#]+)#sha256=([0-9a-f]{64})"[^>]*>([^<]+)<\/a>/g)].map(([, url, hash, text]) => ({url, hash, text}));
		expect(anchors.map(anchor => [anchor.text, anchor.hash])).toEqual(json.files.map(file => [file.filename, file.hashes.sha256]));
		expect(anchors.every(anchor => anchor.url!.endsWith(`/${anchor.text}`))).toBe(true);

		const wheel = json.files.find(file => file.filename.endsWith('.whl'))!;
		expect(wheel['core-metadata']).not.toBe(false);
		const metadata = await send(`${sandbox.url}${wheel.url}.metadata`);
		expect(sha256(Buffer.from(metadata.body, 'utf8'))).toBe((wheel['core-metadata'] as {sha256: string}).sha256);
		const fromWheel = await readArchiveMember(built['appkit']!.find(file => file.endsWith('.whl'))!, 'zip', 'appkit-1.0.0.dist-info/METADATA');
		expect(metadata.body).toBe(fromWheel!.toString('utf8'));
		expect(html).toContain(`data-core-metadata="sha256=${(wheel['core-metadata'] as {sha256: string}).sha256}"`);
	});
});

describe('duplicates', () => {
	test('the identical file again: twine succeeds and the index holds it once', async () => {
		const result = await twineUpload(upload, built['corelib']!);
		expect(result.exitCode, result.stderr).toBe(0);
		expect((await simpleJson('corelib')).files.map(file => file.filename)).toEqual(['corelib-1.0.0-py3-none-any.whl', 'corelib-1.0.0.tar.gz']);
	});

	test('the same name with other bytes: twine fails with "File already exists", and --skip-existing skips it', async () => {
		const other = await writeProject({backend: 'hatchling', name: 'corelib', version: '1.0.0'});
		await writeFile(path.join(other, 'corelib', 'extra.py'), 'CHANGED = True\n');
		const rebuilt = await buildProject(other, 'hatchling');
		const wheel = rebuilt.find(file => file.endsWith('.whl'))!;
		expect(sha256(await readFile(wheel))).not.toBe(sha256(await readFile(built['corelib']!.find(file => file.endsWith('.whl'))!)));

		const refused = await twineUpload(upload, [wheel]);
		expect(refused.exitCode).not.toBe(0);
		expect(refused.stderr + refused.stdout).toContain('File already exists');

		const skipped = await twineUpload(upload, [wheel], {args: ['--skip-existing']});
		expect(skipped.exitCode, skipped.stderr).toBe(0);
		expect(skipped.stderr + skipped.stdout).toMatch(/Skipping corelib-1\.0\.0-py3-none-any\.whl because it appears to already exist/);
	});
});

describe('other publishers', () => {
	test('flit publish uploads, configured through FLIT_INDEX_URL and FLIT_USERNAME/FLIT_PASSWORD', async () => {
		const project = await writeProject({backend: 'flit', name: 'flitpub', version: '0.2.0'});
		const result = await execa('flit', ['publish'], {
			cwd: project,
			reject: false,
			env: cleanEnv({HOME: await temporaryFolder('sandbox-home-'), FLIT_INDEX_URL: upload, FLIT_USERNAME: '__token__', FLIT_PASSWORD: uploadToken}),
		});
		expect(result.exitCode, result.stderr).toBe(0);
		expect((await simpleJson('flitpub')).files.map(file => file.filename).sort()).toEqual(['flitpub-0.2.0-py3-none-any.whl', 'flitpub-0.2.0.tar.gz']);
	});

	test('poetry publish uploads, configured through POETRY_REPOSITORIES_* and POETRY_HTTP_BASIC_*', async () => {
		const project = await writeProject({backend: 'poetry', name: 'poemkit', version: '0.3.0'});
		await buildProject(project, 'poetry');
		const home = await temporaryFolder('sandbox-home-');
		const result = await execa('poetry', ['publish', '--repository', 'sandbox', '--no-interaction'], {
			cwd: project,
			reject: false,
			env: cleanEnv({
				HOME: home,
				POETRY_CONFIG_DIR: path.join(home, 'config'),
				POETRY_CACHE_DIR: path.join(home, 'cache'),
				PYTHON_KEYRING_BACKEND: 'keyring.backends.null.Keyring',
				POETRY_REPOSITORIES_SANDBOX_URL: upload,
				POETRY_HTTP_BASIC_SANDBOX_USERNAME: '__token__',
				POETRY_HTTP_BASIC_SANDBOX_PASSWORD: uploadToken,
			}),
		});
		expect(result.exitCode, result.stderr + result.stdout).toBe(0);
		expect((await simpleJson('poemkit')).files.map(file => file.filename).sort()).toEqual(['poemkit-0.3.0-py3-none-any.whl', 'poemkit-0.3.0.tar.gz']);
	});
});

describe('a yanked release', () => {
	test('pip skips it unless pinned, warns when pinned, and the JSON API reports the reason', async () => {
		expect((await twineUpload(upload, built['corelibNext']!)).exitCode).toBe(0);
		const yank = await send(`${sandbox.url}/testpypi/_sandbox/yank`, {
			method: 'POST',
			body: JSON.stringify({project: 'corelib', version: '1.1.0', reason: 'broken import'}),
			headers: {'Content-Type': 'application/json', Authorization: basicAuth('__token__', uploadToken)},
		});
		expect(yank.status, yank.reason).toBe(200);

		const destination = await temporaryFolder('sandbox-download-');
		const newest = await pip(venv, ['download', '--no-deps', '--index-url', simple, '--dest', destination, 'corelib']);
		expect(newest.exitCode, newest.all).toBe(0);
		expect(await readdir(destination)).toEqual(['corelib-1.0.0-py3-none-any.whl']);

		const pinned = await pip(venv, ['download', '--no-deps', '--index-url', simple, '--dest', destination, 'corelib==1.1.0']);
		expect(pinned.exitCode, pinned.all).toBe(0);
		expect(pinned.all).toContain('The candidate selected for download or install is a yanked version');
		expect(pinned.all).toContain('Reason for being yanked: broken import');

		const release = JSON.parse((await send(`${sandbox.url}/testpypi/pypi/corelib/1.1.0/json`)).body) as {info: {yanked: boolean; yanked_reason: string}; urls: Array<{yanked: boolean}>};
		expect([release.info.yanked, release.info.yanked_reason]).toEqual([true, 'broken import']);
		const project = JSON.parse((await send(`${sandbox.url}/testpypi/pypi/corelib/json`)).body) as {info: {version: string}; releases: Record<string, unknown[]>};
		expect(project.info.version).toBe('1.0.0');
		expect(Object.keys(project.releases)).toEqual(['1.0.0', '1.1.0']);
		expect((await send(`${simple}corelib/`)).body).toContain('data-yanked="broken import"');
	});
});

describe('hash verification', () => {
	test('pip download checks the advertised sha256: a file altered on the server is refused', async () => {
		const destination = await temporaryFolder('sandbox-download-');
		const good = await pip(venv, ['download', '--no-deps', '--index-url', simple, '--dest', destination, 'flitmod==0.1.0']);
		expect(good.exitCode, good.all).toBe(0);
		const [downloaded] = await readdir(destination);
		const advertised = (await simpleJson('flitmod')).files.find(file => file.filename === downloaded)!;
		expect(sha256(await readFile(path.join(destination, downloaded!)))).toBe(advertised.hashes.sha256);

		const stored = path.join(sandbox.dataDir, 'testpypi', ...decodeURIComponent(advertised.url).split('/').slice(3));
		await writeFile(stored, Buffer.concat([await readFile(stored), Buffer.from('tampered')]));
		const tampered = await pip(venv, ['download', '--no-deps', '--index-url', simple, '--dest', await temporaryFolder('sandbox-download-'), 'flitmod==0.1.0']);
		expect(tampered.exitCode).not.toBe(0);
		expect(tampered.all).toContain('THESE PACKAGES DO NOT MATCH THE HASHES');
	});
});

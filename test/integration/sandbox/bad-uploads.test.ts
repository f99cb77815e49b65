import {readFile} from 'node:fs/promises';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {startSandbox, type Sandbox} from '../../../source/sandbox/server.js';
import {temporaryFolder} from '../../helpers/temp.js';
import {uploadToken, wheelMembers, writeArchive} from './fixtures.js';
import {basicAuth, blake2, multipart, postUpload, send, type UploadSpec} from './http.js';

// Given a sandbox holding one release, when a client uploads something PyPI refuses, then the
// sandbox answers with PyPI's status and message (in the reason phrase and the body), and the
// index is left exactly as it was.

const auth = basicAuth('__token__', uploadToken);
const help = 'https://test.pypi.org/help/';
const coreMetadata = 'https://packaging.python.org/specifications/core-metadata';

let sandbox: Sandbox;
let upload: string;
let folder: string;
const archives = new Map<string, Buffer>();

async function archive(filename: string, kind: 'zip' | 'tar.gz', members: Record<string, string>): Promise<Buffer> {
	const bytes = await readFile(await writeArchive(path.join(folder, `${archives.size}-${filename}`), kind, members));
	archives.set(filename, bytes);
	return bytes;
}

function sdistMembers(top: string): Record<string, string> {
	return {[`${top}/PKG-INFO`]: `Metadata-Version: 2.1\nName: ${top}\n`, [`${top}/pyproject.toml`]: ''};
}

async function snapshot(): Promise<string> {
	const accept = {Accept: 'application/vnd.pypi.simple.v1+json'};
	const root = await send(`${sandbox.url}/testpypi/simple/`, {headers: accept});
	const projects = (JSON.parse(root.body) as {projects: Array<{name: string}>}).projects.map(project => project.name);
	const pages = await Promise.all(projects.map(async name => (await send(`${sandbox.url}/testpypi/simple/${name}/`, {headers: accept})).body));
	return JSON.stringify([root.body, pages]);
}

let seededWheel: Buffer;

beforeAll(async () => {
	folder = await temporaryFolder('sandbox-bad-');
	sandbox = await startSandbox({maxFileSize: 64 * 1024});
	upload = `${sandbox.url}/testpypi/legacy/`;
	seededWheel = await archive('seeded-1.0-py3-none-any.whl', 'zip', wheelMembers('seeded-1.0.dist-info'));
	const seededSdist = await archive('seeded-1.0.tar.gz', 'tar.gz', sdistMembers('seeded-1.0'));
	for (const [filename, data] of [
		['seeded-1.0-py3-none-any.whl', seededWheel],
		['seeded-1.0.tar.gz', seededSdist],
	] as const) {
		const response = await postUpload(upload, {name: 'seeded', version: '1.0', filename, data}, auth);
		expect(response.status, response.reason).toBe(200);
	}
});

afterAll(async () => {
	await sandbox.close();
});

type Case = {
	readonly id: string;
	readonly spec: () => Promise<UploadSpec> | UploadSpec;
	readonly status: number;
	readonly message: string | ((spec: UploadSpec) => string);
	readonly authorization?: string | null;
};

const plainWheel = async (): Promise<Buffer> => archive('plain-1.0-py3-none-any.whl', 'zip', wheelMembers('plain-1.0.dist-info'));

const cases: Case[] = [
	{id: 'A1 a user name and password', spec: async () => ({name: 'plain', version: '1.0', filename: 'plain-1.0-py3-none-any.whl', data: await plainWheel()}), authorization: basicAuth('alice', 'secret'), status: 403, message: `Username/Password authentication is no longer supported. Migrate to API Tokens or Trusted Publishers instead. See ${help}#apitoken and ${help}#trusted-publishers`},
	{id: 'A2 no credentials, before any form error', spec: () => ({name: '', version: '', filename: 'x', data: Buffer.from('x'), fields: {filetype: undefined}}), authorization: null, status: 403, message: `Invalid or non-existent authentication information. See ${help}#invalid-auth for more information.`},
	{id: 'A2 a token that is not a PyPI token', spec: async () => ({name: 'plain', version: '1.0', filename: 'plain-1.0-py3-none-any.whl', data: await plainWheel()}), authorization: basicAuth('__token__', 'garbage'), status: 403, message: `Invalid or non-existent authentication information. See ${help}#invalid-auth for more information.`},
	{id: 'F1 an unknown protocol version', spec: async () => ({name: 'plain', version: '1.0', filename: 'plain-1.0-py3-none-any.whl', data: await plainWheel(), fields: {protocol_version: '2'}}), status: 400, message: 'Unknown protocol version.'},
	{id: 'F3 no name', spec: async () => ({name: '', version: '1.0', filename: 'plain-1.0-py3-none-any.whl', data: await plainWheel()}), status: 400, message: `'' is an invalid value for Name. Error: This field is required. See ${coreMetadata} for more information.`},
	{id: 'F4 a name ending in a dash', spec: async () => ({name: 'foo-', version: '1.0', filename: 'plain-1.0-py3-none-any.whl', data: await plainWheel()}), status: 400, message: `'foo-' is an invalid value for Name. Error: Start and end with a letter or numeral containing only ASCII numeric and '.', '_' and '-'. See ${coreMetadata} for more information.`},
	{id: 'F5 no filetype', spec: async () => ({name: 'plain', version: '1.0', filename: 'plain-1.0-py3-none-any.whl', data: await plainWheel(), fields: {filetype: undefined}}), status: 400, message: 'Invalid value for filetype. Error: This field is required.'},
	{id: 'F6 a legacy filetype', spec: async () => ({name: 'plain', version: '1.0', filename: 'plain-1.0.tar.gz', data: Buffer.from('x'), filetype: 'bdist_egg', pyversion: 'py3'}), status: 400, message: 'Invalid value for filetype. Error: Use a known file type.'},
	{id: 'F7 a wheel without pyversion', spec: async () => ({name: 'plain', version: '1.0', filename: 'plain-1.0-py3-none-any.whl', data: await plainWheel(), fields: {pyversion: undefined}}), status: 400, message: 'Invalid value for pyversion. Error: Python version is required for binary distribution uploads.'},
	{id: 'F8 an sdist with pyversion 1.0', spec: () => ({name: 'plain', version: '1.0', filename: 'plain-1.0.tar.gz', data: Buffer.from('x'), pyversion: '1.0'}), status: 400, message: "Invalid value for pyversion. Error: Use 'source' as Python version for an sdist."},
	{id: 'F9 no digest', spec: async () => ({name: 'plain', version: '1.0', filename: 'plain-1.0-py3-none-any.whl', data: await plainWheel(), fields: {sha256_digest: undefined}}), status: 400, message: 'Error: Include at least one message digest.'},
	{id: 'F10 a malformed sha256', spec: async () => ({name: 'plain', version: '1.0', filename: 'plain-1.0-py3-none-any.whl', data: await plainWheel(), fields: {sha256_digest: 'abc'}}), status: 400, message: 'Invalid value for sha256_digest. Error: Use a valid, hex-encoded, SHA256 message digest.'},
	{id: 'M1 no metadata version', spec: async () => ({name: 'plain', version: '1.0', filename: 'plain-1.0-py3-none-any.whl', data: await plainWheel(), fields: {metadata_version: undefined}}), status: 400, message: `None is not a valid metadata version. See ${coreMetadata} for more information.`},
	{id: 'M2 metadata version 2.0', spec: async () => ({name: 'plain', version: '1.0', filename: 'plain-1.0-py3-none-any.whl', data: await plainWheel(), fields: {metadata_version: '2.0'}}), status: 400, message: `'2.0' is not a valid metadata version. See ${coreMetadata} for more information.`},
	{id: 'M3 an empty version', spec: async () => ({name: 'plain', version: '', filename: 'plain-1.0-py3-none-any.whl', data: await plainWheel()}), status: 400, message: `'version' is a required field. See ${coreMetadata} for more information.`},
	{id: 'M4 version dog', spec: async () => ({name: 'plain', version: 'dog', filename: 'plain-1.0-py3-none-any.whl', data: await plainWheel()}), status: 400, message: `'dog' is invalid for 'version'. See ${coreMetadata} for more information.`},
	{id: 'M5 a local version', spec: async () => ({name: 'plain', version: '1.0+local', filename: 'plain-1.0-py3-none-any.whl', data: await plainWheel()}), status: 400, message: "The use of local versions in '1.0+local' is not allowed. See https://packaging.python.org/en/latest/specifications/version-specifiers/#local-version-identifiers for more information."},
	{id: 'C1 no file', spec: () => ({name: 'plain', version: '1.0', filename: 'plain-1.0.tar.gz', data: Buffer.from('x'), omitContent: true}), status: 400, message: 'Upload payload does not have a file.'},
	{id: 'FL1 a control character in the name', spec: () => ({name: 'plain', version: '1.0', filename: 'pla\u0001in-1.0.tar.gz', data: Buffer.from('x')}), status: 400, message: 'Cannot upload a file with non-printable characters (ordinals 0-31) or the DEL character (ordinal 127) in the name.'},
	{id: 'FL2 a name that leaves the folder', spec: () => ({name: 'plain', version: '1.0', filename: '../../plain-1.0.tar.gz', data: Buffer.from('x')}), status: 400, message: "Cannot upload a file with '/' or '\\' in the name."},
	{id: 'FL3 a wheel sent as an sdist', spec: async () => ({name: 'plain', version: '1.0', filename: 'plain-1.0-py3-none-any.whl', data: await plainWheel(), filetype: 'sdist'}), status: 400, message: 'Invalid file extension: Extension .whl is invalid for filetype sdist. See https://www.python.org/dev/peps/pep-0527 for more information.'},
	{id: 'FL4 a .tar.bz2', spec: () => ({name: 'plain', version: '1.0', filename: 'plain-1.0.tar.bz2', data: Buffer.from('x')}), status: 400, message: 'Invalid file extension: Use .tar.gz, .whl or .zip extension. See https://www.python.org/dev/peps/pep-0527 and https://peps.python.org/pep-0715/ for more information'},
	{id: 'FL5 an image', spec: async () => ({name: 'plain', version: '1.0', filename: 'plain-1.0-py3-none-any.whl', data: await plainWheel(), contentType: 'image/png'}), status: 400, message: 'Invalid distribution file.'},
	{id: 'FL6 a file over --max-file-size', spec: () => ({name: 'plain', version: '1.0', filename: 'plain-1.0.tar.gz', data: Buffer.alloc(65 * 1024, 7)}), status: 400, message: "File too large. Limit for project 'plain' is 64 KB. See https://docs.pypi.org/project-management/storage-limits#requesting-a-file-size-limit-increase for more information."},
	{id: 'FL8 a digest that does not match', spec: async () => ({name: 'plain', version: '1.0', filename: 'plain-1.0-py3-none-any.whl', data: await plainWheel(), fields: {sha256_digest: '0'.repeat(64)}}), status: 400, message: 'The digest supplied does not match a digest calculated from the uploaded file.'},
	{id: 'FL10 a known name with other bytes', spec: async () => ({name: 'seeded', version: '1.0', filename: 'seeded-1.0-py3-none-any.whl', data: await archive('seeded-1.0-py3-none-any.whl', 'zip', {...wheelMembers('seeded-1.0.dist-info'), 'x/extra.py': 'changed'})}), status: 400, message: spec => `File already exists ('seeded-1.0-py3-none-any.whl', with blake2_256 hash '${blake2(spec.data)}'). See ${help}#file-name-reuse for more information.`},
	{id: 'FL11 known bytes under another name', spec: () => ({name: 'seeded', version: '1.0', filename: 'seeded-1.0-py2.py3-none-any.whl', data: seededWheel, pyversion: 'py2.py3'}), status: 400, message: spec => `File already exists ('seeded-1.0-py2.py3-none-any.whl', with blake2_256 hash '${blake2(spec.data)}'). See ${help}#file-name-reuse for more information.`},
	{id: 'FL14 a second sdist', spec: async () => ({name: 'seeded', version: '1.0', filename: 'seeded-1.0.zip', data: await archive('seeded-1.0.zip', 'zip', sdistMembers('seeded-1.0'))}), status: 400, message: 'Only one sdist may be uploaded per release.'},
	{id: 'V1 a wheel that is not a zip', spec: () => ({name: 'vee', version: '1.0', filename: 'vee-1.0-py3-none-any.whl', data: Buffer.from('a')}), status: 400, message: 'Invalid distribution file. File is not a zipfile'},
	{id: 'V2 an sdist that is not a tar', spec: () => ({name: 'vee', version: '1.0', filename: 'vee-1.0.tar.gz', data: Buffer.from('Definitely not a valid tar file.')}), status: 400, message: 'Invalid distribution file. File is not a tarfile'},
	{id: 'V7 an sdist without PKG-INFO', spec: async () => ({name: 'vee', version: '1.0', filename: 'vee-1.0.tar.gz', data: await archive('vee-1.0.tar.gz', 'tar.gz', {'package/__init__.py': ''})}), status: 400, message: 'Invalid distribution file. PKG-INFO not found at package/PKG-INFO'},
	{id: 'V8 a wheel without WHEEL', spec: async () => ({name: 'vee', version: '1.0', filename: 'vee-1.0-py3-none-any.whl', data: await archive('vee-1.0-py3-none-any.whl', 'zip', {'vee-1.0.dist-info/METADATA': 'Name: vee\n'})}), status: 400, message: 'Invalid distribution file. WHEEL not found at vee-1.0.dist-info/WHEEL'},
	{id: 'V9 a wheel name without tags', spec: async () => ({name: 'foo', version: '1.0', filename: 'foo-1.0.whl', data: await archive('foo-1.0.whl', 'zip', wheelMembers('foo-1.0.dist-info'))}), status: 400, message: 'Invalid distribution file. Unable to parse name and version from wheel filename'},
	{id: 'N1 an sdist name without a version', spec: async () => ({name: 'something', version: '1.0', filename: 'something.tar.gz', data: await archive('something.tar.gz', 'tar.gz', sdistMembers('something'))}), status: 400, message: 'Invalid source distribution filename: something.tar.gz'},
	{id: 'N3 an sdist of another project', spec: async () => ({name: 'something_else', version: '1.0', filename: 'nope-1.0.tar.gz', data: await archive('nope-1.0.tar.gz', 'tar.gz', sdistMembers('nope-1.0'))}), status: 400, message: "Start filename for 'something_else' with 'something_else'."},
	{id: 'N4 an old-style dashed sdist name (PEP 625)', spec: async () => ({name: 'finstack-core', version: '0.3.0', filename: 'finstack-core-0.3.0.tar.gz', data: await archive('finstack-core-0.3.0.tar.gz', 'tar.gz', sdistMembers('finstack-core-0.3.0'))}), status: 400, message: "Filename 'finstack-core-0.3.0.tar.gz' is invalid, should be 'finstack_core-0.3.0.tar.gz'."},
	{id: 'N5 a wheel name not normalised', spec: async () => ({name: 'some-thing', version: '1.0', filename: 'Some_Thing-1.0-py3-none-any.whl', data: await archive('Some_Thing-1.0-py3-none-any.whl', 'zip', wheelMembers('Some_Thing-1.0.dist-info'))}), status: 400, message: "Filename 'Some_Thing-1.0-py3-none-any.whl' should contain the normalized project name 'some_thing', not 'Some_Thing'."},
	{id: 'N6 a wheel of another version', spec: async () => ({name: 'wutang', version: '1.2.3', filename: 'wutang-6.6.6-py3-none-any.whl', data: await archive('wutang-6.6.6-py3-none-any.whl', 'zip', wheelMembers('wutang-6.6.6.dist-info'))}), status: 400, message: "Version in filename should be '1.2.3' not '6.6.6'."},
	{id: 'N7 a linux_x86_64 wheel', spec: async () => ({name: 'native', version: '1.0', filename: 'native-1.0-cp311-cp311-linux_x86_64.whl', data: await archive('native-1.0-cp311-cp311-linux_x86_64.whl', 'zip', wheelMembers('native-1.0.dist-info')), pyversion: 'cp311'}), status: 400, message: "Binary wheel 'native-1.0-cp311-cp311-linux_x86_64.whl' has an unsupported platform tag 'linux_x86_64'."},
	{id: 'N9 a wheel without RECORD', spec: async () => ({name: 'norecord', version: '1.0', filename: 'norecord-1.0-py3-none-any.whl', data: await archive('norecord-1.0-py3-none-any.whl', 'zip', {'norecord-1.0.dist-info/WHEEL': 'Wheel-Version: 1.0\n', 'norecord-1.0.dist-info/METADATA': 'Name: norecord\n'})}), status: 400, message: "Wheel 'norecord-1.0-py3-none-any.whl' does not contain the required RECORD file: norecord-1.0.dist-info/RECORD"},
	{id: 'N12 a wheel without METADATA', spec: async () => ({name: 'nometa', version: '1.0', filename: 'nometa-1.0-py3-none-any.whl', data: await archive('nometa-1.0-py3-none-any.whl', 'zip', {'nometa-1.0.dist-info/WHEEL': 'Wheel-Version: 1.0\n', 'nometa-1.0.dist-info/RECORD': ''})}), status: 400, message: "Wheel 'nometa-1.0-py3-none-any.whl' does not contain the required METADATA file: nometa-1.0.dist-info/METADATA"},
];

describe('a refused upload answers as PyPI and stores nothing', () => {
	test.each(cases)('$id', async ({spec: makeSpec, status, message, authorization}) => {
		const spec = await makeSpec();
		const before = await snapshot();
		const response = await postUpload(upload, spec, authorization === null ? undefined : (authorization ?? auth));
		const expected = typeof message === 'function' ? message(spec) : message;
		expect(response.status).toBe(status);
		expect(response.reason).toBe(expected.replaceAll(/[^\t\u0020-\u007E\u0080-\u00FF]/g, ' '));
		expect(response.body).toContain(expected.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;'));
		expect(await snapshot()).toBe(before);
	});
});

describe('routing', () => {
	test('R1: a POST to /legacy without the slash gets 308 (never 301/302, which lose the body)', async () => {
		const response = await send(`${sandbox.url}/testpypi/legacy`, {method: 'POST', body: 'x'});
		expect(response.status).toBe(308);
		expect(response.headers['location']).toBe('/testpypi/legacy/');
		expect(response.reason).toBe('An upload was attempted to /testpypi/legacy but the expected upload URL is /testpypi/legacy/ (with a trailing slash)');
	});

	test.each([
		['submit', 'Project pre-registration is no longer required or supported, upload your files instead.'],
		['doc_upload', 'Uploading documentation is no longer supported, we recommend using https://readthedocs.org/.'],
	])('R2/R3: :action=%s is gone (410)', async (action, message) => {
		const {body, contentType} = multipart([{name: ':action', value: action}]);
		const response = await send(upload, {method: 'POST', body, headers: {'Content-Type': contentType, Authorization: auth}});
		expect([response.status, response.reason]).toEqual([410, message]);
	});

	test(':action in the query string works like the form field', async () => {
		const data = await archive('query-1.0-py3-none-any.whl', 'zip', wheelMembers('query-1.0.dist-info'));
		const {body, contentType} = multipart(
			(await import('./http.js')).uploadParts({name: 'query', version: '1.0', filename: 'query-1.0-py3-none-any.whl', data, fields: {':action': undefined}}),
		);
		const response = await send(`${upload}?:action=file_upload`, {method: 'POST', body, headers: {'Content-Type': contentType, Authorization: auth}});
		expect(response.status).toBe(200);
	});
});

describe('duplicates and deletions', () => {
	test('FL9: the identical file again is a 200 and changes nothing', async () => {
		const before = await snapshot();
		const response = await postUpload(upload, {name: 'seeded', version: '1.0', filename: 'seeded-1.0-py3-none-any.whl', data: seededWheel}, auth);
		expect(response.status).toBe(200);
		expect(await snapshot()).toBe(before);
	});

	test('FL12: a deleted file name can never be uploaded again', async () => {
		const data = await archive('gone-1.0-py3-none-any.whl', 'zip', wheelMembers('gone-1.0.dist-info'));
		expect((await postUpload(upload, {name: 'gone', version: '1.0', filename: 'gone-1.0-py3-none-any.whl', data}, auth)).status).toBe(200);
		const deleted = await send(`${sandbox.url}/testpypi/_sandbox/delete`, {
			method: 'POST',
			body: 'project=gone&version=1.0&filename=gone-1.0-py3-none-any.whl',
			headers: {'Content-Type': 'application/x-www-form-urlencoded', Authorization: auth},
		});
		expect(deleted.status).toBe(200);
		expect(JSON.parse(deleted.body)).toEqual({project: 'gone', version: '1.0', deleted: ['gone-1.0-py3-none-any.whl']});

		const again = await postUpload(upload, {name: 'gone', version: '1.0', filename: 'gone-1.0-py3-none-any.whl', data}, auth);
		expect([again.status, again.reason]).toEqual([400, `This filename was previously used by a file that has since been deleted. Use a different version. See ${help}#file-name-reuse for more information.`]);
	});

	test('the management endpoints refuse a request without a token', async () => {
		const response = await send(`${sandbox.url}/testpypi/_sandbox/yank`, {method: 'POST', body: 'project=seeded&version=1.0', headers: {'Content-Type': 'application/x-www-form-urlencoded'}});
		expect(response.status).toBe(403);
	});
});

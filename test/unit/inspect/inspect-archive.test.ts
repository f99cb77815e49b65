import {describe, expect, test} from 'vitest';
import {inspectArchive} from '../../../source/core/inspect/inspect-archive.js';
import {plantedArchive, tarBomb, type PlantedArchive, type PlantedMember} from './planted-archive.js';

// Secret-shaped values are assembled at run time, so no scanner mistakes this file for a leak.
const pypiToken = ['pypi', '-AgE', 'IcHlwaS5vcmc', 'Qw3rTy0123456789_-'.repeat(4)].join('');
const githubPat = ['github', '_pat_', '11ABCDEFG0', 'a1b2c3d4e5f6g7h8i9j0', '_', 'Zz9Yy8Xx7'.repeat(6)].join('');
const githubClassic = ['gh', 'p_', 'aB3dE5gH7jK9mN1pQ3sT5vW7yZ9bC1dF3hJ5'].join('');
const npmToken = ['npm', '_', 'a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8'].join('');
const privateKey = ['-----BEGIN ', 'RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA', '\n-----END RSA PRIVATE KEY-----\n'].join('');
const awsSecret = ['aws_secret_access_key = ', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCY', 'EXAMPLEKEY'].join('');

async function inspectSdist(members: readonly PlantedMember[]) {
	const file = await plantedArchive('demo-1.0.0.tar.gz', {format: 'tar.gz', members: [{name: 'demo-1.0.0/PKG-INFO', text: 'Name: demo\n'}, ...members]});
	return inspectArchive({file, projectName: 'demo', version: '1.0.0', allowFiles: []});
}

function messages(inspection: {readonly findings: ReadonlyArray<{readonly message: string}>}): string[] {
	return inspection.findings.map(finding => finding.message);
}

describe('the inspection finds what must not ship', () => {
	test('credential files: .aws/credentials, .netrc, .npmrc with a token, id_rsa, a .pem key, .pypirc, .git-credentials', async () => {
		const inspection = await inspectSdist([
			{name: 'demo-1.0.0/.aws/credentials', text: `[default]\n${awsSecret}\n`},
			{name: 'demo-1.0.0/.netrc', text: 'machine example.com login me password hunter2\n'},
			{name: 'demo-1.0.0/.npmrc', text: `//registry.npmjs.org/:_authToken=${npmToken}\n`},
			{name: 'demo-1.0.0/docs/.npmrc', text: '//registry.npmjs.org/:_authToken=${NPM_TOKEN}\n'},
			{name: 'demo-1.0.0/deploy/id_rsa', text: privateKey},
			{name: 'demo-1.0.0/deploy/server.pem', text: privateKey},
			{name: 'demo-1.0.0/demo/cacert.pem', text: '-----BEGIN CERTIFICATE-----\nMIIDdzCCAl+gAwIBAgIE\n-----END CERTIFICATE-----\n'},
			{name: 'demo-1.0.0/.pypirc', text: '[pypi]\nusername = __token__\n'},
			{name: 'demo-1.0.0/.git-credentials', text: 'https://me:secret@github.com\n'},
		]);
		expect(messages(inspection)).toEqual([
			'demo-1.0.0/.aws/credentials is an AWS configuration folder (.aws/), which holds access keys.',
			'demo-1.0.0/.aws/credentials:2 holds what looks like an AWS secret access key (aws_secret_access_key…).',
			'demo-1.0.0/.netrc is a .netrc file, which holds login credentials.',
			'demo-1.0.0/.npmrc:1 holds what looks like an npm token (npm_…).',
			'demo-1.0.0/.npmrc:1 holds what looks like an npm registry credential (:_authToken…).',
			'demo-1.0.0/deploy/id_rsa is a private key or key store file.',
			'demo-1.0.0/deploy/id_rsa:1 holds what looks like a private key block (-----BEGIN RSA PRIVATE KEY----…).',
			'demo-1.0.0/deploy/server.pem:1 holds what looks like a private key block (-----BEGIN RSA PRIVATE KEY----…).',
			'demo-1.0.0/.pypirc is a .pypirc file, which holds index credentials.',
			'demo-1.0.0/.git-credentials is a .git-credentials file, which holds git passwords and tokens.',
		]);
		expect(inspection.findings.find(finding => finding.member === 'demo-1.0.0/.netrc')?.fix).toContain("pass --allow-file '.netrc' to accept it knowingly");
	});

	test('environment files in every spelling, but not the templates that document them', async () => {
		const inspection = await inspectSdist(
			['.env', 'prod.env', '.env.local', '.env.production', 'config/staging.env', '.env.example', 'env.sample', '.env.template'].map(name => ({name: `demo-1.0.0/${name}`, text: 'DEBUG=1\n'})),
		);
		expect(inspection.findings.map(finding => finding.member)).toEqual(['demo-1.0.0/.env', 'demo-1.0.0/prod.env', 'demo-1.0.0/.env.local', 'demo-1.0.0/.env.production', 'demo-1.0.0/config/staging.env']);
		expect(messages(inspection)[1]).toBe('demo-1.0.0/prod.env is an environment file (.env), which usually holds secrets.');
	});

	test('GitHub fine-grained (github_pat_) and classic (ghp_) tokens', async () => {
		const inspection = await inspectSdist([{name: 'demo-1.0.0/demo/ci.py', text: `FINE = "${githubPat}"\nCLASSIC = "${githubClassic}"\n`}]);
		expect(messages(inspection)).toEqual([
			'demo-1.0.0/demo/ci.py:1 holds what looks like a GitHub fine-grained token (github_pat_…).',
			'demo-1.0.0/demo/ci.py:2 holds what looks like a GitHub token (ghp_…).',
		]);
		expect(JSON.stringify(inspection)).not.toContain(githubPat.slice(15));
	});

	test('secrets in binary members and in UTF-16 text, with or without a byte order mark; not a bare PEM header constant', async () => {
		const inspection = await inspectSdist([
			{name: 'demo-1.0.0/demo/_speedups.so', binary: `token=${pypiToken}`},
			{name: 'demo-1.0.0/demo/settings.ini', utf16: `[upload]\r\ntoken = ${pypiToken}\r\n`},
			{name: 'demo-1.0.0/demo/legacy.ini', utf16: `token = ${pypiToken}\r\n`, bom: false},
			{name: 'demo-1.0.0/demo/_tls.so', binary: `${privateKey.split('\n')[0]}\u0000%s\u0000`},
			{name: 'demo-1.0.0/demo/_keys.so', binary: `${privateKey.split('\n')[0]}\n${'MIIEowIBAAKCAQEA'.repeat(4)}\n`},
		]);
		expect(messages(inspection)).toEqual([
			'demo-1.0.0/demo/_speedups.so holds, in its binary content, what looks like a PyPI upload token (pypi-AgE…).',
			'demo-1.0.0/demo/settings.ini:2 holds what looks like a PyPI upload token (pypi-AgE…).',
			'demo-1.0.0/demo/legacy.ini holds, in its binary content, what looks like a PyPI upload token (pypi-AgE…).',
			'demo-1.0.0/demo/_keys.so holds, in its binary content, what looks like a private key block (-----BEGIN RSA PRIVATE KEY----…).',
		]);
	});

	test('secrets inside archives nested in the archive: zip, gz, tar, and a wheel inside a tar.gz inside the sdist', async () => {
		const secret = (name: string): PlantedMember => ({name, text: `TOKEN = "${pypiToken}"\n`});
		const wheel: PlantedArchive = {format: 'zip', members: [secret('vendored/keys.py')]};
		const inspection = await inspectSdist([
			{name: 'demo-1.0.0/tests/data/fixture.zip', nested: {format: 'zip', members: [secret('inner/config.py'), {name: 'inner/.env', text: 'A=1\n'}]}},
			{name: 'demo-1.0.0/tests/data/dump.json.gz', nested: {format: 'gz', members: [secret('dump.json')]}},
			{name: 'demo-1.0.0/tests/data/plain.tar', nested: {format: 'tar', members: [secret('plain/settings.py')]}},
			{name: 'demo-1.0.0/vendor/bundle.tar.gz', nested: {format: 'tar.gz', members: [{name: 'bundle/dep-2.0-py3-none-any.whl', nested: wheel}]}},
		]);
		expect(messages(inspection)).toEqual([
			'demo-1.0.0/tests/data/fixture.zip!inner/config.py:1 holds what looks like a PyPI upload token (pypi-AgE…).',
			'demo-1.0.0/tests/data/fixture.zip!inner/.env is an environment file (.env), which usually holds secrets.',
			'demo-1.0.0/tests/data/dump.json.gz!dump.json:1 holds what looks like a PyPI upload token (pypi-AgE…).',
			'demo-1.0.0/tests/data/plain.tar!plain/settings.py:1 holds what looks like a PyPI upload token (pypi-AgE…).',
			'demo-1.0.0/vendor/bundle.tar.gz!bundle/dep-2.0-py3-none-any.whl!vendored/keys.py:1 holds what looks like a PyPI upload token (pypi-AgE…).',
		]);
		expect(inspection.members).toContain('demo-1.0.0/vendor/bundle.tar.gz!bundle/dep-2.0-py3-none-any.whl!vendored/keys.py');
	});

	test('tool caches and local environments: .pytest_cache/, .tox/, .venv/, .mypy_cache/', async () => {
		const inspection = await inspectSdist([
			{name: 'demo-1.0.0/.pytest_cache/v/cache/lastfailed', text: '{}\n'},
			{name: 'demo-1.0.0/.tox/py311/pyvenv.cfg', text: 'home = /usr/bin\n'},
			{name: 'demo-1.0.0/.venv/bin/activate', text: '# activate\n'},
			{name: 'demo-1.0.0/.mypy_cache/3.11/demo.meta.json', text: '{}\n'},
		]);
		expect(messages(inspection)).toEqual([
			"demo-1.0.0/.pytest_cache/v/cache/lastfailed is pytest's cache folder (.pytest_cache/).",
			"demo-1.0.0/.tox/py311/pyvenv.cfg is tox's environments folder (.tox/).",
			'demo-1.0.0/.venv/bin/activate is a virtual environment (.venv/).',
			"demo-1.0.0/.mypy_cache/3.11/demo.meta.json is mypy's cache folder (.mypy_cache/).",
		]);
	});

	test('a clean wheel passes, with its members listed', async () => {
		const file = await plantedArchive('demo-1.0.0-py3-none-any.whl', {format: 'zip', members: [{name: 'demo/__init__.py', text: '__version__ = "1.0.0"\n'}, {name: 'demo/data.bin', binary: 'just some bytes here, nothing secret'}]});
		const inspection = await inspectArchive({file, projectName: 'demo', version: '1.0.0', allowFiles: []});
		expect(inspection.findings).toEqual([]);
		expect(inspection.members).toEqual(['demo/__init__.py', 'demo/data.bin']);
	});
});

describe('a hostile archive cannot hang the inspection', () => {
	test('a nested tar that inflates to 2 GB is cut off and named as not scanned; a secret beside it is still found', async () => {
		const bomb = await tarBomb('bomb.tar.gz', 2 * 1024 * 1024 * 1024);
		const started = Date.now();
		const inspection = await inspectSdist([
			{name: 'demo-1.0.0/tests/bomb.tar.gz', file: bomb},
			{name: 'demo-1.0.0/tests/huge.bin.gz', nested: {format: 'gz', members: [{name: 'x', text: 'A'.repeat(8 * 1024 * 1024)}]}},
			{name: 'demo-1.0.0/demo/settings.py', text: `TOKEN = "${pypiToken}"\n`},
		]);
		expect(Date.now() - started).toBeLessThan(20_000);
		expect(inspection.notScanned).toEqual([
			'demo-1.0.0/tests/bomb.tar.gz!bomb/zeros.bin (larger than 5 MB)',
			'demo-1.0.0/tests/bomb.tar.gz (a nested archive that cannot be read: It inflates to more than 64 MB)',
			'demo-1.0.0/tests/huge.bin.gz (a nested archive that cannot be read: It inflates to more than 5 MB)',
		]);
		expect(messages(inspection)).toEqual(['demo-1.0.0/demo/settings.py:1 holds what looks like a PyPI upload token (pypi-AgE…).']);
	});

	test('archives nested deeper than three levels are not opened (a zip quine ends there)', async () => {
		let archive: PlantedArchive = {format: 'zip', members: [{name: 'deep.py', text: `TOKEN = "${pypiToken}"\n`}]};
		for (let level = 0; level < 4; level++) {
			archive = {format: 'zip', members: [{name: `level${level}.zip`, nested: archive}]};
		}

		const inspection = await inspectSdist([{name: 'demo-1.0.0/tests/russian-doll.zip', nested: archive}]);
		expect(inspection.findings).toEqual([]);
		expect(inspection.notScanned).toEqual(['demo-1.0.0/tests/russian-doll.zip!level3.zip!level2.zip!level1.zip (an archive nested more than 3 deep)']);
	});
});

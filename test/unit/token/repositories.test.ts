import {describe, expect, test} from 'vitest';
import {knownRepositories, resolveRepository} from '../../../source/core/credentials/repositories.js';
import {temporaryFolder, writeTree} from '../../helpers/temp.js';

async function homeWith(pypirc?: string): Promise<{HOME: string}> {
	const home = await temporaryFolder('wizard-home-');
	if (pypirc !== undefined) {
		await writeTree(home, {'.pypirc': pypirc});
	}

	return {HOME: home};
}

describe('without ~/.pypirc', () => {
	test('pypi and testpypi are PyPI upload URLs exactly as twine spells them', async () => {
		const env = await homeWith();
		await expect(resolveRepository('pypi', env)).resolves.toMatchObject({name: 'pypi', uploadUrl: 'https://upload.pypi.org/legacy/', origin: 'built-in'});
		await expect(resolveRepository('testpypi', env)).resolves.toMatchObject({uploadUrl: 'https://test.pypi.org/legacy/'});
	});

	test('an upload URL is used as given; PyPI\'s own, without its slash, becomes the built-in', async () => {
		const env = await homeWith();
		await expect(resolveRepository('http://127.0.0.1:8080/testpypi/legacy/', env)).resolves.toMatchObject({
			name: 'http://127.0.0.1:8080/testpypi/legacy/',
			uploadUrl: 'http://127.0.0.1:8080/testpypi/legacy/',
			origin: 'url',
		});
		await expect(resolveRepository('https://test.pypi.org/legacy', env)).resolves.toMatchObject({name: 'testpypi', uploadUrl: 'https://test.pypi.org/legacy/'});
	});

	test('an unknown name is a usage error that suggests the near one and lists the known', async () => {
		const env = await homeWith();
		await expect(resolveRepository('testpipy', env)).rejects.toMatchObject({
			exitCode: 2,
			message: 'Unknown repository "testpipy".',
			hint: expect.stringMatching(/Did you mean "testpypi"\?.*pypi, testpypi/),
		});
	});
});

describe('with a ~/.pypirc under HOME', () => {
	const pypirc = [
		'[distutils]',
		'index-servers =',
		'    pypi',
		'    private',
		'',
		'# a comment',
		'[pypi]',
		'username = __token__',
		'password = pypi-from-the-file',
		'',
		'[private]',
		'repository: https://packages.example.com/legacy/',
		'username = alice',
		'password = %not-interpolated%',
	].join('\n');

	test('sections are repositories; a [pypi] section keeps the built-in URL and carries its password', async () => {
		const env = await homeWith(pypirc);
		const known = await knownRepositories(env);
		expect(known.map(repository => [repository.name, repository.uploadUrl, repository.origin])).toEqual([
			['testpypi', 'https://test.pypi.org/legacy/', 'built-in'],
			['pypi', 'https://upload.pypi.org/legacy/', 'pypirc'],
			['private', 'https://packages.example.com/legacy/', 'pypirc'],
		]);
		await expect(resolveRepository('pypi', env)).resolves.toMatchObject({username: '__token__', password: 'pypi-from-the-file'});
		await expect(resolveRepository('private', env)).resolves.toMatchObject({username: 'alice', password: '%not-interpolated%'});
	});

	test('a section without a repository URL is a configuration error naming the file and section', async () => {
		const env = await homeWith('[mirror]\nusername = bob\n');
		await expect(resolveRepository('pypi', env)).rejects.toMatchObject({
			exitCode: 2,
			message: expect.stringMatching(/\.pypirc: section \[mirror\] has no "repository = URL" line/),
		});
	});

	test('a line that is not INI is named by number, without echoing it', async () => {
		const env = await homeWith('[pypi]\npassword = pypi-x\nthis line is nonsense\n');
		const failure = resolveRepository('pypi', env);
		await expect(failure).rejects.toThrow(/\.pypirc: line 3 is neither a \[section\]/);
		await expect(failure).rejects.not.toThrow(/nonsense/);
	});
});

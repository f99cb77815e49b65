import {describe, expect, test} from 'vitest';
import {indexUrlsFor, projectPageUrl, simplePageUrl} from '../../../source/core/index/index-urls.js';

describe('indexUrlsFor', () => {
	test('PyPI by name and by upload URL', () => {
		for (const repository of ['pypi', 'https://upload.pypi.org/legacy/', 'https://upload.pypi.org/legacy', {name: 'pypi', uploadUrl: 'https://upload.pypi.org/legacy/', origin: 'built-in' as const}]) {
			const urls = indexUrlsFor(repository);
			expect(urls.simpleBase).toBe('https://pypi.org/simple/');
			expect(urls.jsonBase).toBe('https://pypi.org/pypi/');
			expect(urls.displayName).toBe('PyPI');
			expect(projectPageUrl(urls, 'My_Pkg', '1.2.0')).toBe('https://pypi.org/project/my-pkg/1.2.0/');
		}
	});

	test('TestPyPI', () => {
		const urls = indexUrlsFor('testpypi');
		expect(urls).toEqual({
			uploadUrl: 'https://test.pypi.org/legacy/',
			simpleBase: 'https://test.pypi.org/simple/',
			jsonBase: 'https://test.pypi.org/pypi/',
			projectPagePattern: 'https://test.pypi.org/project/{name}/{version}/',
			displayName: 'TestPyPI',
		});
	});

	test('the sandbox: siblings of /<index>/legacy/, its JSON release view as the page', () => {
		const urls = indexUrlsFor('http://127.0.0.1:8080/testpypi/legacy/');
		expect(urls.simpleBase).toBe('http://127.0.0.1:8080/testpypi/simple/');
		expect(urls.jsonBase).toBe('http://127.0.0.1:8080/testpypi/pypi/');
		expect(urls.displayName).toBe('sandbox testpypi (127.0.0.1:8080)');
		expect(projectPageUrl(urls, 'Demo.Pkg', '1.0')).toBe('http://127.0.0.1:8080/testpypi/pypi/demo-pkg/1.0/json');
	});

	test('another server with a /legacy/ upload URL, named by its .pypirc section', () => {
		const urls = indexUrlsFor({name: 'internal', uploadUrl: 'https://pkgs.example.com/team/legacy/', origin: 'pypirc'});
		expect(urls.simpleBase).toBe('https://pkgs.example.com/team/simple/');
		expect(urls.jsonBase).toBe('https://pkgs.example.com/team/pypi/');
		expect(urls.projectPagePattern).toBeUndefined();
		expect(urls.displayName).toBe('internal');
		expect(indexUrlsFor('https://pkgs.example.com/team/legacy/').displayName).toBe('pkgs.example.com/team');
	});

	test('overrides win, including for PyPI', () => {
		const urls = indexUrlsFor('https://upload.example.com/', {simpleBase: 'https://example.com/simple', jsonBase: 'https://example.com/json/', displayName: 'Example'});
		expect(urls).toMatchObject({simpleBase: 'https://example.com/simple/', jsonBase: 'https://example.com/json/', displayName: 'Example', projectPagePattern: undefined});
		expect(indexUrlsFor('pypi', {simpleBase: 'https://mirror.example.com/simple/'}).simpleBase).toBe('https://mirror.example.com/simple/');
	});

	test('an upload URL without a known layout fails naming the URL and the fix', () => {
		expect(() => indexUrlsFor('https://upload.example.com/')).toThrow(/Cannot tell where the simple and JSON APIs of https:\/\/upload\.example\.com\/ are/);
		expect(() => indexUrlsFor('my-section')).toThrow(/"my-section" is neither a built-in index name nor an http\(s\) upload URL/);
	});
});

test('simplePageUrl normalises the project name (PEP 503)', () => {
	expect(simplePageUrl('https://pypi.org/simple/', 'Foo__Bar.baz')).toBe('https://pypi.org/simple/foo-bar-baz/');
	expect(simplePageUrl('http://h/simple', 'x')).toBe('http://h/simple/x/');
});

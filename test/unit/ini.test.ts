import {expect, test} from 'vitest';
import {parseIni} from '../../source/core/ini.js';

test('sections, both separators, lower-cased keys, comments and continuation lines, with line numbers', () => {
	const document = parseIni('# top\n[metadata]\nName = cfg-demo\nversion: 2.0.1\n\n[options]\ninstall_requires =\n    requests>=2.0\n    ; a comment\n    packaging\n', {file: 'setup.cfg'});
	expect(document.get('metadata')?.get('name')).toEqual({value: 'cfg-demo', line: 3});
	expect(document.get('metadata')?.get('version')).toEqual({value: '2.0.1', line: 4});
	expect(document.get('options')?.get('install_requires')).toEqual({value: 'requests>=2.0\npackaging', line: 7});
});

test('strict mode names the file and line of a line that is not INI; lenient mode passes over it', () => {
	const text = '[pypi]\nusername = __token__\nthis is not ini\n';
	expect(() => parseIni(text, {file: '/home/me/.pypirc', strict: true})).toThrow('/home/me/.pypirc: line 3 is neither a [section], a "key = value" line nor a comment.');
	expect(parseIni(text, {file: 'setup.cfg'}).get('pypi')?.get('username')?.value).toBe('__token__');
});

import {expect, test} from 'vitest';
import {parseTwineCheck} from '../../../source/core/python/twine-check.js';

test('twine 4 output (rich, padded, coloured): each file with its errors and warnings, details kept', () => {
	const output = [
		'Checking dist/alpha-1.0-py3-none-any.whl: \u001B[31mFAILED\u001B[0m',
		'\u001B[31mERROR   \u001B[0m `long_description` has syntax errors in markup and would not be rendered on PyPI.          ',
		'         line 4: Error: Unknown directive type "foo".                ',
		'                                                                     ',
		'         .. foo::                                                    ',
		'\u001B[33mWARNING \u001B[0m `long_description_content_type` missing. defaulting to `text/x-rst`.   ',
		'Checking dist/alpha-1.0.tar.gz: \u001B[33mPASSED with warnings\u001B[0m',
		'\u001B[33mWARNING \u001B[0m `long_description` missing.',
		'Checking dist/beta-1.0.tar.gz: \u001B[32mPASSED\u001B[0m',
	].join('\n');
	expect(parseTwineCheck(output)).toEqual([
		{
			file: 'alpha-1.0-py3-none-any.whl',
			passed: false,
			messages: [
				{level: 'error', text: '`long_description` has syntax errors in markup and would not be rendered on PyPI.\nline 4: Error: Unknown directive type "foo".\n\n.. foo::'},
				{level: 'warning', text: '`long_description_content_type` missing. defaulting to `text/x-rst`.'},
			],
		},
		{file: 'alpha-1.0.tar.gz', passed: true, messages: [{level: 'warning', text: '`long_description` missing.'}]},
		{file: 'beta-1.0.tar.gz', passed: true, messages: []},
	]);
});

test('twine 3 output (indented text, "warning:" prefix)', () => {
	const output = [
		'Checking dist/alpha-1.0.tar.gz: FAILED',
		'  `long_description` has syntax errors in markup and would not be rendered on PyPI.',
		'    line 4: Error: Unknown directive type "foo".',
		'Checking dist/beta-1.0.tar.gz: PASSED, with warnings',
		'  warning: `long_description_content_type` missing. defaulting to `text/x-rst`.',
	].join('\n');
	expect(parseTwineCheck(output)).toEqual([
		{file: 'alpha-1.0.tar.gz', passed: false, messages: [{level: 'error', text: '`long_description` has syntax errors in markup and would not be rendered on PyPI.\nline 4: Error: Unknown directive type "foo".'}]},
		{file: 'beta-1.0.tar.gz', passed: true, messages: [{level: 'warning', text: '`long_description_content_type` missing. defaulting to `text/x-rst`.'}]},
	]);
});

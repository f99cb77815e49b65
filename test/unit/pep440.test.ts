import {describe, expect, test} from 'vitest';
import {UsageError} from '../../source/core/errors.js';
import {bumpVersion, nextVersion, versionCandidates, versionProblem} from '../../source/core/version/pep440.js';

describe('bumpVersion', () => {
	test.each([
		['1.2.3', 'major', '2.0.0'],
		['1.2.3', 'minor', '1.3.0'],
		['1.2.3', 'patch', '1.2.4'],
		['1.0', 'minor', '1.1'],
		['1.0', 'patch', '1.0.1'],
		['2.0.0rc1', 'major', '2.0.0'],
		['1.3.0b2', 'minor', '1.3.0'],
		['1.2.4.dev3', 'patch', '1.2.4'],
		['1.2.3rc1', 'minor', '1.3.0'],
		['1.2.0', 'post', '1.2.0.post1'],
		['1.2.0.post1', 'post', '1.2.0.post2'],
		['1.2.0', 'pre', '1.2.1a1'],
		['1.2.1a1', 'pre', '1.2.1a2'],
		['1.2.1rc1', 'pre', '1.2.1rc2'],
		['1.2.0', 'dev', '1.2.1.dev1'],
		['1.2.1.dev1', 'dev', '1.2.1.dev2'],
		['1.2.1a1', 'dev', '1.2.1a2.dev1'],
		['1!1.0.0', 'minor', '1!1.1.0'],
		['0.9.1', 'minor', '0.10.0'],
	] as const)('%s + %s = %s', (current, part, expected) => {
		expect(bumpVersion(current, part)).toBe(expected);
	});

	test('a pre-release label moves forward: 1.2.1a2 + rc = 1.2.1rc1', () => {
		expect(bumpVersion('1.2.1a2', 'pre', 'rc')).toBe('1.2.1rc1');
		expect(bumpVersion('1.2.0', 'pre', 'b')).toBe('1.2.1b1');
	});

	test('normalises spellings PEP 440 allows: 1.0-RC.1 is 1.0rc1', () => {
		expect(bumpVersion('1.0-RC.1', 'pre')).toBe('1.0rc2');
	});

	test('an invalid current version names the version and the way out', () => {
		expect(() => bumpVersion('1.x', 'minor')).toThrow(UsageError);
		expect(() => bumpVersion('1.x', 'minor')).toThrow(/"1\.x" is not a valid PEP 440 version/);
	});
});

describe('nextVersion', () => {
	test('keep releases the current version', () => {
		expect(nextVersion('1.2.3', 'keep')).toBe('1.2.3');
	});

	test('an explicit version must be greater than the current one', () => {
		expect(nextVersion('1.2.3', '1.3.0rc1')).toBe('1.3.0rc1');
		expect(() => nextVersion('1.2.3', '1.2.3')).toThrow(/not greater than the current version 1\.2\.3/);
		expect(() => nextVersion('1.2.3', 'banana')).toThrow(/"banana" is not a valid PEP 440 version/);
	});

	test('pre-a, pre-b and pre-rc pick the label', () => {
		expect(nextVersion('1.2.3', 'pre-rc')).toBe('1.2.4rc1');
	});
});

describe('versionProblem', () => {
	test('explains what is wrong with a typed version', () => {
		expect(versionProblem('', '1.0')).toMatch(/Type a version/);
		expect(versionProblem('1.0+local', '0.9')).toMatch(/local version label \(\+local\), which PyPI refuses/);
		expect(versionProblem('0.9', '1.0')).toMatch(/not greater/);
		expect(versionProblem('1.1', '1.0')).toBeUndefined();
	});
});

test('versionCandidates offers every bump once, in order', () => {
	expect(versionCandidates('1.2.3')).toEqual([
		{part: 'major', version: '2.0.0'},
		{part: 'minor', version: '1.3.0'},
		{part: 'patch', version: '1.2.4'},
		{part: 'post', version: '1.2.3.post1'},
		{part: 'pre', version: '1.2.4a1'},
		{part: 'dev', version: '1.2.4.dev1'},
		{part: 'pre-b', version: '1.2.4b1'},
		{part: 'pre-rc', version: '1.2.4rc1'},
	]);
});

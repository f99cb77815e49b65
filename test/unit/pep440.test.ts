import {execFileSync} from 'node:child_process';
import {describe, expect, test} from 'vitest';
import {UsageError} from '../../source/core/errors.js';
import {bumpVersion, nextVersion, versionCandidates, versionProblem} from '../../source/core/version/pep440.js';
import {python, requirePythonModules} from '../helpers/tools.js';

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

describe('a bump never goes backwards (PEP 440 ordering, checked by Python packaging)', () => {
	const currents = [
		'1.0.0',
		'1.0',
		'1.0.0rc1',
		'1.0.0b2',
		'1.0.0a1',
		'1.0.0.post1',
		'1.0.0.post1.dev1',
		'1.0.0a1.dev2',
		'1.0.0rc1.post1',
		'1.0.0.dev3',
		'1.0.0+local',
		'1.0.0.dev1+local',
		'2!1.0',
		'2!1.0rc1',
	];
	const parts = ['major', 'minor', 'patch', 'post', 'pre', 'pre-a', 'pre-b', 'pre-rc', 'prerc', 'dev'];

	// Every (current, part) pair: the version it gives, or the refusal.
	const outcomes = currents.flatMap(current =>
		parts.map(part => {
			try {
				return {current, part, next: nextVersion(current, part), refusal: undefined};
			} catch (error: unknown) {
				return {current, part, next: undefined, refusal: error};
			}
		}),
	);

	test('every computed version is greater than the current one, without a local label', () => {
		requirePythonModules(['packaging'], 'python3-packaging');
		const pairs = outcomes.filter(outcome => outcome.next !== undefined).map(outcome => [outcome.current, outcome.next!]);
		const notGreater = JSON.parse(
			execFileSync(python, ['-c', 'import json, sys\nfrom packaging.version import Version\nprint(json.dumps([p for p in json.load(sys.stdin) if not Version(p[1]) > Version(p[0]) or "+" in p[1]]))'], {
				input: JSON.stringify(pairs),
			}).toString(),
		) as string[][];
		expect(notGreater).toEqual([]);
		expect(pairs.length).toBeGreaterThan(currents.length * (parts.length - 3));
	});

	test('a bump that cannot go forward is refused (exit 2) with the versions that would be valid', () => {
		requirePythonModules(['packaging'], 'python3-packaging');
		const refused = outcomes.filter(outcome => outcome.refusal !== undefined);
		expect(refused.map(outcome => `${outcome.current} ${outcome.part}`)).toEqual(['1.0.0rc1 pre-a', '1.0.0rc1 pre-b', '1.0.0b2 pre-a', '2!1.0rc1 pre-a', '2!1.0rc1 pre-b']);
		for (const {refusal} of refused) {
			expect(refusal).toBeInstanceOf(UsageError);
			expect((refusal as UsageError).exitCode).toBe(2);
		}

		const error = refused[0]!.refusal as UsageError;
		expect(error.message).toBe('--bump pre-a on 1.0.0rc1 gives 1.0.0a1, which is not greater than 1.0.0rc1 under PEP 440 ordering.');
		expect(error.hint).toBe(
			'Versions that would be valid: 1.0.0 (--bump major), 1.0.0rc1.post1 (--bump post), 1.0.0rc2 (--bump pre), 1.0.0rc2.dev1 (--bump dev).',
		);
	});

	test.each([
		['1.0.0.post1.dev1', 'patch', '1.0.1'],
		['1.0.0.post1.dev1', 'minor', '1.1.0'],
		['1.0.0.post1.dev1', 'major', '2.0.0'],
		['1.0.0.post1.dev1', 'post', '1.0.0.post1'],
		['1.0.0.post1.dev1', 'dev', '1.0.0.post1.dev2'],
		['1.0.0a1.dev2', 'pre', '1.0.0a1'],
		['1.0.0a1.dev2', 'patch', '1.0.0'],
		['1.0.0+local', 'patch', '1.0.1'],
		['1.0.0+local', 'post', '1.0.0.post1'],
		['1.0.0.dev1+local', 'dev', '1.0.0.dev2'],
		['2!1.0', 'major', '2!2.0'],
		['2!1.0', 'pre', '2!1.0.1a1'],
	] as const)('%s + %s = %s', (current, part, expected) => {
		expect(bumpVersion(current, part)).toBe(expected);
	});
});

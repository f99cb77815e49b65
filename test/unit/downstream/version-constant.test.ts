import {describe, expect, test} from 'vitest';
import {bumpVersionConstant, VersionConstantError} from '../../../source/core/downstream/version-constant.js';

const file = 'version.py';

describe('bumpVersionConstant', () => {
	test('a two-part string is major.minor: minor 325.3 -> 325.4, major 325.3 -> 326.0; the rest of the file stays', () => {
		const before = 'ZULIP_VERSION = "9.0"\r\n# Bump the minor PROVISION_VERSION for new dependencies.\r\nPROVISION_VERSION = "325.3"  # see docs\r\n';
		const minor = bumpVersionConstant(before, file, 'PROVISION_VERSION', 'minor');
		expect(minor.text).toBe(before.replace('"325.3"', '"325.4"'));
		expect(minor).toMatchObject({line: 3, before: '"325.3"', after: '"325.4"'});
		expect(bumpVersionConstant(before, file, 'PROVISION_VERSION', 'major').text).toBe(before.replace('"325.3"', '"326.0"'));
	});

	test('tuples keep their spacing: (2, 4) minor -> (2, 5); (2, 4, 1) patch -> (2, 4, 2); major resets the rest', () => {
		expect(bumpVersionConstant('API_FEATURE_LEVEL = (2, 4)\n', file, 'API_FEATURE_LEVEL', 'minor').text).toBe('API_FEATURE_LEVEL = (2, 5)\n');
		expect(bumpVersionConstant('API_FEATURE_LEVEL = (2,4,1)\n', file, 'API_FEATURE_LEVEL', 'patch').text).toBe('API_FEATURE_LEVEL = (2,4,2)\n');
		expect(bumpVersionConstant('API_FEATURE_LEVEL = ( 9, 19, 3 )\n', file, 'API_FEATURE_LEVEL', 'major').text).toBe('API_FEATURE_LEVEL = ( 10, 0, 0 )\n');
	});

	test('single quotes, an annotation, an integer, and 9 -> 10 changing the length', () => {
		expect(bumpVersionConstant("V: str = '1.9.9'\n", file, 'V', 'patch').text).toBe("V: str = '1.9.10'\n");
		expect(bumpVersionConstant('LEVEL = 325\n', file, 'LEVEL', 'major').text).toBe('LEVEL = 326\n');
	});

	test('a commented-out line or a longer name is not the constant', () => {
		const before = '# PROVISION_VERSION = "1.0"\nOLD_PROVISION_VERSION = "2.0"\nPROVISION_VERSION = "3.0"\n';
		expect(bumpVersionConstant(before, file, 'PROVISION_VERSION', 'minor').text).toBe(before.replace('"3.0"', '"3.1"'));
	});

	test('a missing constant is an error naming the file and the name', () => {
		const error = (() => {
			try {
				bumpVersionConstant('OTHER = "1.0"\n', 'server/version.py', 'PROVISION_VERSION', 'minor');
			} catch (error_: unknown) {
				return error_;
			}
		})();
		expect(error).toBeInstanceOf(VersionConstantError);
		expect((error as Error).message).toBe('server/version.py: no assignment to PROVISION_VERSION found.');
	});

	test('a part the value does not have, or a value that is not a version, is refused with the fix', () => {
		expect(() => bumpVersionConstant('P = "325.3"\n', file, 'P', 'patch')).toThrow('version.py: P = "325.3" has 2 parts, so it has no patch part.');
		expect(() => bumpVersionConstant('P = get_version()\n', file, 'P', 'minor')).toThrow(/P = get_version\(\) is not a version we can bump/);
	});
});

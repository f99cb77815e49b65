import {describe, expect, test} from 'vitest';
import {checkDistributionFilename, isAllowedPlatformTag} from '../../../source/core/distribution/filename.js';

// File names checked before upload as PyPI checks them on upload, with PyPI's words.

function message(filename: string, projectName: string, version: string): string | undefined {
	const result = checkDistributionFilename({filename, projectName, version});
	return result.ok ? undefined : result.message;
}

describe('sdist names (PEP 625)', () => {
	test.each([
		['finstack_core-0.3.0.tar.gz', 'finstack-core', '0.3.0'],
		['flufl_enum-1.0.0.tar.gz', 'flufl.enum', '1.0.0'],
		['foo_bar-1.0.tar.gz', 'foo-.bar', 'v1.0'],
	])('%s is accepted for %s %s', (filename, project, version) => {
		expect(checkDistributionFilename({filename, projectName: project, version})).toMatchObject({ok: true, kind: 'sdist'});
	});

	test.each([
		['finstack-core-0.3.0.tar.gz', 'finstack-core', '0.3.0', "Filename 'finstack-core-0.3.0.tar.gz' is invalid, should be 'finstack_core-0.3.0.tar.gz'."],
		['some_thing-1.0.post9.zip', 'some_thing', '1.0.post9', "Filename 'some_thing-1.0.post9.zip' is invalid, should be 'some_thing-1.0.post9.tar.gz'."],
		['some-thing-1.0-9.tar.gz', 'some_thing', '1.0.post9', "Filename 'some-thing-1.0-9.tar.gz' is invalid, should be 'some_thing-1.0.post9.tar.gz'."],
		['some_thing-1.02.3.tar.gz', 'some_thing', '1.2.3', "Filename 'some_thing-1.02.3.tar.gz' is invalid, should be 'some_thing-1.2.3.tar.gz'."],
		['Some_Thing-1.0.tar.gz', 'some_thing', '1.0', "Filename 'Some_Thing-1.0.tar.gz' is invalid, should be 'some_thing-1.0.tar.gz'."],
		['wutang-6.6.6.tar.gz', 'wutang', '1.2.3', "Filename 'wutang-6.6.6.tar.gz' is invalid, should be 'wutang-1.2.3.tar.gz'."],
		['something.tar.gz', 'something', '1.0', 'Invalid source distribution filename: something.tar.gz'],
		['nope-1.0.tar.gz', 'something_else', '1.0', "Start filename for 'something_else' with 'something_else'."],
		['no-way-1.0.tar.gz', 'no', '1.0', "Start filename for 'no' with 'no'."],
	])('%s for %s %s: %s', (filename, project, version, expected) => {
		expect(message(filename, project, version)).toBe(expected);
	});
});

describe('wheel names (PEP 427)', () => {
	test('a normalised wheel name with compressed tags is parsed', () => {
		expect(checkDistributionFilename({filename: 'my_pkg-1.0-1-py2.py3-none-any.whl', projectName: 'My.Pkg', version: '1.0.0'})).toEqual({
			ok: true,
			kind: 'wheel',
			name: 'my_pkg',
			version: '1.0',
			build: '1',
			tags: [
				{python: 'py2', abi: 'none', platform: 'any'},
				{python: 'py3', abi: 'none', platform: 'any'},
			],
		});
	});

	test.each([
		['foo-1.0-q-py3-none-any.whl', 'foo', '1.0', "Invalid build number: q in 'foo-1.0-q-py3-none-any'"],
		['foo-0.0.4test1-py3-none-any.whl', 'foo', '0.0.4', "Invalid wheel filename (invalid version): 'foo-0.0.4test1-py3-none-any'"],
		['foo-1.0.whl', 'foo', '1.0', "Invalid wheel filename (wrong number of parts): 'foo-1.0'"],
		['Some_Thing-1.0-py3-none-any.whl', 'some-thing', '1.0', "Filename 'Some_Thing-1.0-py3-none-any.whl' should contain the normalized project name 'some_thing', not 'Some_Thing'."],
		['some.thing-1.0-py3-none-any.whl', 'some-thing', '1.0', "Filename 'some.thing-1.0-py3-none-any.whl' should contain the normalized project name 'some_thing', not 'some.thing'."],
		['foobar-1.0-py3-none-any.whl', 'foo-.bar', '1.0', "Start filename for 'foo-.bar' with 'foo_bar'."],
		['wutang-6.6.6-py3-none-any.whl', 'wutang', '1.2.3', "Version in filename should be '1.2.3' not '6.6.6'."],
		['x-1.0-cp311-cp311-linux_x86_64.whl', 'x', '1.0', "Binary wheel 'x-1.0-cp311-cp311-linux_x86_64.whl' has an unsupported platform tag 'linux_x86_64'."],
		['x-1.0-py3-none-linux_x86_64.win32.whl', 'x', '1.0', "Binary wheel 'x-1.0-py3-none-linux_x86_64.win32.whl' has an unsupported platform tag 'linux_x86_64'."],
	])('%s for %s %s: %s', (filename, project, version, expected) => {
		expect(message(filename, project, version)).toBe(expected);
	});

	test('a version equal once canonical (1.0 and 1.0.0) is the same release', () => {
		expect(message('x-1.0-py3-none-any.whl', 'x', '1.0.0')).toBeUndefined();
	});
});

describe("PyPI's platform tags", () => {
	test.each(['any', 'win_amd64', 'manylinux2014_aarch64', 'manylinux_2_28_x86_64', 'musllinux_1_2_riscv64', 'macosx_10_9_x86_64', 'macosx_11_0_arm64', 'macosx_26_0_universal2', 'ios_13_0_arm64_iphoneos', 'android_21_arm64_v8a', 'pyemscripten_2026_0_wasm32'])('%s is allowed', tag => {
		expect(isAllowedPlatformTag(tag)).toBe(true);
	});

	test.each(['linux_x86_64', 'macosx_9_2_x86_64', 'macosx_11_2_arm64', 'macosx_16_2_arm64', 'macosx_10_15_amd64', 'macosx_27_0_arm64', 'manylinux_2_17_sparc'])('%s is refused', tag => {
		expect(isAllowedPlatformTag(tag)).toBe(false);
	});
});

describe('characters and extensions', () => {
	test.each([
		['x-1.0.tar.bz2', 'Invalid file extension: Use .tar.gz, .whl or .zip extension. See https://www.python.org/dev/peps/pep-0527 and https://peps.python.org/pep-0715/ for more information'],
		['a/x-1.0.tar.gz', "Cannot upload a file with '/' or '\\' in the name."],
		['x\u007F-1.0.tar.gz', 'Cannot upload a file with non-printable characters (ordinals 0-31) or the DEL character (ordinal 127) in the name.'],
	])('%s: %s', (filename, expected) => {
		expect(message(filename, 'x', '1.0')).toBe(expected);
	});
});

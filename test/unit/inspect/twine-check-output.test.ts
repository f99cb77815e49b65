import {copyFile, mkdir, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {expect, test} from 'vitest';
import {exec} from '../../../source/core/exec.js';
import {parseTwineCheck, twineCheck} from '../../../source/core/python/twine-check.js';
import {temporaryFolder} from '../../helpers/temp.js';
import {python, requirePythonModules} from '../../helpers/tools.js';
import {plantedArchive} from './planted-archive.js';

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

test('a file twine cannot read: it says so for that file, and the files after it are still checked (real twine)', async () => {
	requirePythonModules(['twine'], 'twine');
	const folder = await temporaryFolder('wizard-twine-');
	const good = await plantedArchive('good-1.0.0.tar.gz', {
		format: 'tar.gz',
		members: [{name: 'good-1.0.0/PKG-INFO', text: 'Metadata-Version: 2.1\nName: good\nVersion: 1.0.0\nDescription-Content-Type: text/markdown\n\n# Good\n'}],
	});
	await writeFile(path.join(folder, 'broken-1.0.0.tar.gz'), 'not an archive\n');
	const reports = await twineCheck(python, [path.join(folder, 'broken-1.0.0.tar.gz'), good], folder, async (command, args, options) => exec(command, args, options));
	expect(reports).toEqual([
		{file: 'broken-1.0.0.tar.gz', passed: false, messages: [{level: 'error', text: expect.stringMatching(/^twine check could not check it:\n.*\nValueError: Not a known archive format: \S+broken-1\.0\.0\.tar\.gz$/)}]},
		{file: 'good-1.0.0.tar.gz', passed: true, messages: []},
	]);
});

test('one twine run for several packages: each line goes to the package of the file it names; after a file it cannot read, the rest are checked together (real twine)', async () => {
	requirePythonModules(['twine'], 'twine');
	const folder = await temporaryFolder('wizard-twine-');
	const sdist = async (name: string) =>
		plantedArchive(`${name}-1.0.0.tar.gz`, {
			format: 'tar.gz',
			members: [{name: `${name}-1.0.0/PKG-INFO`, text: `Metadata-Version: 2.1\nName: ${name}\nVersion: 1.0.0\nDescription-Content-Type: text/markdown\n\n# ${name}\n`}],
		});
	const broken = path.join(folder, 'broken-1.0.0.tar.gz');
	await writeFile(broken, 'not an archive\n');
	const files = [await sdist('first'), broken, await sdist('last')];
	const owners = new Map([files[0]!, broken, files[2]!].map(file => [file, path.basename(file).split('-')[0]!]));
	const runs: string[][] = [];
	const shown: Array<{line: string; package: string | undefined}> = [];
	const reports = await twineCheck(
		python,
		files,
		folder,
		async (command, args, options) => {
			runs.push(args.slice(3).map(file => path.basename(file)));
			return exec(command, args, {...options, onLine: (line, stream) => shown.push({line, package: options.packageOfLine?.(line, stream) ?? options.package})});
		},
		file => owners.get(file),
	);
	expect(reports.map(report => [report.file, report.passed])).toEqual([
		['first-1.0.0.tar.gz', true],
		['broken-1.0.0.tar.gz', false],
		['last-1.0.0.tar.gz', true],
	]);
	// Not one run per file: the whole list, then what twine never reached.
	expect(runs).toEqual([['first-1.0.0.tar.gz', 'broken-1.0.0.tar.gz', 'last-1.0.0.tar.gz'], ['last-1.0.0.tar.gz']]);
	const verdicts = shown.filter(entry => / (PASSED|FAILED)$/.test(entry.line));
	expect(verdicts.map(entry => [path.basename(entry.line.split(': ')[0]!), entry.package])).toEqual([
		['first-1.0.0.tar.gz', 'first'],
		['last-1.0.0.tar.gz', 'last'],
	]);
});

test('a file whose path is longer than a terminal line is still reported (real twine)', async () => {
	requirePythonModules(['twine'], 'twine');
	const deep = path.join(await temporaryFolder('wizard-twine-'), 'a'.repeat(100), 'b'.repeat(100));
	const planted = await plantedArchive('long-1.0.0.tar.gz', {
		format: 'tar.gz',
		members: [{name: 'long-1.0.0/PKG-INFO', text: 'Metadata-Version: 2.1\nName: long\nVersion: 1.0.0\nDescription-Content-Type: text/markdown\n\n# Long\n'}],
	});
	await mkdir(deep, {recursive: true});
	const file = path.join(deep, 'long-1.0.0.tar.gz');
	await copyFile(planted, file);
	expect(file.length).toBeGreaterThan(200);
	const reports = await twineCheck(python, [file], deep, async (command, args, options) => exec(command, args, options));
	expect(reports).toEqual([{file: 'long-1.0.0.tar.gz', passed: true, messages: []}]);
});

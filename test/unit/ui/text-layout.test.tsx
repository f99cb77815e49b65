import stringWidth from 'string-width';
import {describe, expect, test} from 'vitest';
import {truncateMiddle} from '../../../source/ui/ink/components/truncate.js';
import {wrapWords} from '../../../source/ui/ink/components/paragraph.js';
import {shellLines} from '../../../source/ui/ink/components/shell-command.js';

describe('truncateMiddle keeps the start and the file name of a path', () => {
	test.each([
		['source/pyproject.toml', 30, 'source/pyproject.toml'],
		['source/deep/inside/the/tree/pyproject.toml', 23, 'source/…/pyproject.toml'],
		['packages/very/deep/folder/core/pyproject.toml', 30, 'packages/…/core/pyproject.toml'],
		['/home/someone/projects/monorepo/.git/record.json', 30, '/home/…/.git/record.json'],
		['a/b/a-very-long-file-name-that-cannot-fit.toml', 20, 'a/b/a-…nnot-fit.toml'],
		['no-slashes-in-this-rather-long-name', 12, 'no-…ong-name'],
	])('%s in %i columns: %s', (text, width, expected) => {
		const result = truncateMiddle(text, width);
		expect(result).toBe(expected);
		expect(stringWidth(result)).toBeLessThanOrEqual(width);
	});

	test('a path cut to any width never exceeds it and always ends with the end of the file name', () => {
		const path = 'plugins/group-7/plugin-077/src/plugin_077/__init__.py';
		for (let width = 2; width <= path.length; width++) {
			const result = truncateMiddle(path, width);
			expect(stringWidth(result), `width ${width}`).toBeLessThanOrEqual(width);
			expect(path.endsWith(result.slice(result.lastIndexOf('…') + 1)), `width ${width}: ${result}`).toBe(true);
		}
	});

	test('wide characters count as two columns', () => {
		const result = truncateMiddle('文档/文档/文档/说明.toml', 14);
		expect(stringWidth(result)).toBeLessThanOrEqual(14);
		expect(result.endsWith('说明.toml')).toBe(true);
	});
});

describe('wrapWords', () => {
	test('breaks at spaces, no line starts with a space, long words are cut', () => {
		expect(wrapWords('This is what the wizard found. Nothing has been changed yet: check it', 30)).toEqual(['This is what the wizard found.', 'Nothing has been changed yet:', 'check it']);
		expect(wrapWords('short https://example.org/a/very/long/path/that/goes/on', 20)).toEqual(['short', 'https://example.org/', 'a/very/long/path/tha', 't/goes/on']);
		expect(wrapWords('one\ntwo', 20)).toEqual(['one', 'two']);
	});
});

describe('shellLines', () => {
	test('a command that fits stays one line', () => {
		expect(shellLines('wizard --ci /repo', 40)).toEqual(['wizard --ci /repo']);
	});

	test('a long command breaks between arguments with a trailing backslash, quoted arguments whole', () => {
		const command = "wizard --ci --python /usr/bin/python3 --skip tests,inspect '/home/someone/my projects/mono repo'";
		const lines = shellLines(command, 40);
		expect(lines).toEqual(['wizard --ci --python /usr/bin/python3 \\', '  --skip tests,inspect \\', "  '/home/someone/my projects/mono repo'"]);
		expect(lines.every(line => line.length <= 40)).toBe(true);
		// What a shell reads back: the same command.
		expect(lines.join('\n').replaceAll(' \\\n  ', ' ')).toBe(command);
	});

	test("an escaped quote (formatCommand's '\\'') does not end the argument", () => {
		const command = String.raw`wizard --ci '/tmp/it'\''s here/repo'`;
		expect(shellLines(command, 20)).toEqual(['wizard --ci \\', String.raw`  '/tmp/it'\''s here/repo'`]);
	});
});

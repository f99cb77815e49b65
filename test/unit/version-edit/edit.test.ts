import {describe, expect, test} from 'vitest';
import {applyLineEdits, EditMismatchError} from '../../../source/core/version/edit.js';

describe('applyLineEdits', () => {
	test('replaces the version at line and column and keeps mixed line endings and every other byte', () => {
		const before = 'a = 1\r\nVERSION = "1.0.0"  # the version\nb = "1.0.0"\r\n';
		const after = applyLineEdits(before, [{line: 2, column: 12, from: '1.0.0', to: '1.1.0'}]);
		expect(after).toBe('a = 1\r\nVERSION = "1.1.0"  # the version\nb = "1.0.0"\r\n');
	});

	test('two edits on one line both land (applied right to left)', () => {
		const after = applyLineEdits('x = ("1.0", "1.0")', [
			{line: 1, column: 7, from: '1.0', to: '2.0'},
			{line: 1, column: 14, from: '1.0', to: '2.0'},
		]);
		expect(after).toBe('x = ("2.0", "2.0")');
	});

	test('a line that no longer holds the version is refused, naming the line', () => {
		expect(() => applyLineEdits('version = "1.0.1"\n', [{line: 1, column: 12, from: '1.0.0', to: '1.1.0'}])).toThrow(EditMismatchError);
		expect(() => applyLineEdits('version = "1.0.1"\n', [{line: 1, column: 12, from: '1.0.0', to: '1.1.0'}])).toThrow(/line 1 no longer holds "1.0.0"/);
	});
});

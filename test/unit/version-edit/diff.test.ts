import {expect, test} from 'vitest';
import {unifiedDiff} from '../../../source/core/version/diff.js';

const file = Array.from({length: 20}, (_, index) => `line ${index + 1}`).join('\n') + '\n';

test('a version edit shows only its hunk, with three lines of context', () => {
	const after = file.replace('line 10', 'version = "2.0.0"');
	expect(unifiedDiff('pkg/setup.py', file, after)).toBe(
		['--- a/pkg/setup.py', '+++ b/pkg/setup.py', '@@ -7,7 +7,7 @@', ' line 7', ' line 8', ' line 9', '-line 10', '+version = "2.0.0"', ' line 11', ' line 12', ' line 13', ''].join('\n'),
	);
});

test('an edit that adds a line shows one hunk, not the whole file', () => {
	const after = file.replace('line 10\n', 'line 10\nadded\n');
	const diff = unifiedDiff('CHANGES.md', file, after);
	expect(diff).toBe(['--- a/CHANGES.md', '+++ b/CHANGES.md', '@@ -8,6 +8,7 @@', ' line 8', ' line 9', ' line 10', '+added', ' line 11', ' line 12', ' line 13', ''].join('\n'));
	expect(diff).not.toContain('line 1\n');
});

test('CRLF files read as plain lines, and an unchanged file gives no diff', () => {
	const crlf = 'a\r\nversion = "1"\r\nb\r\n';
	expect(unifiedDiff('x.cfg', crlf, crlf.replace('"1"', '"2"'))).toBe(['--- a/x.cfg', '+++ b/x.cfg', '@@ -1,3 +1,3 @@', ' a', '-version = "1"', '+version = "2"', ' b', ''].join('\n'));
	expect(unifiedDiff('x.cfg', crlf, crlf)).toBe('');
});

import {createTwoFilesPatch, FILE_HEADERS_ONLY} from 'diff';

/**
 * A unified diff (`git diff` style, three lines of context) of one file's edit, for display.
 * Line endings are shown as `\n`: version edits keep each file's own, so a `\r` would be noise.
 */
export function unifiedDiff(file: string, before: string, after: string): string {
	if (before === after) {
		return '';
	}

	const toLf = (text: string): string => text.replaceAll('\r\n', '\n');
	return createTwoFilesPatch(`a/${file}`, `b/${file}`, toLf(before), toLf(after), undefined, undefined, {context: 3, headerOptions: FILE_HEADERS_ONLY});
}

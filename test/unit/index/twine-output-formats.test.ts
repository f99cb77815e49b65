import {expect, test} from 'vitest';
import {interpretTwineUpload, twineLines} from '../../../source/core/index/upload-result.js';

// Output formats of twine versions other than the one installed here (Debian's twine 4 is
// exercised for real in test/integration/index/upload-result.test.ts).

const repository = {name: 'testpypi', uploadUrl: 'https://test.pypi.org/legacy/'};

test('rich output (twine 4 and later): colour codes dropped, wrapped lines joined', () => {
	const text = [
		'Uploading distributions to https://test.pypi.org/legacy/',
		'\u001B[33mWARNING \u001B[0m Error during upload. Retry with the --verbose option for more details. ',
		'\u001B[31mERROR   \u001B[0m HTTPError: 400 Bad Request from https://test.pypi.org/legacy/',
		"         File already exists ('demo-1.0.tar.gz', with blake2_256                ",
		'         hash 0123). See https://test.pypi.org/help/#file-name-reuse           ',
		'Next line',
	].join('\n');
	expect(twineLines(text)).toEqual([
		'Uploading distributions to https://test.pypi.org/legacy/',
		'Error during upload. Retry with the --verbose option for more details.',
		"HTTPError: 400 Bad Request from https://test.pypi.org/legacy/\nFile already exists ('demo-1.0.tar.gz', with blake2_256\nhash 0123). See https://test.pypi.org/help/#file-name-reuse",
		'Next line',
	]);
});

test('twine 3: the HTTPError line bare, the reason on the next line', () => {
	const result = interpretTwineUpload({
		exitCode: 1,
		stdout: 'Uploading distributions to https://test.pypi.org/legacy/\nUploading demo-1.0-py3-none-any.whl\nUploading demo-1.0.tar.gz\n',
		stderr: 'Error during upload. Retry with the --verbose option for more details.\nHTTPError: 400 Bad Request from https://test.pypi.org/legacy/\nThe description failed to render in the default format of reStructuredText.\n',
		files: ['dist/demo-1.0.tar.gz', 'dist/demo-1.0-py3-none-any.whl'],
		repository,
	});
	expect(result).toMatchObject({
		kind: 'rejected',
		status: 400,
		reason: 'The description failed to render in the default format of reStructuredText.',
		filename: 'demo-1.0.tar.gz',
		fileReused: false,
		files: [
			{filename: 'demo-1.0-py3-none-any.whl', state: 'uploaded'},
			{filename: 'demo-1.0.tar.gz', state: 'refused'},
		],
	});
});

test("twine 1 and 2: requests' own message", () => {
	const result = interpretTwineUpload({
		exitCode: 1,
		stdout: 'Uploading demo-1.0.tar.gz\n',
		stderr: 'HTTPError: 403 Client Error: Invalid or non-existent authentication information. for url: https://test.pypi.org/legacy/\n',
		repository,
	});
	expect(result).toMatchObject({kind: 'forbidden', status: 403, reason: 'Invalid or non-existent authentication information.', filename: 'demo-1.0.tar.gz'});
	expect(result.kind === 'forbidden' && result.hint).toMatch(/wizard token set testpypi$/);
});

test('verbose output and a server error: retryable', () => {
	const result = interpretTwineUpload({
		exitCode: 1,
		stdout: 'Uploading demo-1.0.tar.gz\n',
		stderr: 'WARNING  Received "502: Bad Gateway"\n         Package upload appears to have failed. Retry 5 of 5.\nERROR    HTTPError: 502 Bad Gateway from https://test.pypi.org/legacy/\n         Bad Gateway\n',
		repository,
	});
	expect(result).toMatchObject({kind: 'retryable', status: 502, reason: 'Bad Gateway', filename: 'demo-1.0.tar.gz'});
});

import {expect, test} from 'vitest';
import {compareWithIndex} from '../../../source/core/index/file-check.js';
import type {ProjectListing} from '../../../source/core/index/simple-api.js';

const sha = (digit: string): string => digit.repeat(64);

test('absent, same, conflict (with the .postN advice) and unverified, per file', () => {
	const listing: ProjectListing = {
		found: true,
		format: 'json',
		files: [
			{filename: 'demo-1.0.tar.gz', url: 'http://i/f/demo-1.0.tar.gz', sha256: sha('a'), yanked: false},
			{filename: 'demo-1.0-py3-none-any.whl', url: 'http://i/f/demo-1.0-py3-none-any.whl', sha256: sha('b'), yanked: false},
			{filename: 'demo-1.0-cp312-none-any.whl', url: 'http://i/f/x.whl', sha256: undefined, yanked: false},
		],
	};
	const verdicts = compareWithIndex(
		[
			{filename: 'demo-1.0.tar.gz', sha256: sha('A')},
			{filename: 'demo-1.0-py3-none-any.whl', sha256: sha('c')},
			{filename: 'demo-1.0-cp311-none-any.whl', sha256: sha('d')},
			{filename: 'demo-1.0-cp312-none-any.whl', sha256: sha('e')},
		],
		listing,
	);
	expect(verdicts.map(verdict => verdict.verdict)).toEqual(['same', 'conflict', 'absent', 'unverified']);
	expect(verdicts[1]).toMatchObject({localSha256: sha('c'), indexSha256: sha('b')});
	expect(verdicts[1]!.verdict === 'conflict' && verdicts[1]!.advice).toMatch(/demo-1\.0-py3-none-any\.whl can never be replaced.*\.post1/);
});

test('a project the index does not know: every file is absent', () => {
	expect(compareWithIndex([{filename: 'new-0.1.tar.gz', sha256: sha('f')}], {found: false, files: [], format: 'html'})).toEqual([{filename: 'new-0.1.tar.gz', verdict: 'absent'}]);
});

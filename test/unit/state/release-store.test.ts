import {existsSync} from 'node:fs';
import {readFile} from 'node:fs/promises';
import path from 'node:path';
import {afterEach, describe, expect, test} from 'vitest';
import {openReleaseStore, repositoryId} from '../../../source/core/state/release-store.js';
import type {ReleaseRecord} from '../../../source/core/release/types.js';
import {temporaryFolder} from '../../helpers/temp.js';

const original = process.env['XDG_CONFIG_HOME'];
afterEach(() => {
	process.env['XDG_CONFIG_HOME'] = original;
});

describe('release store', () => {
	test('keeps one JSON file per repository under $XDG_CONFIG_HOME/pypi-wizard/releases', async () => {
		const configHome = await temporaryFolder('wizard-config-');
		process.env['XDG_CONFIG_HOME'] = configHome;
		const first = await temporaryFolder('repo-a-');
		const second = await temporaryFolder('repo-b-');
		const storeA = openReleaseStore(first);
		const storeB = openReleaseStore(second);
		expect(path.dirname(storeA.file)).toBe(path.join(configHome, 'pypi-wizard', 'releases'));
		expect(storeA.file).not.toBe(storeB.file);
		expect(path.basename(storeA.file)).toBe(`${repositoryId(first)}.json`);

		storeA.save({root: first, status: 'ready'} as unknown as ReleaseRecord);
		expect(JSON.parse(await readFile(storeA.file, 'utf8'))).toEqual({release: {root: first, status: 'ready'}});
		expect(openReleaseStore(first).load()).toMatchObject({status: 'ready'});
		expect(storeB.load()).toBeUndefined();
		storeA.clear();
		expect(openReleaseStore(first).load()).toBeUndefined();
		expect(existsSync(storeA.file)).toBe(true);
	});
});

import {existsSync} from 'node:fs';
import {readFile, writeFile, mkdir} from 'node:fs/promises';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, test} from 'vitest';
import {PreconditionError} from '../../../source/core/errors.js';
import {openReleaseStore, repositoryId, type ReleaseStore} from '../../../source/core/state/release-store.js';
import {sampleRecord} from '../../helpers/release-record.js';
import {temporaryFolder} from '../../helpers/temp.js';

const original = process.env['XDG_CONFIG_HOME'];
let configHome: string;
beforeEach(async () => {
	configHome = await temporaryFolder('wizard-config-');
	process.env['XDG_CONFIG_HOME'] = configHome;
});
afterEach(() => {
	process.env['XDG_CONFIG_HOME'] = original;
});

async function storeHolding(text: string): Promise<ReleaseStore> {
	const store = openReleaseStore(await temporaryFolder('repo-'));
	await mkdir(path.dirname(store.file), {recursive: true});
	await writeFile(store.file, text);
	return store;
}

describe('release store', () => {
	test('keeps one JSON file per repository under $XDG_CONFIG_HOME/pypi-wizard/releases', async () => {
		const first = await temporaryFolder('repo-a-');
		const second = await temporaryFolder('repo-b-');
		const storeA = openReleaseStore(first);
		const storeB = openReleaseStore(second);
		expect(path.dirname(storeA.file)).toBe(path.join(configHome, 'pypi-wizard', 'releases'));
		expect(storeA.file).not.toBe(storeB.file);
		expect(path.basename(storeA.file)).toBe(`${repositoryId(first)}.json`);

		const record = {...sampleRecord(first), status: 'ready' as const};
		storeA.save(record);
		expect(JSON.parse(await readFile(storeA.file, 'utf8'))).toEqual({release: JSON.parse(JSON.stringify(record))});
		expect(openReleaseStore(first).load()).toMatchObject({status: 'ready', root: first});
		expect(storeB.read()).toEqual({kind: 'none'});
		storeA.clear();
		expect(openReleaseStore(first).read()).toEqual({kind: 'none'});
		expect(existsSync(storeA.file)).toBe(false);
	});

	test.each([
		['truncated by a crash', JSON.stringify({release: sampleRecord()}).slice(0, 120), /^it is not valid JSON \(.+\)$/],
		['garbage bytes', '\u0000\u0007\uFFFD garbage', /^it is not valid JSON/],
		['an empty file', '', /^the file is empty$/],
		['an array', '[1, 2]', /^expected a JSON object with a "release" key$/],
		['a record of the wrong shape', JSON.stringify({release: {...sampleRecord(), steps: {preflight: {status: 'exploded'}}}}), /^steps\.preflight\.status: expected "pending" or .+, found "exploded"$/],
		['a record missing its packages', JSON.stringify({release: {...sampleRecord(), packages: undefined}}), /^packages: /],
		['a record of a schema that never existed', JSON.stringify({release: {...sampleRecord(), schema: 0}}), /^"schema" is 0, not a schema this wizard knows \(1 to 3\)$/],
		['a record from a newer wizard', JSON.stringify({release: {...sampleRecord(), schema: 7}}), /^it was written by a newer pypi-wizard \(schema 7; this one reads up to 3\)$/],
	])('a damaged file (%s) is reported with what is wrong, never thrown', async (_, text, problem) => {
		const store = await storeHolding(text);
		const saved = store.read();
		expect(saved.kind).toBe('damaged');
		expect(saved.kind === 'damaged' ? saved.problem : '').toMatch(problem);
		expect(store.load()).toBeUndefined();
	});

	test('a valid schema-1 record is migrated: same release, each step titled', async () => {
		const current = sampleRecord();
		const steps = Object.fromEntries(Object.entries(current.steps).map(([id, step]) => [id, {status: step.status}]));
		const store = await storeHolding(JSON.stringify({release: {...current, schema: 1, steps}}));
		const saved = store.read();
		expect(saved).toMatchObject({kind: 'valid', migratedFrom: 1, record: {schema: 3, version: '1.1.0', steps: {preflight: {title: 'preflight', status: 'pending'}}}});
	});

	test('`{}` (a record discarded by an older version) means no release', async () => {
		expect((await storeHolding('{}')).read()).toEqual({kind: 'none'});
	});

	test('a config folder that cannot be written is a precondition error naming the folder', async () => {
		const blocker = path.join(configHome, 'not-a-folder');
		await writeFile(blocker, '');
		process.env['XDG_CONFIG_HOME'] = blocker;
		const store = openReleaseStore(await temporaryFolder('repo-'));
		const attempt = () => store.save(sampleRecord());
		expect(attempt).toThrow(PreconditionError);
		expect(attempt).toThrow(`The release record cannot be written in ${path.join(blocker, 'pypi-wizard', 'releases')} (not a directory).`);
	});
});

import {describe, expect, test} from 'vitest';
import {readRecord} from '../../../source/core/state/record-schema.js';
import {sampleRecord} from '../../helpers/release-record.js';

const wheel = {path: '/r/core-1.1.0-py3-none-any.whl', name: 'core-1.1.0-py3-none-any.whl', size: 10, sha256: 'a'.repeat(64)};

/** The record as schema 2 wrote it: no targets, tag, downstream or upload states. */
function schema2Record(): Record<string, unknown> {
	const {targets, tag, downstream, ...rest} = sampleRecord();
	const {uploads, installCheck, ...core} = rest.packages['core']!;
	return JSON.parse(JSON.stringify({...rest, schema: 2, packages: {core: {...core, status: 'built', files: [wheel]}}})) as Record<string, unknown>;
}

describe('record schema 3', () => {
	test('a schema-2 record is migrated: no targets, no tag, no downstream, built files pending on both indexes', () => {
		const reading = readRecord(schema2Record());
		expect(reading).toMatchObject({kind: 'valid', migratedFrom: 2});
		const record = reading.kind === 'valid' ? reading.record : undefined;
		expect(record).toMatchObject({schema: 3, targets: {}, downstream: [], version: '1.1.0'});
		expect(record?.tag).toBeUndefined();
		expect(record?.packages['core']?.uploads).toEqual({test: {[wheel.name]: 'pending'}, production: {[wheel.name]: 'pending'}});
		expect(Object.keys(record?.steps ?? {})).toEqual(['preflight', 'version', 'tests', 'build', 'check', 'inspect']);
	});

	test('a schema-1 record is migrated through 2 to 3', () => {
		const old = schema2Record();
		const steps = Object.fromEntries(Object.keys(old['steps'] as object).map(id => [id, {status: 'pending'}]));
		const reading = readRecord({...old, schema: 1, steps});
		expect(reading).toMatchObject({kind: 'valid', migratedFrom: 1, record: {schema: 3, targets: {}, steps: {build: {title: 'build', status: 'pending'}}}});
	});

	test('step ids are open: a record of a longer step list keeps its steps, in order', () => {
		const record = {...sampleRecord(), steps: {...sampleRecord().steps, 'upload-test': {title: 'Upload to the test index', status: 'done' as const}, tag: {status: 'pending' as const}}};
		const reading = readRecord(JSON.parse(JSON.stringify(record)));
		expect(reading.kind === 'valid' ? Object.keys(reading.record.steps) : reading).toEqual(['preflight', 'version', 'tests', 'build', 'check', 'inspect', 'upload-test', 'tag']);
	});

	test('a damaged schema-3 record is reported with what is wrong, never thrown', () => {
		const record = sampleRecord();
		const damaged = {...record, packages: {core: {...record.packages['core'], uploads: {test: {[wheel.name]: 'sent'}, production: {}}}}, tag: {name: 'v1.1.0'}};
		const reading = readRecord(JSON.parse(JSON.stringify(damaged)));
		expect(reading).toEqual({
			kind: 'damaged',
			problem: `packages.core.uploads.test.${wheel.name}: expected "pending" or "uploading" or "uploaded" or "visible", found "sent"; tag.commit: expected string, found nothing; tag.created: expected boolean, found nothing; and 1 more`,
		});
	});
});

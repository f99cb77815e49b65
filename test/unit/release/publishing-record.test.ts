import {describe, expect, test} from 'vitest';
import {reduceRelease} from '../../../source/core/release/reducer.js';
import type {ReleaseAction, ReleaseRecord, TargetRecord} from '../../../source/core/release/types.js';
import {sampleRecord} from '../../helpers/release-record.js';

const at = '2026-01-01T00:00:05.000Z';
const reduce = (record: ReleaseRecord, ...actions: ReleaseAction[]) => actions.reduce((current, action) => reduceRelease(current, action, at), record);
const wheel = {path: '/r/core-1.1.0-py3-none-any.whl', name: 'core-1.1.0-py3-none-any.whl', size: 10, sha256: 'a'.repeat(64)};
const sdist = {path: '/r/core-1.1.0.tar.gz', name: 'core-1.1.0.tar.gz', size: 20, sha256: 'b'.repeat(64)};
const testpypi: TargetRecord = {
	name: 'testpypi',
	uploadUrl: 'https://test.pypi.org/legacy/',
	simpleBase: 'https://test.pypi.org/simple/',
	jsonBase: 'https://test.pypi.org/pypi/',
	display: 'TestPyPI (test.pypi.org)',
};
const built = (record = sampleRecord()) => reduce(record, {type: 'package-built', name: 'core', files: [wheel, sdist], builtFrom: 'c'.repeat(40), durationMs: 5});

describe('record of a publishing release', () => {
	test('a built package has every file pending on both indexes', () => {
		expect(built().packages['core']?.uploads).toEqual({
			test: {[wheel.name]: 'pending', [sdist.name]: 'pending'},
			production: {[wheel.name]: 'pending', [sdist.name]: 'pending'},
		});
	});

	test('each file moves pending -> uploading -> uploaded -> visible on its own index', () => {
		const record = reduce(
			built(),
			{type: 'file-upload-started', name: 'core', role: 'test', file: wheel.name},
			{type: 'file-uploaded', name: 'core', role: 'test', file: wheel.name},
			{type: 'file-upload-started', name: 'core', role: 'test', file: sdist.name},
		);
		expect(record.packages['core']?.uploads.test).toEqual({[wheel.name]: 'uploaded', [sdist.name]: 'uploading'});
		const visible = reduce(record, {type: 'file-visible', name: 'core', role: 'test', file: wheel.name});
		expect(visible.packages['core']?.uploads).toEqual({
			test: {[wheel.name]: 'visible', [sdist.name]: 'uploading'},
			production: {[wheel.name]: 'pending', [sdist.name]: 'pending'},
		});
		expect(visible.updatedAt).toBe(at);
	});

	test('a rebuild gives new files a new, pending upload state and clears the install check', () => {
		const record = reduce(built(), {type: 'file-uploaded', name: 'core', role: 'test', file: wheel.name}, {type: 'install-checked', name: 'core', status: 'passed', durationMs: 1200});
		expect(record.packages['core']?.installCheck).toEqual({status: 'passed', durationMs: 1200});
		const rebuilt = reduce(record, {type: 'package-build-started', name: 'core'}, {type: 'package-built', name: 'core', files: [sdist], builtFrom: 'd'.repeat(40), durationMs: 5});
		expect(rebuilt.packages['core']).toMatchObject({uploads: {test: {[sdist.name]: 'pending'}, production: {[sdist.name]: 'pending'}}, installCheck: undefined});
	});

	test('targets, the tag and downstream branches are recorded', () => {
		const record = reduce(
			sampleRecord(),
			{type: 'targets-chosen', targets: {test: testpypi}},
			{type: 'tag-created', name: 'v1.1.0', commit: 'e'.repeat(40)},
			{type: 'tag-pushed'},
			{type: 'downstream-updated', path: '../server', branch: 'release/core-1.1.0', commit: undefined},
			{type: 'downstream-updated', path: '../server', branch: 'release/core-1.1.0', commit: 'f'.repeat(40)},
			{type: 'downstream-updated', path: '../docs', branch: 'release/core-1.1.0', commit: undefined},
		);
		expect(record.targets).toEqual({test: testpypi});
		expect(record.tag).toEqual({name: 'v1.1.0', commit: 'e'.repeat(40), created: true, pushed: true});
		expect(record.downstream).toEqual([
			{path: '../server', branch: 'release/core-1.1.0', commit: 'f'.repeat(40), status: 'committed'},
			{path: '../docs', branch: 'release/core-1.1.0', commit: undefined, status: 'pending'},
		]);
	});

	test('steps added to an older record come after its own, pending, in order; known ones are kept', () => {
		const record = reduce(sampleRecord(), {type: 'step-finished', step: 'preflight', at}, {
			type: 'steps-added',
			steps: [
				{id: 'preflight', title: 'other'},
				{id: 'upload-test', title: 'Upload to the test index'},
				{id: 'tag', title: 'Tag and push'},
			],
		});
		expect(Object.keys(record.steps)).toEqual(['preflight', 'version', 'tests', 'build', 'check', 'inspect', 'upload-test', 'tag']);
		expect(record.steps['preflight']?.status).toBe('done');
		expect(record.steps['tag']).toEqual({title: 'Tag and push', status: 'pending'});
	});
});

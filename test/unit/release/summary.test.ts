import {expect, test} from 'vitest';
import {reduceRelease} from '../../../source/core/release/reducer.js';
import {releaseSummary} from '../../../source/core/release/summary.js';
import type {ReleaseAction, ReleaseRecord} from '../../../source/core/release/types.js';
import {statusText} from '../../../source/ui/plain/status-text.js';
import {summaryText} from '../../../source/ui/plain/summary-text.js';
import {sampleRecord} from '../../helpers/release-record.js';

const wheel = {path: '/r/core-1.1.0-py3-none-any.whl', name: 'core-1.1.0-py3-none-any.whl', size: 10, sha256: 'a'.repeat(64)};
const sdist = {path: '/r/core-1.1.0.tar.gz', name: 'core-1.1.0.tar.gz', size: 20, sha256: 'b'.repeat(64)};
const sandbox = (index: string) => ({
	name: `sandbox ${index}`,
	uploadUrl: `http://127.0.0.1:8080/${index}/legacy/`,
	simpleBase: `http://127.0.0.1:8080/${index}/simple/`,
	jsonBase: `http://127.0.0.1:8080/${index}/pypi/`,
	display: `sandbox ${index} (127.0.0.1:8080)`,
});

function recordAfter(actions: readonly ReleaseAction[]): ReleaseRecord {
	const start: ReleaseRecord = {...sampleRecord(), createdAt: '2026-03-01T10:00:00.000Z'};
	return actions.reduce((current, action) => reduceRelease(current, action, '2026-03-02T00:00:00.000Z'), start);
}

const published: ReleaseAction[] = [
	{type: 'targets-chosen', targets: {test: sandbox('testpypi'), production: sandbox('pypi')}},
	{type: 'package-built', name: 'core', files: [wheel, sdist], builtFrom: 'c'.repeat(40), durationMs: 5},
	{type: 'file-visible', name: 'core', role: 'test', file: wheel.name},
	{type: 'file-visible', name: 'core', role: 'test', file: sdist.name},
	{type: 'file-uploaded', name: 'core', role: 'production', file: wheel.name},
];

test('an unfinished release with files still to upload to production says by when it must be finished', () => {
	const record = {...recordAfter(published), status: 'failed' as const};
	const summary = releaseSummary(record);
	expect(summary.stillToUpload).toBe(1);
	expect(summary.finishBy).toBe('2026-03-15T10:00:00.000Z');
	expect(summary.packages[0]!.indexes).toEqual([
		{role: 'test', display: 'sandbox testpypi (127.0.0.1:8080)', projectPage: 'http://127.0.0.1:8080/testpypi/pypi/core/1.1.0/json', simplePage: 'http://127.0.0.1:8080/testpypi/simple/core/'},
		{role: 'production', display: 'sandbox pypi (127.0.0.1:8080)', projectPage: 'http://127.0.0.1:8080/pypi/pypi/core/1.1.0/json', simplePage: 'http://127.0.0.1:8080/pypi/simple/core/'},
	]);
	const text = statusText(record, '/records/x.json', 'wizard --ci /repo');
	expect(text).toContain('  status: failed: resume with wizard --ci /repo');
	expect(text).toContain('  core-1.1.0.tar.gz  test visible  production pending\n');
	expect(text).toContain('Finish by 2026-03-15T10:00:00.000Z: 1 file(s) are still to upload to production, and PyPI refuses new files for a release older than 14 days.');
});

test('every file on production: no deadline, and the block lists each file on each index with its pages', () => {
	const record = recordAfter([...published, {type: 'file-uploaded', name: 'core', role: 'production', file: sdist.name}, {type: 'tag-created', name: 'v1.1.0', commit: 'c'.repeat(40)}, {type: 'tag-pushed'}]);
	const summary = releaseSummary(record);
	expect(summary.finishBy).toBeUndefined();
	const text = summaryText(summary, record).join('\n');
	expect(text).toContain(
		[
			'Ready: 1 package(s) at 1.1.0.',
			'  core 1.0.0 -> 1.1.0',
			'    test (sandbox testpypi (127.0.0.1:8080)): http://127.0.0.1:8080/testpypi/pypi/core/1.1.0/json  simple: http://127.0.0.1:8080/testpypi/simple/core/',
			'    production (sandbox pypi (127.0.0.1:8080)): http://127.0.0.1:8080/pypi/pypi/core/1.1.0/json  simple: http://127.0.0.1:8080/pypi/simple/core/',
			'    core-1.1.0-py3-none-any.whl  test visible, production uploaded',
			'    core-1.1.0.tar.gz  test visible, production uploaded',
			`Tag: v1.1.0 on ${'c'.repeat(12)}, pushed`,
		].join('\n'),
	);
	expect(text).not.toContain('Finish by');
});

test('nothing on production yet (a release stopped at the test index): no deadline, PyPI has not started its clock', () => {
	const record = {...recordAfter(published.filter(action => !(action.type === 'file-uploaded' && action.role === 'production'))), status: 'failed' as const};
	const summary = releaseSummary(record);
	expect(summary.stillToUpload).toBe(2);
	expect(summary.finishBy).toBeUndefined();
	expect(statusText(record, '/records/x.json', 'wizard --ci /repo')).not.toContain('Finish by');
});

test('a rehearsal that stopped after the test index lists only the test index, and says production was not part of it', () => {
	const rehearsal: ReleaseAction[] = [
		...published.filter(action => !(action.type === 'file-uploaded' && action.role === 'production')),
		{type: 'step-skipped', step: 'upload-production', title: 'Upload to sandbox pypi', reason: 'given --stop-after test'},
	];
	const record = {...recordAfter(rehearsal), status: 'ready' as const};
	const summary = releaseSummary(record);
	expect(summary.packages[0]!.indexes.map(index => index.role)).toEqual(['test']);
	const text = summaryText(summary, record).join('\n');
	expect(text).toContain('Ready: 1 package(s) at 1.1.0 on the test index; production was not part of this run.');
	expect(text).not.toContain('production pending');
	const status = statusText(record, '/records/x.json', 'wizard --ci /repo');
	expect(status).toContain('  status: ready: on the test index (production was not part of this run)');
	expect(status).toContain('Uploads (test: sandbox testpypi (127.0.0.1:8080)):\n  core-1.1.0-py3-none-any.whl  test visible\n');
});

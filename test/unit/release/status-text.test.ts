import {expect, test} from 'vitest';
import {reduceRelease} from '../../../source/core/release/reducer.js';
import type {ReleaseAction} from '../../../source/core/release/types.js';
import {statusText} from '../../../source/ui/plain/status-text.js';
import {sampleRecord} from '../../helpers/release-record.js';

test('wizard status lists the steps in the record\'s order, each file on each index, the tag and the downstream branches', () => {
	const wheel = {path: '/r/core-1.1.0-py3-none-any.whl', name: 'core-1.1.0-py3-none-any.whl', size: 10, sha256: 'a'.repeat(64)};
	const target = (name: string) => ({name, uploadUrl: `https://${name}/legacy/`, simpleBase: `https://${name}/simple/`, jsonBase: `https://${name}/pypi/`, display: name});
	const actions: ReleaseAction[] = [
		{type: 'steps-added', steps: [{id: 'upload-test', title: 'Upload to the test index'}]},
		{type: 'targets-chosen', targets: {test: target('testpypi'), production: target('pypi')}},
		{type: 'package-built', name: 'core', files: [wheel], builtFrom: 'c'.repeat(40), durationMs: 5},
		{type: 'file-visible', name: 'core', role: 'test', file: wheel.name},
		{type: 'tag-created', name: 'v1.1.0', commit: 'e'.repeat(40)},
		{type: 'downstream-updated', path: '../server', branch: 'release/core-1.1.0', commit: 'f'.repeat(40)},
	];
	const record = actions.reduce((current, action) => reduceRelease(current, action, '2026-01-01T00:00:05.000Z'), sampleRecord());
	const text = statusText(record, '/records/x.json', 'wizard --ci /repo');
	expect(text).toContain('  pending  Title of inspect\n  pending  Upload to the test index\n');
	expect(text).toContain('Uploads (test: testpypi, production: pypi):\n  core-1.1.0-py3-none-any.whl  test visible  production pending\n');
	expect(text).toContain(`Tag: v1.1.0 on ${'e'.repeat(12)}, not pushed yet\nDownstream:\n  ../server: release/core-1.1.0 at ${'f'.repeat(12)}\n`);
});

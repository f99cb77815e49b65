import path from 'node:path';
import {expect, test} from 'vitest';
import {projectRoot} from '../../helpers/cli.js';
import {reach} from '../../helpers/imports.js';
import {durationText, initialReleaseView, reduceReleaseView} from '../../../source/ui/release-view.js';
import {Release, releaseRecord} from './release-fixture.js';

const states = (release: Release) => Object.fromEntries(Object.values(release.view.phase!.packages).map(row => [row.name, row.state]));

test('the build moves each package from queued to building to done, with its files and time', () => {
	const release = new Release(releaseRecord(4, 2)).start('build');
	expect(states(release)).toEqual({'pkg-001': 'queued', 'pkg-002': 'queued', 'pkg-003': 'queued', 'pkg-004': 'queued'});
	const {files} = release.record.packages['pkg-001']!;
	release.emit({type: 'package-build-started', name: 'pkg-001'});
	expect(states(release)['pkg-001']).toBe('building');
	release.tick(1000).emit({type: 'package-built', name: 'pkg-001', files, builtFrom: 'a'.repeat(40), durationMs: 1000});
	const built = release.view.phase!.packages['pkg-001']!;
	expect(built).toMatchObject({state: 'done', durationMs: 1000, note: 'pkg_001-1.1.0-py3-none-any.whl, pkg_001-1.1.0.tar.gz'});
	expect(release.view.phase!.batches.map(batch => batch.state)).toEqual(['running', 'queued']);
});

test('a finished batch gets one history line and leaves the live area; the finished step gets one line', () => {
	const release = new Release(releaseRecord(4, 2)).start('build').build(0);
	expect(release.view.phase!.batches[0]).toMatchObject({state: 'done', collapsed: true});
	expect(release.view.history.filter(entry => entry.kind === 'batch')).toEqual([expect.objectContaining({step: 'Build', batch: 0, batches: 2, text: '2 package(s) built', durationMs: 2000})]);
	release.build(1).finish('build', '4 package(s) built');
	expect(release.view.phase).toBeUndefined();
	expect(release.view.running).toBeUndefined();
	expect(release.view.history.map(entry => entry.kind)).toEqual(['batch', 'batch', 'step']);
	expect(release.view.history.at(-1)).toMatchObject({kind: 'step', title: 'Build', status: 'done', message: '4 package(s) built', earlier: false});
});

test('uploads: uploading, then waiting for the index, then visible as the polls see the files; the wait keeps the last answer', () => {
	const release = new Release(releaseRecord(4, 2)).throughLocalSteps().start('upload-test');
	const [wheel] = release.filesOf(0);
	release.emit({type: 'file-upload-started', name: 'pkg-001', role: 'test', file: wheel!}, {type: 'upload-progress', step: 'upload-test', role: 'test', package: 'pkg-001', file: wheel!, phase: 'started', bytes: 2048});
	expect(states(release)['pkg-001']).toBe('uploading');
	release.upload(0);
	expect(states(release)).toMatchObject({'pkg-001': 'waiting', 'pkg-002': 'waiting', 'pkg-003': 'queued'});
	const files = release.filesOf(0);
	release.emit({type: 'wait-started', step: 'upload-test', role: 'test', batch: 0, files, since: release.iso()});
	release.tick(2000).emit({type: 'wait-polled', step: 'upload-test', role: 'test', batch: 0, since: release.iso(-2000), polledAt: release.iso(), nextPollAt: release.iso(2000), missing: files.slice(2), visible: files.slice(0, 2)});
	expect(states(release)).toMatchObject({'pkg-001': 'visible', 'pkg-002': 'waiting'});
	expect(release.view.phase!.batches[0]).toMatchObject({
		state: 'waiting',
		wait: {index: 'sandbox TestPyPI', since: release.now - 2000, polledAt: release.now, nextPollAt: release.now + 2000, missing: files.slice(2), files},
	});
	release.emit({type: 'wait-finished', step: 'upload-test', role: 'test', batch: 0, elapsedMs: 3000});
	expect(states(release)).toMatchObject({'pkg-001': 'visible', 'pkg-002': 'visible'});
	expect(release.view.history.at(-1)).toMatchObject({kind: 'batch', step: 'Upload to sandbox TestPyPI', text: '2 package(s) visible on sandbox TestPyPI'});
});

test('twine check output moves a package to checking, then done once every file is named', () => {
	const release = new Release(releaseRecord(2, 1)).start('build').build(0).finish('build').start('check');
	const [wheel, sdist] = release.filesOf(0);
	release.emit({type: 'step-output', step: 'check', package: 'pkg-001', line: `Checking /release/build/pkg-001/${wheel!}: PASSED`});
	expect(states(release)).toEqual({'pkg-001': 'checking', 'pkg-002': 'queued'});
	release.emit({type: 'step-output', step: 'check', package: 'pkg-001', line: `Checking /release/build/pkg-001/${sdist!}: PASSED`});
	release.emit({type: 'step-output', step: 'check', package: 'pkg-002', line: 'Checking x.whl: FAILED'});
	expect(states(release)).toEqual({'pkg-001': 'done', 'pkg-002': 'failed'});
});

test('install checks: install-checking, then done or failed; a failed step fails what was still moving', () => {
	const release = new Release(releaseRecord(3, 1)).throughLocalSteps().start('install-check');
	release.emit({type: 'install-check-progress', step: 'install-check', package: 'pkg-001', phase: 'started'});
	release.emit({type: 'install-check-progress', step: 'install-check', package: 'pkg-002', phase: 'started'});
	expect(states(release)).toEqual({'pkg-001': 'install-checking', 'pkg-002': 'install-checking', 'pkg-003': 'queued'});
	release.tick(4000).emit({type: 'install-check-progress', step: 'install-check', package: 'pkg-001', phase: 'finished', durationMs: 4000, ok: true});
	expect(release.view.phase!.packages['pkg-001']).toMatchObject({state: 'done', durationMs: 4000});
	release.emit({type: 'step-failed', step: 'install-check', at: release.iso(), message: 'pkg-002 did not install', exitCode: 1, tail: []});
	expect(release.view.history.at(-1)).toMatchObject({kind: 'step', status: 'failed', message: 'pkg-002 did not install'});
	expect(release.view.phase).toBeUndefined();
});

test('a package without files is skipped; what an earlier run finished shows as done', () => {
	const record = releaseRecord(2, 1);
	const emptied = {...record, packages: {...record.packages, 'pkg-002': {...record.packages['pkg-002']!, files: []}}};
	const release = new Release(emptied).start('build').build(0).finish('build').start('install-check');
	expect(states(release)).toEqual({'pkg-001': 'queued', 'pkg-002': 'skipped'});
	const resumed = new Release({...release.record, packages: {...release.record.packages, 'pkg-001': {...release.record.packages['pkg-001']!, installCheck: {status: 'passed', durationMs: 10}}}}).start('install-check');
	expect(resumed.view.phase!.packages['pkg-001']).toMatchObject({state: 'done', note: 'passed in an earlier run'});
});

test('events that change nothing shown return the same view, so nothing renders', () => {
	const release = new Release(releaseRecord(2, 1)).start('tests');
	const before = release.view;
	release.emit({type: 'version-files-planned', files: ['pyproject.toml']});
	release.emit({type: 'step-output', step: 'build', line: 'output of a step that is not running'});
	release.emit({type: 'step-output', step: 'tests', line: '   '});
	release.emit({type: 'upload-progress', step: 'upload-test', role: 'test', package: 'pkg-001', file: 'x.whl', phase: 'started', bytes: 1});
	expect(release.view).toBe(before);
	release.emit({type: 'step-output', step: 'tests', line: '\u001B[32mPASSED\u001B[0m test_one\r'});
	expect(release.view.output).toEqual([{package: undefined, line: 'PASSED test_one'}]);
});

test('the output keeps the last 200 lines; notes carry what the plain front end prints', () => {
	const release = new Release(releaseRecord(1, 1)).start('tests');
	for (let index = 0; index < 250; index++) {
		release.emit({type: 'step-output', step: 'tests', line: `line ${index}`});
	}

	expect(release.view.output).toHaveLength(200);
	expect(release.view.output.at(-1)!.line).toBe('line 249');
	release.finish('tests').start('version').emit({type: 'version-committed', commit: 'abcdef1234567890'});
	release.emit({type: 'step-text', step: 'version', text: '--- a/pyproject.toml\n+++ b/pyproject.toml\n@@ -1 +1 @@\n-version = "1.0.0"\n+version = "1.1.0"\n'});
	expect(release.view.notes).toEqual(['committed abcdef123456', 'edit pyproject.toml (+1 -1)']);
});

test('a resumed record starts with the steps an earlier run finished in the history, marked as such', () => {
	const release = new Release(releaseRecord(2, 1)).start('preflight').finish('preflight', 'ok');
	const view = initialReleaseView(release.record);
	expect(view.history).toEqual([expect.objectContaining({kind: 'step', title: 'Preflight', earlier: true})]);
	expect(reduceReleaseView(view, {type: 'warning-raised', step: 'check', message: 'no description'}, release.record).history.at(-1)).toMatchObject({kind: 'warning', message: 'no description'});
});

test('durations read as one masked unit each', () => {
	expect([800, 42_000, 63_000, 7_500_000].map(durationText)).toEqual(['0.8s', '42s', '1m 03s', '2h 05m']);
});

test('the release view is plain TypeScript: it reaches neither ink nor react, nor the engine or step code', () => {
	const {modules, packages} = reach(path.join(projectRoot, 'source', 'ui', 'release-view.ts'));
	expect([...packages].filter(name => /^(ink|react)(\/|$)|^ink-/.test(name))).toEqual([]);
	expect([...modules].filter(module => module.includes(`${path.sep}ink${path.sep}`) || module.includes(`${path.sep}steps${path.sep}`) || module.endsWith('engine.ts'))).toEqual([]);
});

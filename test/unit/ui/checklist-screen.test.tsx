import {render} from 'ink-testing-library';
import {afterEach, expect, test} from 'vitest';
import {cleanup} from 'ink-testing-library';
import {spinnerFrame} from '../../../source/ui/ink/components/spinner.js';
import {BatchView} from '../../../source/ui/ink/screens/batch-view.js';
import {ChecklistScreen} from '../../../source/ui/ink/screens/checklist-screen.js';
import type {ReleaseView} from '../../../source/ui/release-view.js';
import {maskTimes, plain, waitForFrame} from '../../helpers/ink.js';
import {Release, releaseRecord} from './release-fixture.js';

afterEach(() => {
	cleanup();
});

/** The frame split into what <Static> printed above and the live area (from the title down). */
function parts(frame: string): {history: string[]; live: string[]} {
	const lines = plain(frame).split('\n');
	const title = lines.findIndex(line => line.startsWith('Release'));
	return {history: lines.slice(0, title), live: lines.slice(title)};
}

async function shown(view: ReleaseView, now: number, rows: number, columns = 100) {
	const rendered = render(<ChecklistScreen view={view} now={now} rows={rows} columns={columns} />);
	return parts(await waitForFrame(rendered, 'Release'));
}

test('100 packages in 10 batches during a propagation wait: the live area stays shorter than the terminal, finished batches are one line each above', async () => {
	const release = new Release(releaseRecord(100, 10)).throughLocalSteps().start('upload-test');
	for (const batch of [0, 1, 2, 3]) {
		release.upload(batch).wait(batch);
	}

	const files = release.filesOf(4);
	release.upload(4).emit({type: 'wait-started', step: 'upload-test', role: 'test', batch: 4, files, since: release.iso()});
	release.tick(6000).emit({type: 'wait-polled', step: 'upload-test', role: 'test', batch: 4, since: release.iso(-6000), polledAt: release.iso(), nextPollAt: release.iso(2000), missing: files.slice(0, 3), visible: files.slice(3)});
	const {history, live} = await shown(release.view, release.now + 1000, 24);
	expect(live.length).toBeLessThanOrEqual(23);
	expect(live[0]).toContain('Release  1.1.0 · 100 packages → sandbox TestPyPI, sandbox PyPI');
	expect(live.join('\n')).toContain('Upload to sandbox TestPyPI');
	expect(live.join('\n')).toContain('log: /home/me/.local/state/pypi-wizard/releases/repo-1/logs/upload-test.log');
	expect(live.join('\n')).toMatch(/Batch 5 of 10 · 10 packages: 2 waiting for the index, 8 visible/);
	expect(live.join('\n')).toContain('next: batch 6 (10 packages), batch 7 (10 packages)');
	const batchLines = history.filter(line => line.includes('batch') && line.includes('visible on sandbox TestPyPI'));
	expect(batchLines.map(line => maskTimes(line))).toEqual([1, 2, 3, 4].map(batch => `  ✔ Upload to sandbox TestPyPI · batch ${batch} of 10: 10 package(s) visible on sandbox TestPyPI (<duration>)`));
	expect(history.filter(line => line.includes('Build ·'))).toHaveLength(10);
	expect(history.some(line => line.startsWith('✔ Build'))).toBe(true);
});

test('however short the terminal, the live area stays a line shorter than it', async () => {
	const release = new Release(releaseRecord(100, 10)).throughLocalSteps().start('upload-test');
	release.upload(0).emit({type: 'wait-started', step: 'upload-test', role: 'test', batch: 0, files: release.filesOf(0), since: release.iso()});
	release.emit({type: 'step-progress', step: 'upload-test', message: 'batch 1 of 10'});
	for (const rows of [4, 8, 12, 16, 30, 60]) {
		const {live} = await shown(release.view, release.now, rows);
		expect(live.length, `rows=${rows}`).toBeLessThanOrEqual(rows - 1);
		cleanup();
	}

	// 60 columns: every line cut, none wrapped (a wrapped line would add to the height).
	const {live} = await shown(release.view, release.now, 24, 60);
	expect(live.length).toBeLessThanOrEqual(23);
	expect(live.filter(line => line.length > 60)).toEqual([]);
	expect(live.join('\n')).toMatch(/pkg-001 +1\.1\.0 +waiting for the index/);
});

test('the wait says since when, when it polls next and which files are still missing', async () => {
	const release = new Release(releaseRecord(100, 10)).throughLocalSteps().start('upload-test');
	const files = release.filesOf(0);
	release.upload(0).emit({type: 'wait-started', step: 'upload-test', role: 'test', batch: 0, files, since: release.iso()});
	const since = release.now;
	release.tick(4000).emit({type: 'wait-polled', step: 'upload-test', role: 'test', batch: 0, since: release.iso(-4000), polledAt: release.iso(), nextPollAt: release.iso(2000), missing: files.slice(0, 2), visible: files.slice(2)});
	const {live} = await shown(release.view, release.now, 24, 200);
	const clock = new Date(since).toTimeString().slice(0, 8);
	const wait = live.findIndex(line => line.includes('waiting for sandbox TestPyPI'));
	expect(live[wait]!.trim()).toBe(`waiting for sandbox TestPyPI since ${clock} (4.0s), next poll in 2s`);
	expect(live[wait + 1]!.trim()).toBe(`last answer: 2 of 20 file(s) missing: ${files[0]!}, ${files[1]!}`);
	expect(live.find(line => line.includes('pkg-001'))).toMatch(/… pkg-001 +1\.1\.0 +waiting for the index +9\.0s +2 of 2 file\(s\) uploaded/);
	expect(live.find(line => line.includes('pkg-002'))).toMatch(/✔ pkg-002 +1\.1\.0 +visible/);
	expect(maskTimes(live.find(line => line.includes('pkg-010'))!)).toMatch(/pkg-010 .*visible +<duration>  2 of 2 file\(s\) uploaded/);
});

test('every package state reads in words, one line per package, with its clock', async () => {
	const release = new Release(releaseRecord(3, 1)).start('build');
	release.emit({type: 'package-build-started', name: 'pkg-001'});
	release.tick(12_000);
	let {live} = await shown(release.view, release.now, 30);
	expect(live.find(line => line.includes('pkg-001'))).toMatch(/› pkg-001 +1\.1\.0 +building +12s/);
	expect(live.find(line => line.includes('pkg-002'))).toMatch(/○ pkg-002 +1\.1\.0 +queued/);
	cleanup();

	const checks = new Release(releaseRecord(3, 1)).throughLocalSteps().start('install-check');
	checks.emit({type: 'install-check-progress', step: 'install-check', package: 'pkg-001', phase: 'started'});
	checks.emit({type: 'install-check-progress', step: 'install-check', package: 'pkg-002', phase: 'started'});
	checks.tick(3000).emit({type: 'install-check-progress', step: 'install-check', package: 'pkg-002', phase: 'finished', durationMs: 3000, ok: false});
	({live} = await shown(checks.view, checks.now, 30));
	expect(live.find(line => line.includes('pkg-001'))).toMatch(/› pkg-001 +1\.1\.0 +install-checking +3\.0s/);
	expect(live.find(line => line.includes('pkg-002'))).toMatch(/✖ pkg-002 +1\.1\.0 +failed +3\.0s/);
	expect(live.join('\n')).toContain('Batch 1 of 1 · 3 packages: 1 install-checking, 1 failed, 1 queued');
});

test('when the batch does not fit, the moving packages are shown and the rest counted', async () => {
	const release = new Release(releaseRecord(40, 1)).throughLocalSteps().start('upload-test');
	release.upload(0);
	const [wheel] = release.record.packages['pkg-040']!.files;
	release.emit({type: 'upload-progress', step: 'upload-test', role: 'test', package: 'pkg-040', file: wheel!.name, phase: 'started', bytes: 1});
	const {live} = await shown(release.view, release.now, 12);
	expect(live.length).toBeLessThanOrEqual(11);
	expect(live.join('\n')).toMatch(/pkg-040 +1\.1\.0 +uploading/);
	expect(live.join('\n')).toMatch(/… \d+ more: \d+ waiting for the index/);
});

test('the running step shows its progress, log path and the last lines of its output, as many as fit', async () => {
	const release = new Release(releaseRecord(1, 1)).start('preflight').tick(500).finish('preflight', 'all good').start('tests');
	release.emit({type: 'step-progress', step: 'tests', message: 'pytest in packages/pkg-001'});
	for (let index = 1; index <= 60; index++) {
		release.emit({type: 'step-output', step: 'tests', line: `test_${index} PASSED`});
	}

	const {history, live} = await shown(release.view, release.now + 75_000, 15);
	expect(live.length).toBeLessThanOrEqual(14);
	expect(live.slice(0, 4).map(line => line.trimEnd())).toEqual([
		'Release  1.1.0 → sandbox TestPyPI, sandbox PyPI',
		`${spinnerFrame(release.now + 75_000)} Tests  1m 15s`,
		'  pytest in packages/pkg-001',
		'  log: /home/me/.local/state/pypi-wizard/releases/repo-1/logs/tests.log',
	]);
	expect(live).toContain('  │ test_60 PASSED');
	expect(live.join('\n')).not.toContain('test_50 PASSED');
	expect(live.at(-1)).toContain('○ next: Version · Build · twine check · Inspect the archives · Upload to sandbox TestPyPI');
	expect(history.map(line => maskTimes(line).trimEnd())).toEqual(['✔ Preflight  <duration>  all good']);
});

test('output lines never wrap: a long line is cut at the terminal width', async () => {
	const release = new Release(releaseRecord(1, 1)).start('tests');
	release.emit({type: 'step-output', step: 'tests', line: `${'x'.repeat(300)} end`});
	const {live} = await shown(release.view, release.now, 15, 60);
	expect(live.every(line => line.length <= 60)).toBe(true);
	expect(live.join('\n')).not.toContain(' end');
});

test('skipped and failed steps and warnings are history lines', async () => {
	const release = new Release(releaseRecord(1, 1));
	release.emit({type: 'step-skipped', step: 'tests', title: 'Tests', reason: 'skipped with --skip'});
	release.start('build').emit({type: 'warning-raised', step: 'build', message: 'pkg-001: no long description'});
	release.emit({type: 'step-failed', step: 'build', at: release.iso(), message: 'Building pkg-001 failed\nmore detail', exitCode: 1, tail: []});
	const {history, live} = await shown(release.view, release.now, 20);
	expect(history.map(line => maskTimes(line).trimEnd())).toEqual(['– Tests skipped  skipped with --skip', '  ⚠ pkg-001: no long description', '✖ Build  <duration>  Building pkg-001 failed']);
	expect(live[1]).toContain('✖ The release stopped');
});

test('the spinner turns with the clock the app passes, one frame a second, without a timer of its own', async () => {
	expect(spinnerFrame(0)).not.toBe(spinnerFrame(1000));
	expect(spinnerFrame(1000)).toBe(spinnerFrame(1999));
	const release = new Release(releaseRecord(4, 2)).start('build');
	release.emit({type: 'package-build-started', name: 'pkg-001'});
	const rendered = render(<BatchView view={release.view} now={0} rows={10} columns={80} />);
	const first = await waitForFrame(rendered, 'Batch 1 of 2');
	expect(plain(first).split('\n')[0]!.startsWith(spinnerFrame(0))).toBe(true);
	const frames = rendered.frames.length;
	await new Promise(resolve => {
		setTimeout(resolve, 1200);
	});
	expect(rendered.frames.length).toBe(frames);
	rendered.rerender(<BatchView view={release.view} now={1000} rows={10} columns={80} />);
	const next = await waitForFrame(rendered, frame => plain(frame).startsWith(spinnerFrame(1000)));
	expect(plain(next).split('\n')).toHaveLength(4);
});

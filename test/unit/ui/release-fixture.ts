import {reduceRelease} from '../../../source/core/release/reducer.js';
import {localStepIds, publishingStepIds, type PackageRecord, type ReleaseEvent, type ReleaseRecord, type StepRecord} from '../../../source/core/release/types.js';
import {initialReleaseView, reduceReleaseView, type ReleaseView} from '../../../source/ui/release-view.js';
import {sampleRecord} from '../../helpers/release-record.js';

/** A full release of `count` packages (pkg-001...) in `batches` batches, each built into a wheel and an sdist, uploading to a sandbox. */
export function releaseRecord(count: number, batches: number): ReleaseRecord {
	const base = sampleRecord();
	const names = Array.from({length: count}, (_, index) => `pkg-${String(index + 1).padStart(3, '0')}`);
	const perBatch = Math.ceil(count / batches);
	const packages: Record<string, PackageRecord> = {};
	for (const [index, name] of names.entries()) {
		const files = [`${name.replace('-', '_')}-1.1.0-py3-none-any.whl`, `${name.replace('-', '_')}-1.1.0.tar.gz`].map(file => ({path: `/release/build/${name}/${file}`, name: file, size: 2048, sha256: 'ab'.repeat(32)}));
		packages[name] = {
			name,
			normalizedName: name,
			path: `packages/${name}`,
			previousVersion: '1.0.0',
			version: '1.1.0',
			batch: Math.floor(index / perBatch),
			status: 'queued',
			files,
			uploads: {test: Object.fromEntries(files.map(file => [file.name, 'pending'])), production: Object.fromEntries(files.map(file => [file.name, 'pending']))},
			installCheck: undefined,
		};
	}

	const steps = [...localStepIds, ...publishingStepIds];
	return {
		...base,
		folder: '/home/me/.local/state/pypi-wizard/releases/repo-1',
		packages,
		batches: Array.from({length: batches}, (_, batch) => names.slice(batch * perBatch, (batch + 1) * perBatch)),
		steps: Object.fromEntries(steps.map(id => [id, {title: titles[id] ?? id, status: 'pending'} satisfies StepRecord])),
		targets: {
			test: {name: 'sandbox testpypi', uploadUrl: 'http://127.0.0.1:1/testpypi/legacy/', simpleBase: 'http://127.0.0.1:1/testpypi/simple/', jsonBase: 'http://127.0.0.1:1/testpypi/pypi/', display: 'sandbox TestPyPI'},
			production: {name: 'sandbox pypi', uploadUrl: 'http://127.0.0.1:1/pypi/legacy/', simpleBase: 'http://127.0.0.1:1/pypi/simple/', jsonBase: 'http://127.0.0.1:1/pypi/pypi/', display: 'sandbox PyPI'},
		},
	};
}

const titles: Record<string, string> = {
	preflight: 'Preflight',
	version: 'Version',
	tests: 'Tests',
	build: 'Build',
	check: 'twine check',
	inspect: 'Inspect the archives',
	'upload-test': 'Upload to sandbox TestPyPI',
	'install-check': 'Install check from the test index',
	'upload-production': 'Upload to sandbox PyPI',
	tag: 'Tag',
	downstream: 'Downstream',
};

const actionTypes = new Set([
	'step-started', 'step-finished', 'step-failed', 'step-skipped', 'step-reset', 'warning-raised', 'version-files-planned', 'version-committed', 'package-build-started',
	'package-built', 'package-build-failed', 'toggles-applied', 'toggles-restored', 'findings-reported', 'steps-added', 'targets-chosen', 'file-upload-started',
	'file-uploaded', 'file-visible', 'install-checked', 'tag-created', 'tag-pushed', 'downstream-updated', 'release-interrupted', 'release-ready',
]);

/** A record and its view moved along by events, as the engine publishes them (actions reduced into the record first). */
export class Release {
	record: ReleaseRecord;
	view: ReleaseView;
	/** The clock events arrive by (ms). */
	now = Date.parse('2026-01-01T12:00:00.000Z');

	constructor(record: ReleaseRecord) {
		this.record = record;
		this.view = initialReleaseView(record);
	}

	iso(offsetMs = 0): string {
		return new Date(this.now + offsetMs).toISOString();
	}

	emit(...events: ReleaseEvent[]): this {
		for (const event of events) {
			if (actionTypes.has(event.type)) {
				this.record = reduceRelease(this.record, event as Parameters<typeof reduceRelease>[1], this.iso());
			}

			this.view = reduceReleaseView(this.view, event, this.record, this.now);
		}

		return this;
	}

	tick(ms: number): this {
		this.now += ms;
		return this;
	}

	start(step: string): this {
		return this.emit({type: 'step-started', step, title: titles[step] ?? step, at: this.iso(), log: `${this.record.folder}/logs/${step}.log`});
	}

	finish(step: string, message?: string): this {
		return this.emit({type: 'step-finished', step, at: this.iso(), message});
	}

	/** Builds every package of `batch`, one after the other. */
	build(batch: number): this {
		for (const name of this.record.batches[batch]!) {
			// The build forgets the files it replaces: these are the ones it makes again.
			const {files} = this.record.packages[name]!;
			this.emit({type: 'package-build-started', name}).tick(1000);
			this.emit({type: 'package-built', name, files, builtFrom: 'c0ffee'.repeat(7).slice(0, 40), durationMs: 1000});
		}

		return this;
	}

	/** Uploads every file of `batch` to the role's index (the wait is separate). */
	upload(batch: number, role: 'test' | 'production' = 'test'): this {
		for (const name of this.record.batches[batch]!) {
			const release = this.record.packages[name]!;
			for (const file of release.files) {
				this.emit({type: 'file-upload-started', name, role, file: file.name}, {type: 'upload-progress', step: `upload-${role}`, role, package: name, file: file.name, phase: 'started', bytes: file.size});
			}

			this.tick(500);
			for (const file of release.files) {
				this.emit({type: 'file-uploaded', name, role, file: file.name}, {type: 'upload-progress', step: `upload-${role}`, role, package: name, file: file.name, phase: 'finished', bytes: file.size, durationMs: 500});
			}
		}

		return this;
	}

	filesOf(batch: number): string[] {
		return this.record.batches[batch]!.flatMap(name => this.record.packages[name]!.files.map(file => file.name));
	}

	/** The batch's whole wait: started, one poll with everything missing, every file visible, finished. */
	wait(batch: number, role: 'test' | 'production' = 'test'): this {
		const files = this.filesOf(batch);
		const since = this.iso();
		this.emit({type: 'wait-started', step: `upload-${role}`, role, batch, files, since}).tick(1000);
		this.emit({type: 'wait-polled', step: `upload-${role}`, role, batch, since, polledAt: this.iso(), nextPollAt: this.iso(2000), missing: files, visible: []}).tick(2000);
		for (const name of this.record.batches[batch]!) {
			for (const file of this.record.packages[name]!.files) {
				this.emit({type: 'file-visible', name, role, file: file.name});
			}
		}

		this.emit({type: 'wait-polled', step: `upload-${role}`, role, batch, since, polledAt: this.iso(), nextPollAt: this.iso(), missing: [], visible: files});
		return this.emit({type: 'wait-finished', step: `upload-${role}`, role, batch, elapsedMs: 3000});
	}

	/** Every local step done, as a run would leave them, then the packages built. */
	throughLocalSteps(): this {
		for (const step of ['preflight', 'version', 'tests']) {
			this.start(step).tick(1000).finish(step, `${step} ok`);
		}

		this.start('build');
		for (const batch of this.record.batches.keys()) {
			this.build(batch);
		}

		this.finish('build', 'built');
		for (const step of ['check', 'inspect']) {
			this.start(step).tick(1000).finish(step, `${step} ok`);
		}

		return this;
	}
}

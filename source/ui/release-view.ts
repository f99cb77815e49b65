import type {Question} from '../core/release/questions.js';
import type {Finding, IndexRole, PackageRecord, ReleaseEvent, ReleaseRecord, ReleaseStatus, StepId, StepStatus} from '../core/release/types.js';
import {answerLabel} from '../core/release/questions.js';
import {diffOutline} from './plain/format.js';

// What the live screens show of a release, reduced from the record and the engine's events. No
// React here: the hook (ink/use-release-view.ts) reduces into a ref and renders at most ~10 times
// a second; the screens only draw this.

/** Lines of the running step's output kept: more than any terminal shows. */
const outputKept = 200;
/** Notes (what the running step did: committed, tagged) kept. */
const notesKept = 20;

export type PackageState = 'queued' | 'building' | 'checking' | 'uploading' | 'waiting' | 'visible' | 'install-checking' | 'done' | 'skipped' | 'failed';

/** As the batch view names each state. */
export const packageStateText: Readonly<Record<PackageState, string>> = {
	queued: 'queued',
	building: 'building',
	checking: 'checking',
	uploading: 'uploading',
	waiting: 'waiting for the index',
	visible: 'visible',
	'install-checking': 'install-checking',
	done: 'done',
	skipped: 'skipped',
	failed: 'failed',
};

const finishedStates: ReadonlySet<PackageState> = new Set(['visible', 'done', 'skipped', 'failed']);

export type PackageRow = {
	readonly name: string;
	readonly normalizedName: string;
	readonly version: string;
	readonly state: PackageState;
	/** When its work in this step began (ms since the epoch); undefined: not started in this run. */
	readonly startedAt: number | undefined;
	readonly finishedAt: number | undefined;
	/** How long its work took, when the engine measured it (build, install check). */
	readonly durationMs: number | undefined;
	/** A few words beside the state: its files, 'built by an earlier run'. */
	readonly note: string | undefined;
	/** Its built files, and how many of them the check or upload has finished. */
	readonly files: number;
	readonly filesDone: number;
};

export type WaitView = {
	readonly role: IndexRole;
	/** The index as messages name it. */
	readonly index: string;
	readonly since: number;
	readonly polledAt: number | undefined;
	readonly nextPollAt: number | undefined;
	readonly files: readonly string[];
	/** The last poll's answer: files not listed yet (all of them before the first poll). */
	readonly missing: readonly string[];
};

export type BatchState = 'queued' | 'running' | 'waiting' | 'done' | 'failed';

export type BatchRow = {
	readonly index: number;
	/** Normalised names. */
	readonly packages: readonly string[];
	readonly state: BatchState;
	readonly wait: WaitView | undefined;
	/** Its one line is in the history: the live area leaves it out while it stays done. */
	readonly collapsed: boolean;
};

export type PhaseKind = 'build' | 'check' | 'upload' | 'install-check';

/** The running step's batches, for steps that work package by package. */
export type BatchPhase = {
	readonly step: StepId;
	readonly kind: PhaseKind;
	readonly role: IndexRole | undefined;
	readonly batches: readonly BatchRow[];
	readonly packages: Readonly<Record<string, PackageRow>>;
};

export type StepRow = {
	readonly id: StepId;
	readonly title: string;
	readonly status: StepStatus;
	readonly startedAt: number | undefined;
	readonly durationMs: number | undefined;
	readonly message: string | undefined;
	readonly log: string | undefined;
};

/** A line printed once above the live area (Ink's <Static>), in the order things finished. */
export type HistoryEntry =
	| {readonly kind: 'step'; readonly key: string; readonly title: string; readonly status: 'done' | 'failed' | 'skipped'; readonly durationMs: number | undefined; readonly message: string | undefined; readonly earlier: boolean}
	| {readonly kind: 'batch'; readonly key: string; readonly step: string; readonly batch: number; readonly batches: number; readonly failed: boolean; readonly durationMs: number | undefined; readonly text: string}
	| {readonly kind: 'warning'; readonly key: string; readonly message: string};

export type OutputLine = {readonly package: string | undefined; readonly line: string};

export type ReleaseView = {
	readonly status: ReleaseStatus;
	/** `1.3.0`, or `core 1.3.0, cli 0.4.0`. */
	readonly releasing: string;
	readonly packageCount: number;
	readonly targets: {readonly test: string | undefined; readonly production: string | undefined};
	/** Every step, in the record's order. */
	readonly steps: readonly StepRow[];
	readonly running: StepId | undefined;
	/** The running step's last progress message. */
	readonly progress: string | undefined;
	/** The running step's last lines of output. */
	readonly output: readonly OutputLine[];
	/** What the running step did, as the plain front end prints it (committed, tagged, answers). */
	readonly notes: readonly string[];
	readonly phase: BatchPhase | undefined;
	readonly history: readonly HistoryEntry[];
	readonly findings: readonly Finding[];
	/** The engine's question waiting for an answer. */
	readonly question: Question | undefined;
};

export function initialReleaseView(record: ReleaseRecord): ReleaseView {
	const steps = stepRows(record);
	const running = steps.find(step => step.status === 'running')?.id;
	const history: HistoryEntry[] = [];
	for (const step of steps) {
		if (step.status === 'done' || step.status === 'skipped') {
			history.push(stepEntry(step, history.length, true));
		}
	}

	const view: ReleaseView = {
		status: record.status,
		releasing: record.version ?? Object.values(record.packages).map(release => `${release.name} ${release.version}`).join(', '),
		packageCount: Object.keys(record.packages).length,
		targets: {test: record.targets.test?.display, production: record.targets.production?.display},
		steps,
		running,
		progress: undefined,
		output: [],
		notes: [],
		phase: undefined,
		history: [...history, ...record.warnings.map((message, index) => ({kind: 'warning' as const, key: `warning ${index}`, message}))],
		findings: record.findings,
		question: undefined,
	};
	return running === undefined ? view : startPhase(view, running, record, true);
}

/**
 * The view after `event`; the same object when nothing it shows changed (so no render follows).
 * `at` is when the event arrived (ms since the epoch): the package clocks start from it.
 */
export function reduceReleaseView(view: ReleaseView, event: ReleaseEvent, record: ReleaseRecord, at: number = Date.parse(record.updatedAt)): ReleaseView {
	switch (event.type) {
		case 'step-started': {
			const started = {...withSteps(view, record), running: event.step, progress: undefined, output: [], notes: [], phase: undefined, question: undefined};
			return startPhase(started, event.step, record, false, at);
		}

		case 'step-finished':
		case 'step-failed':
		case 'step-skipped': {
			return finishStep(view, event.step, record, at, event.type === 'step-failed');
		}

		case 'step-reset':
		case 'steps-added': {
			return withSteps(view, record);
		}

		case 'release-interrupted':
		case 'release-ready': {
			return {...withSteps(view, record), status: record.status, running: undefined, phase: undefined, question: undefined};
		}

		case 'warning-raised': {
			const known = view.history.some(entry => entry.kind === 'warning' && entry.message === event.message);
			return known ? view : {...view, history: [...view.history, {kind: 'warning', key: `warning ${view.history.length}`, message: event.message}]};
		}

		case 'findings-reported': {
			return {...view, findings: event.findings};
		}

		case 'version-files-planned':
		case 'file-upload-started': {
			// Nothing shown: the upload-progress notice that follows moves the package.
			return view;
		}

		case 'version-committed': {
			return withNote(view, `committed ${event.commit.slice(0, 12)}`);
		}

		case 'toggles-applied': {
			return withNote(view, `build toggles applied to ${event.toggles.map(toggle => toggle.path).join(', ')}`);
		}

		case 'toggles-restored': {
			return withNote(view, 'build toggles restored');
		}

		case 'targets-chosen': {
			const roles = (['test', 'production'] as const).filter(role => event.targets[role] !== undefined);
			return {
				...withNote(view, `uploading to ${roles.map(role => `${role}: ${event.targets[role]!.display}`).join(', ') || 'no index (local only)'}`),
				targets: {test: event.targets.test?.display, production: event.targets.production?.display},
			};
		}

		case 'tag-created': {
			return withNote(view, `tagged ${event.name} at ${event.commit.slice(0, 12)}`);
		}

		case 'tag-pushed': {
			return withNote(view, `pushed ${record.tag?.name ?? 'the tag'}`);
		}

		case 'downstream-updated': {
			return withNote(view, `downstream ${event.path}: ${event.commit === undefined ? `branch ${event.branch} created` : `committed ${event.commit.slice(0, 12)} on ${event.branch}`}`);
		}

		case 'step-text': {
			const lines = record.dryRun ? event.text.split('\n').filter(line => line !== '') : diffOutline(event.text).map(line => line.trim());
			return lines.reduce(withNote, view);
		}

		case 'question-asked': {
			return {...view, question: event.question};
		}

		case 'question-answered': {
			const asked = view.question?.id === event.questionId ? view.question : undefined;
			const cleared = {...view, question: asked === undefined ? view.question : undefined};
			return asked === undefined || event.by !== 'person' ? cleared : withNote(cleared, `answer: ${asked.message} -> ${event.answer === undefined ? '(hidden)' : answerLabel(asked, event.answer)}`);
		}

		case 'step-progress': {
			return event.step !== view.running || event.message === view.progress ? view : {...view, progress: event.message};
		}

		case 'step-output': {
			return withOutput(view, record, event, at);
		}

		case 'package-build-started': {
			return withPackage(view, record, event.name, at, () => ({state: 'building', startedAt: at, finishedAt: undefined, durationMs: undefined, note: undefined}));
		}

		case 'package-built': {
			return withPackage(view, record, event.name, at, row => ({
				state: 'done',
				finishedAt: at,
				startedAt: row.startedAt ?? at - event.durationMs,
				durationMs: event.durationMs,
				note: event.files.map(file => file.name).join(', '),
			}));
		}

		case 'package-build-failed': {
			return withPackage(view, record, event.name, at, () => ({state: 'failed', finishedAt: at}));
		}

		case 'upload-progress': {
			if (view.phase?.kind !== 'upload' || view.phase.role !== event.role) {
				return view;
			}

			return withPackage(view, record, event.package, at, row => {
				const release = record.packages[event.package];
				const total = row.files;
				const done = event.phase === 'started' ? row.filesDone : row.filesDone + 1;
				const already = event.phase === 'skipped' ? `, ${event.file} already there` : '';
				return {
					state: event.phase === 'started' ? 'uploading' : done >= total ? uploadedState(release, event.role) : 'uploading',
					startedAt: row.startedAt ?? at,
					filesDone: done,
					note: `${done} of ${total} file(s) uploaded${already}`,
				};
			});
		}

		case 'file-uploaded': {
			// The upload-progress notice that follows moves the package.
			return view;
		}

		case 'file-visible': {
			if (view.phase?.kind !== 'upload' || view.phase.role !== event.role || uploadedState(record.packages[event.name], event.role) !== 'visible') {
				return view;
			}

			return withPackage(view, record, event.name, at, row => ({state: 'visible', finishedAt: row.finishedAt ?? at}));
		}

		case 'wait-started': {
			return withWait(view, record, event.batch, at, () => ({
				role: event.role,
				index: record.targets[event.role]?.display ?? `the ${event.role} index`,
				since: Date.parse(event.since),
				polledAt: undefined,
				nextPollAt: undefined,
				files: event.files,
				missing: event.files,
			}));
		}

		case 'wait-polled': {
			return withWait(view, record, event.batch, at, wait => ({
				role: event.role,
				index: wait?.index ?? record.targets[event.role]?.display ?? `the ${event.role} index`,
				since: Date.parse(event.since),
				polledAt: Date.parse(event.polledAt),
				nextPollAt: Date.parse(event.nextPollAt),
				files: wait?.files ?? [...event.missing, ...event.visible],
				missing: event.missing,
			}));
		}

		case 'wait-finished': {
			return withWait(view, record, event.batch, at, () => undefined);
		}

		case 'install-check-progress': {
			return withPackage(view, record, event.package, at, row =>
				event.phase === 'started'
					? {state: 'install-checking', startedAt: at, finishedAt: undefined, durationMs: undefined}
					: {state: event.ok === false ? 'failed' : 'done', finishedAt: at, startedAt: row.startedAt ?? at - (event.durationMs ?? 0), durationMs: event.durationMs},
			);
		}

		case 'install-checked': {
			// The install-check-progress notice that comes with it moves the package.
			return view;
		}

		default: {
			const unhandled: never = event;
			return unhandled;
		}
	}
}

/** How long a package has worked (or did), at `now`; undefined before it started. */
export function packageElapsedMs(row: PackageRow, now: number): number | undefined {
	if (row.durationMs !== undefined && row.finishedAt !== undefined) {
		return row.durationMs;
	}

	return row.startedAt === undefined ? undefined : Math.max(0, (row.finishedAt ?? now) - row.startedAt);
}

/** The first time a package of the batch started, and when its last one finished (undefined while running). */
export function batchTimes(phase: BatchPhase, batch: BatchRow): {startedAt: number | undefined; finishedAt: number | undefined} {
	const rows = batch.packages.map(name => phase.packages[name]).filter(row => row !== undefined);
	const starts = rows.map(row => row.startedAt).filter(value => value !== undefined);
	const ends = rows.map(row => row.finishedAt).filter(value => value !== undefined);
	const startedAt = starts.length === 0 ? batch.wait?.since : Math.min(...starts);
	return {startedAt, finishedAt: batch.state === 'done' || batch.state === 'failed' ? (ends.length === 0 ? undefined : Math.max(...ends)) : undefined};
}

/** `0.8s`, `42s`, `1m 03s`, `2h 05m`: spaced so each part reads (and masks) as one duration. */
export function durationText(ms: number | undefined): string {
	if (ms === undefined) {
		return '';
	}

	if (ms < 10_000) {
		return `${(ms / 1000).toFixed(1)}s`;
	}

	const seconds = Math.floor(ms / 1000);
	if (seconds < 60) {
		return `${seconds}s`;
	}

	return seconds < 3600 ? `${Math.floor(seconds / 60)}m ${String(seconds % 60).padStart(2, '0')}s` : `${Math.floor(seconds / 3600)}h ${String(Math.floor(seconds / 60) % 60).padStart(2, '0')}m`;
}

/** A wall-clock time as `14:03:27` (local). */
export function clockText(ms: number): string {
	const time = new Date(ms);
	return [time.getHours(), time.getMinutes(), time.getSeconds()].map(part => String(part).padStart(2, '0')).join(':');
}

function stepRows(record: ReleaseRecord): StepRow[] {
	return Object.entries(record.steps).map(([id, step]) => ({
		id,
		title: step.title ?? id,
		status: step.status,
		startedAt: step.startedAt === undefined ? undefined : Date.parse(step.startedAt),
		durationMs: step.durationMs,
		message: step.message,
		log: step.log,
	}));
}

function withSteps(view: ReleaseView, record: ReleaseRecord): ReleaseView {
	return {...view, steps: stepRows(record), status: record.status};
}

function stepEntry(step: StepRow, position: number, earlier: boolean): HistoryEntry {
	return {kind: 'step', key: `step ${position}`, title: step.title, status: step.status as 'done' | 'failed' | 'skipped', durationMs: step.durationMs, message: step.message, earlier};
}

function phaseKind(step: StepId): {kind: PhaseKind; role: IndexRole | undefined} | undefined {
	switch (step) {
		case 'build':
		case 'check':
		case 'install-check': {
			return {kind: step, role: undefined};
		}

		case 'upload-test': {
			return {kind: 'upload', role: 'test'};
		}

		case 'upload-production': {
			return {kind: 'upload', role: 'production'};
		}

		default: {
			return undefined;
		}
	}
}

/** Where each package stands as the step starts: what an earlier run finished shows as done. */
function startPhase(view: ReleaseView, step: StepId, record: ReleaseRecord, resumed: boolean, at?: number): ReleaseView {
	const kind = phaseKind(step);
	if (kind === undefined) {
		return view;
	}

	const packages: Record<string, PackageRow> = {};
	for (const release of Object.values(record.packages)) {
		packages[release.normalizedName] = startingRow(release, kind.kind, kind.role, resumed);
	}

	const phase: BatchPhase = {
		step,
		...kind,
		packages,
		batches: record.batches.map((names, index) => ({index, packages: names, state: 'queued', wait: undefined, collapsed: false})),
	};
	return settleBatches({...view, phase}, record, at ?? Date.parse(record.updatedAt));
}

function startingRow(release: PackageRecord, kind: PhaseKind, role: IndexRole | undefined, resumed: boolean): PackageRow {
	const row: PackageRow = {
		name: release.name,
		normalizedName: release.normalizedName,
		version: release.version,
		state: 'queued',
		startedAt: undefined,
		finishedAt: undefined,
		durationMs: undefined,
		note: undefined,
		files: release.files.length,
		filesDone: 0,
	};
	switch (kind) {
		case 'build': {
			return release.status === 'built' ? {...row, state: 'done', note: 'built by an earlier run'} : resumed && release.status === 'building' ? {...row, state: 'building'} : row;
		}

		case 'check': {
			return release.files.length === 0 ? {...row, state: 'skipped', note: 'nothing built'} : row;
		}

		case 'upload': {
			if (release.files.length === 0) {
				return {...row, state: 'skipped', note: 'nothing built'};
			}

			const states = release.files.map(file => release.uploads[role!][file.name] ?? 'pending');
			if (states.every(state => state === 'visible')) {
				return {...row, state: 'visible', note: 'uploaded by an earlier run'};
			}

			return states.every(state => state === 'uploaded' || state === 'visible') ? {...row, state: 'waiting', note: 'uploaded by an earlier run'} : row;
		}

		case 'install-check': {
			if (release.files.length === 0) {
				return {...row, state: 'skipped', note: 'nothing built'};
			}

			return release.installCheck?.status === 'passed' ? {...row, state: 'done', note: 'passed in an earlier run'} : row;
		}
	}
}

/** A package whose every file the index took: visible once every file is listed, else waiting. */
function uploadedState(release: PackageRecord | undefined, role: IndexRole): PackageState {
	if (release === undefined) {
		return 'waiting';
	}

	return release.files.every(file => release.uploads[role][file.name] === 'visible') ? 'visible' : 'waiting';
}

function withPackage(view: ReleaseView, record: ReleaseRecord, name: string, at: number, change: (row: PackageRow) => Partial<PackageRow>): ReleaseView {
	const phase = view.phase;
	const row = phase?.packages[name];
	if (phase === undefined || row === undefined) {
		return view;
	}

	const next = {...row, ...change(row)};
	if ((Object.keys(next) as Array<keyof PackageRow>).every(key => next[key] === row[key])) {
		return view;
	}

	return settleBatches({...view, phase: {...phase, packages: {...phase.packages, [name]: next}}}, record, at);
}

function withWait(view: ReleaseView, record: ReleaseRecord, batch: number, at: number, change: (wait: WaitView | undefined) => WaitView | undefined): ReleaseView {
	const phase = view.phase;
	const row = phase?.batches[batch];
	if (phase === undefined || row === undefined) {
		return view;
	}

	const wait = change(row.wait);
	const packages = {...phase.packages};
	for (const name of row.packages) {
		const current = packages[name];
		const release = record.packages[name];
		if (current === undefined || release === undefined || phase.kind !== 'upload') {
			continue;
		}

		const files = new Set(release.files.map(file => file.name));
		const missing = wait === undefined ? false : wait.missing.some(file => files.has(file));
		const waited = wait === undefined || wait.files.some(file => files.has(file));
		if (waited && current.state !== 'failed' && current.state !== 'skipped') {
			packages[name] = missing ? {...current, state: 'waiting'} : {...current, state: 'visible', finishedAt: current.finishedAt ?? at};
		}
	}

	const batches = phase.batches.map(candidate => (candidate.index === batch ? {...candidate, wait} : candidate));
	return settleBatches({...view, phase: {...phase, packages, batches}}, record, at);
}

/** Each batch's state from its packages and wait; a batch that just finished gets its history line. */
function settleBatches(view: ReleaseView, record: ReleaseRecord, at: number): ReleaseView {
	const phase = view.phase!;
	const added: HistoryEntry[] = [];
	const batches = phase.batches.map(batch => {
		const state = batchState(phase, batch);
		const collapse = state === 'done' && !batch.collapsed && phase.batches.length > 1;
		if (collapse) {
			added.push(batchEntry(view, {...batch, state}, record, view.history.length + added.length, at));
		}

		const collapsed = state === 'done' ? batch.collapsed || collapse : false;
		return state === batch.state && collapsed === batch.collapsed ? batch : {...batch, state, collapsed};
	});
	return {...view, phase: {...phase, batches}, history: added.length === 0 ? view.history : [...view.history, ...added]};
}

function batchState(phase: BatchPhase, batch: BatchRow): BatchState {
	const states = batch.packages.map(name => phase.packages[name]?.state ?? 'skipped');
	if (batch.wait !== undefined) {
		return 'waiting';
	}

	if (states.every(state => finishedStates.has(state))) {
		return states.includes('failed') ? 'failed' : 'done';
	}

	return states.every(state => state === 'queued') ? 'queued' : 'running';
}

const doneText: Readonly<Record<PhaseKind, string>> = {build: 'built', check: 'checked', upload: 'visible', 'install-check': 'installed and passed'};

function batchEntry(view: ReleaseView, batch: BatchRow, record: ReleaseRecord, position: number, at: number): HistoryEntry {
	const phase = view.phase!;
	const rows = batch.packages.map(name => phase.packages[name]).filter(row => row !== undefined);
	const fresh = rows.filter(row => row.startedAt !== undefined);
	const where = phase.kind === 'upload' ? ` on ${record.targets[phase.role!]?.display ?? `the ${phase.role!} index`}` : '';
	const failed = rows.filter(row => row.state === 'failed').length;
	const skipped = rows.filter(row => row.state === 'skipped').length;
	const done = rows.length - failed - skipped;
	const parts = [`${done} package(s) ${doneText[phase.kind]}${where}${fresh.length === 0 && done > 0 ? ' by an earlier run' : ''}`];
	if (skipped > 0) {
		parts.push(`${skipped} skipped`);
	}

	if (failed > 0) {
		parts.push(`${failed} failed`);
	}

	const times = batchTimes(phase, batch);
	const title = view.steps.find(step => step.id === phase.step)?.title ?? phase.step;
	return {
		kind: 'batch',
		key: `batch ${position}`,
		step: title,
		batch: batch.index,
		batches: phase.batches.length,
		failed: failed > 0,
		durationMs: fresh.length === 0 || times.startedAt === undefined ? undefined : (times.finishedAt ?? at) - times.startedAt,
		text: parts.join(', '),
	};
}

function finishStep(view: ReleaseView, step: StepId, record: ReleaseRecord, at: number, failed: boolean): ReleaseView {
	let next = withSteps(view, record);
	if (next.phase?.step === step && failed) {
		// What was moving when the step failed failed with it.
		const moving: ReadonlySet<PackageState> = new Set(['building', 'checking', 'uploading', 'install-checking']);
		const phase = next.phase;
		const packages = Object.fromEntries(Object.entries(phase.packages).map(([name, row]) => [name, moving.has(row.state) ? {...row, state: 'failed' as const, finishedAt: at} : row]));
		next = settleBatches({...next, phase: {...phase, packages}}, record, at);
	}

	const row = next.steps.find(candidate => candidate.id === step);
	const history = row === undefined || (row.status !== 'done' && row.status !== 'failed' && row.status !== 'skipped') ? next.history : [...next.history, stepEntry(row, next.history.length, false)];
	return next.running === step ? {...next, history, running: undefined, progress: undefined, output: [], notes: [], phase: undefined, question: undefined} : {...next, history};
}

function withNote(view: ReleaseView, note: string): ReleaseView {
	return {...view, notes: [...view.notes, note].slice(-notesKept)};
}

function withOutput(view: ReleaseView, record: ReleaseRecord, event: Extract<ReleaseEvent, {type: 'step-output'}>, at: number): ReleaseView {
	if (event.step !== view.running) {
		return view;
	}

	const line = displayLine(event.line);
	if (line.trim() === '') {
		return view;
	}

	const entry = {package: event.package, line};
	const output = view.output.length >= outputKept ? [...view.output.slice(1 - outputKept), entry] : [...view.output, entry];
	const shown = {...view, output};
	if (view.phase?.kind !== 'check' || event.package === undefined) {
		return shown;
	}

	// twine check names each file as it finishes it: "Checking dist/x.whl: PASSED".
	const checked = /^Checking (.+): (PASSED with warnings|PASSED|FAILED)\b/i.exec(line);
	return withPackage(shown, record, event.package, at, row => {
		if (checked === null) {
			return row.state === 'queued' ? {state: 'checking', startedAt: at} : {};
		}

		const filesDone = row.filesDone + 1;
		const failedFile = /FAILED/i.test(checked[2]!) || row.state === 'failed';
		const finished = failedFile || filesDone >= row.files;
		return {state: failedFile ? 'failed' : finished ? 'done' : 'checking', startedAt: row.startedAt ?? at, finishedAt: finished ? at : undefined, filesDone};
	});
}

/** Child output as one terminal line: colours, carriage-return redraws and tabs removed. */
function displayLine(raw: string): string {
	// eslint-disable-next-line no-control-regex
	const plain = raw.replaceAll(/\u001B\[[0-9;?]*[ -/]*[@-~]|\u001B\][^\u0007]*\u0007/g, '');
	return (plain.split('\r').findLast(part => part !== '') ?? '').replaceAll('\t', '  ');
}

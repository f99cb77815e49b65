import type {Finding} from '../inspect/finding.js';
import type {AppliedToggle} from '../build-toggles.js';
import type {Question} from './questions.js';

/** The steps of the local checklist, in order. */
export const localStepIds = ['preflight', 'version', 'tests', 'build', 'check', 'inspect'] as const;
/** The steps a full release adds after the local ones, in order. */
export const publishingStepIds = ['upload-test', 'install-check', 'upload-production', 'tag', 'downstream'] as const;

/**
 * A step's id, as `--skip` takes it. Open: the ids are those of the step list a release uses
 * (local only, full, yank), and `record.steps` holds them in that order.
 */
export type StepId = string;

export type StepStatus = 'pending' | 'running' | 'done' | 'failed' | 'skipped';

export type StepRecord = {
	/** As the step calls itself, so front ends need not import step code. */
	readonly title?: string;
	readonly status: StepStatus;
	readonly startedAt?: string;
	readonly finishedAt?: string;
	readonly durationMs?: number;
	/** One line on how it ended (done, failed or skipped). */
	readonly message?: string;
	/** The full output of the step's commands. */
	readonly log?: string;
	/** Failed: the last lines of output. */
	readonly tail?: readonly string[];
};

export type BuiltFile = {
	/** Absolute path. */
	readonly path: string;
	readonly name: string;
	readonly size: number;
	readonly sha256: string;
};

export type PackageStatus = 'queued' | 'building' | 'built' | 'failed';

export type PackageRecord = {
	readonly name: string;
	readonly normalizedName: string;
	/** Folder relative to the repository root. */
	readonly path: string;
	readonly previousVersion: string;
	readonly version: string;
	/** Index of its batch in `batches`. */
	readonly batch: number;
	readonly status: PackageStatus;
	readonly files: readonly BuiltFile[];
	/** The commit `files` were built from: a resume rebuilds when HEAD has moved past it. */
	readonly builtFrom?: string;
	readonly durationMs?: number;
	/** Each built file's state on each index, by file name: {} until built. */
	readonly uploads: {readonly test: Readonly<Record<string, UploadState>>; readonly production: Readonly<Record<string, UploadState>>};
	readonly installCheck: {readonly status: 'passed' | 'failed'; readonly durationMs: number} | undefined;
};

/** Which index a file goes to: the test index first, then production. */
export type IndexRole = 'test' | 'production';

/** pending -> uploading -> uploaded (the index took it, or had it with the same sha256) -> visible (listed on the simple page). */
export type UploadState = 'pending' | 'uploading' | 'uploaded' | 'visible';

/** Where a role uploads. Never a secret. */
export type TargetRecord = {
	/** 'testpypi', 'pypi', a .pypirc section, or 'sandbox testpypi'. */
	readonly name: string;
	readonly uploadUrl: string;
	readonly simpleBase: string;
	readonly jsonBase: string;
	/** As messages name it. */
	readonly display: string;
};

export type TagRecord = {readonly name: string; readonly commit: string; readonly created: boolean; readonly pushed: boolean};

export type DownstreamRecord = {
	/** The downstream repository's folder, as configured. */
	readonly path: string;
	readonly branch: string;
	readonly commit: string | undefined;
	readonly status: 'pending' | 'committed';
};

export type {Finding, FindingKind} from '../inspect/finding.js';

export type ReleaseStatus = 'running' | 'failed' | 'interrupted' | 'ready';

/** The saved release of one repository root. Holds no secret. Validated on load: state/record-schema.ts. */
export type ReleaseRecord = {
	readonly schema: 3;
	readonly root: string;
	readonly createdAt: string;
	readonly updatedAt: string;
	readonly status: ReleaseStatus;
	/** The `--bump` values this release was started with, as typed. */
	readonly bump: readonly string[];
	readonly versioning: 'synchronized' | 'independent';
	/** The version of a synchronized release. */
	readonly version: string | undefined;
	readonly dryRun: boolean;
	/** Packages released, by normalised name. */
	readonly packages: Readonly<Record<string, PackageRecord>>;
	readonly batches: ReadonlyArray<readonly string[]>;
	/** This release's folder: logs, build output, toggle backups. */
	readonly folder: string;
	/** In the order of the release's step list: front ends iterate it. */
	readonly steps: Readonly<Record<StepId, StepRecord>>;
	readonly skips: ReadonlyArray<{readonly step: StepId; readonly reason: string}>;
	/** Files the version step writes (relative paths): the only changes a resume tolerates. */
	readonly versionFiles: readonly string[];
	readonly commit: string | undefined;
	readonly toggles: readonly AppliedToggle[];
	readonly findings: readonly Finding[];
	readonly warnings: readonly string[];
	/** Where each role uploads: {} for a local-only release. */
	readonly targets: {readonly test?: TargetRecord; readonly production?: TargetRecord};
	readonly tag: TagRecord | undefined;
	readonly downstream: readonly DownstreamRecord[];
	readonly failure:
		| {readonly step: StepId; readonly message: string; readonly hint?: string; readonly exitCode: number; readonly log?: string; readonly tail: readonly string[]}
		| undefined;
};

export type ReleaseAction =
	| {readonly type: 'step-started'; readonly step: StepId; readonly title: string; readonly at: string; readonly log?: string}
	| {readonly type: 'step-finished'; readonly step: StepId; readonly at: string; readonly message?: string}
	| {
			readonly type: 'step-failed';
			readonly step: StepId;
			readonly at: string;
			readonly message: string;
			readonly hint?: string;
			readonly exitCode: number;
			readonly tail: readonly string[];
	  }
	| {readonly type: 'step-skipped'; readonly step: StepId; readonly title: string; readonly reason: string}
	| {readonly type: 'step-reset'; readonly step: StepId}
	| {readonly type: 'warning-raised'; readonly step: StepId; readonly message: string}
	| {readonly type: 'version-files-planned'; readonly files: readonly string[]}
	| {readonly type: 'version-committed'; readonly commit: string}
	| {readonly type: 'package-build-started'; readonly name: string}
	| {readonly type: 'package-built'; readonly name: string; readonly files: readonly BuiltFile[]; readonly builtFrom: string; readonly durationMs: number}
	| {readonly type: 'package-build-failed'; readonly name: string}
	| {readonly type: 'toggles-applied'; readonly toggles: readonly AppliedToggle[]}
	| {readonly type: 'toggles-restored'}
	| {readonly type: 'findings-reported'; readonly findings: readonly Finding[]}
	/** Steps of the release's step list that the record lacks (an older record resumed by a newer wizard). */
	| {readonly type: 'steps-added'; readonly steps: ReadonlyArray<{readonly id: StepId; readonly title: string}>}
	| {readonly type: 'targets-chosen'; readonly targets: ReleaseRecord['targets']}
	| {readonly type: 'file-upload-started'; readonly name: string; readonly role: IndexRole; readonly file: string}
	/** Also for a file the index already had with the same sha256. */
	| {readonly type: 'file-uploaded'; readonly name: string; readonly role: IndexRole; readonly file: string}
	| {readonly type: 'file-visible'; readonly name: string; readonly role: IndexRole; readonly file: string}
	| {readonly type: 'install-checked'; readonly name: string; readonly status: 'passed' | 'failed'; readonly durationMs: number}
	| {readonly type: 'tag-created'; readonly name: string; readonly commit: string}
	| {readonly type: 'tag-pushed'}
	/** `commit` undefined: the branch exists, nothing committed yet (status pending). */
	| {readonly type: 'downstream-updated'; readonly path: string; readonly branch: string; readonly commit: string | undefined}
	| {readonly type: 'release-interrupted'}
	| {readonly type: 'release-ready'};

/** Not part of the record: output and progress, for the front ends only. */
export type ReleaseNotice =
	| {readonly type: 'step-output'; readonly step: StepId; readonly package?: string; readonly line: string}
	| {readonly type: 'step-progress'; readonly step: StepId; readonly message: string}
	/** A block to show as it is (a diff). */
	| {readonly type: 'step-text'; readonly step: StepId; readonly text: string}
	| {
			readonly type: 'upload-progress';
			readonly step: StepId;
			readonly role: IndexRole;
			/** Normalised name. */
			readonly package: string;
			readonly file: string;
			/** skipped: the index already had it with the same sha256. */
			readonly phase: 'started' | 'finished' | 'skipped';
			readonly bytes: number;
			readonly durationMs?: number;
	  }
	| {readonly type: 'wait-started'; readonly step: StepId; readonly role: IndexRole; readonly batch: number; readonly files: readonly string[]; readonly since: string}
	| {
			readonly type: 'wait-polled';
			readonly step: StepId;
			readonly role: IndexRole;
			readonly batch: number;
			readonly since: string;
			readonly polledAt: string;
			readonly nextPollAt: string;
			readonly missing: readonly string[];
			readonly visible: readonly string[];
	  }
	| {readonly type: 'wait-finished'; readonly step: StepId; readonly role: IndexRole; readonly batch: number; readonly elapsedMs: number}
	| {readonly type: 'install-check-progress'; readonly step: StepId; readonly package: string; readonly phase: 'started' | 'finished'; readonly durationMs?: number; readonly ok?: boolean}
	| {readonly type: 'question-asked'; readonly step: StepId; readonly question: Question}
	/** `answer` is left out for a secret question. */
	| {readonly type: 'question-answered'; readonly step: StepId; readonly questionId: string; readonly answer?: string; readonly by: 'person' | 'ci'};

/** A notice as a step publishes it (`io.notify`): the engine fills in `step`. */
export type StepNotice = ReleaseNotice extends infer Notice ? (Notice extends {step: StepId} ? Omit<Notice, 'step'> : never) : never;

export type ReleaseEvent = ReleaseAction | ReleaseNotice;

import type {Finding} from '../inspect/finding.js';
import type {AppliedToggle} from '../build-toggles.js';

/** The steps of the local checklist, in order. Their ids are what `--skip` takes. */
export const stepIds = ['preflight', 'version', 'tests', 'build', 'check', 'inspect'] as const;
export type StepId = (typeof stepIds)[number];

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
};

export type {Finding, FindingKind} from '../inspect/finding.js';

export type ReleaseStatus = 'running' | 'failed' | 'interrupted' | 'ready';

/** The saved release of one repository root. Holds no secret. Validated on load: state/record-schema.ts. */
export type ReleaseRecord = {
	readonly schema: 2;
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
	readonly steps: Readonly<Record<StepId, StepRecord>>;
	readonly skips: ReadonlyArray<{readonly step: StepId; readonly reason: string}>;
	/** Files the version step writes (relative paths): the only changes a resume tolerates. */
	readonly versionFiles: readonly string[];
	readonly commit: string | undefined;
	readonly toggles: readonly AppliedToggle[];
	readonly findings: readonly Finding[];
	readonly warnings: readonly string[];
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
	| {readonly type: 'release-interrupted'}
	| {readonly type: 'release-ready'};

/** Not part of the record: output and progress, for the front ends only. */
export type ReleaseNotice =
	| {readonly type: 'step-output'; readonly step: StepId; readonly package?: string; readonly line: string}
	| {readonly type: 'step-progress'; readonly step: StepId; readonly message: string}
	/** A block to show as it is (a diff). */
	| {readonly type: 'step-text'; readonly step: StepId; readonly text: string};

export type ReleaseEvent = ReleaseAction | ReleaseNotice;

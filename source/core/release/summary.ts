import {indexUrlsFor, projectPageUrl, simplePageUrl} from '../index/index-urls.js';
import {normalizeName} from '../names.js';
import {describeTarget} from './target-text.js';
import type {DownstreamRecord, IndexRole, ReleaseRecord, StepStatus, TagRecord, TargetRecord, UploadState} from './types.js';

/** PyPI refuses new files for a release older than this. */
export const uploadWindowDays = 14;
/** The same window in milliseconds. */
export const newFilesWindowMs = uploadWindowDays * 24 * 60 * 60 * 1000;

export type SummaryIndex = {
	readonly role: IndexRole;
	readonly display: string;
	/** The release's page for people; undefined when the index has none. */
	readonly projectPage: string | undefined;
	readonly simplePage: string;
};

export type SummaryFile = {
	readonly name: string;
	readonly size: number | undefined;
	/** By role, for the roles the release uploads to. */
	readonly states: Partial<Record<IndexRole, UploadState>>;
};

export type SummaryPackage = {
	readonly name: string;
	readonly previousVersion: string;
	readonly version: string;
	readonly indexes: readonly SummaryIndex[];
	/** The built files; for a release not built yet (a dry run), the names the build will give. */
	readonly files: readonly SummaryFile[];
	readonly built: boolean;
};

export type SummaryStep = {
	readonly id: string;
	readonly title: string;
	readonly status: StepStatus;
	readonly durationMs: number | undefined;
	readonly message: string | undefined;
};

/** The end of a release as data: the plain reporter prints it, the Ink app renders it. */
export type ReleaseSummary = {
	readonly target: string;
	readonly dryRun: boolean;
	readonly packages: readonly SummaryPackage[];
	readonly steps: readonly SummaryStep[];
	readonly skipped: ReadonlyArray<{readonly step: string; readonly title: string; readonly reason: string}>;
	readonly warnings: readonly string[];
	readonly tag: TagRecord | undefined;
	readonly downstream: readonly DownstreamRecord[];
	/** Files still to upload to production (none for a local-only release or a skipped production upload). */
	readonly stillToUpload: number;
	/**
	 * When production holds some files of the release and `stillToUpload` > 0: the time after
	 * which PyPI refuses the rest (ISO), counted from the record's start, which is never later
	 * than the first upload.
	 */
	readonly finishBy: string | undefined;
};

/** Everything the end-of-release block shows, from the record alone. */
export function releaseSummary(record: ReleaseRecord): ReleaseSummary {
	const productionSkipped = record.steps['upload-production']?.status === 'skipped';
	// A production upload that was skipped (--stop-after test, not confirmed) has nothing to show.
	const roles = (['test', 'production'] as const).filter(role => record.targets[role] !== undefined && !(role === 'production' && productionSkipped));
	const packages = record.batches
		.flat()
		.map(name => record.packages[name])
		.filter(release => release !== undefined)
		.map((release): SummaryPackage => {
			const built = release.files.length > 0;
			const files: SummaryFile[] = built
				? release.files.map(file => ({name: file.name, size: file.size, states: Object.fromEntries(roles.map(role => [role, release.uploads[role][file.name] ?? 'pending']))}))
				: expectedFiles(release.name, release.version).map(name => ({name, size: undefined, states: Object.fromEntries(roles.map(role => [role, 'pending' as const]))}));
			return {
				name: release.name,
				previousVersion: release.previousVersion,
				version: release.version,
				indexes: roles.map(role => indexLinks(role, record.targets[role]!, release.name, release.version)),
				files,
				built,
			};
		});
	const stillToUpload =
		record.targets.production === undefined || productionSkipped ? 0 : packages.reduce((sum, release) => sum + release.files.filter(file => !['uploaded', 'visible'].includes(file.states.production ?? 'pending')).length, 0);
	return {
		target: describeTarget(record),
		dryRun: record.dryRun,
		packages,
		steps: Object.entries(record.steps).map(([id, step]) => ({id, title: step.title ?? id, status: step.status, durationMs: step.durationMs, message: step.message})),
		skipped: record.skips.map(skip => ({step: skip.step, title: record.steps[skip.step]?.title ?? skip.step, reason: skip.reason})),
		warnings: record.warnings,
		tag: record.tag,
		downstream: record.downstream,
		stillToUpload,
		// PyPI's clock starts with the release's first file there: until then there is no deadline.
		finishBy: stillToUpload > 0 && !record.dryRun && startedOnProduction(packages) ? finishBy(record.createdAt) : undefined,
	};
}

function startedOnProduction(packages: readonly SummaryPackage[]): boolean {
	return packages.some(release => release.files.some(file => (file.states.production ?? 'pending') !== 'pending'));
}

/** The time after which PyPI refuses more files for a release started at `createdAt`. */
export function finishBy(createdAt: string): string {
	return new Date(Date.parse(createdAt) + newFilesWindowMs).toISOString();
}

function indexLinks(role: IndexRole, target: TargetRecord, name: string, version: string): SummaryIndex {
	let projectPage: string | undefined;
	try {
		projectPage = projectPageUrl(indexUrlsFor(target.uploadUrl, {simpleBase: target.simpleBase, jsonBase: target.jsonBase, displayName: target.display}), name, version);
	} catch {
		// An upload URL whose pages cannot be derived: the simple page is still known.
	}

	return {role, display: target.display, projectPage, simplePage: simplePageUrl(target.simpleBase, name)};
}

/** The names a build gives (PEP 625 sdist, PEP 427 wheel), the wheel's tags unknown until built. */
function expectedFiles(name: string, version: string): string[] {
	const stem = `${normalizeName(name).replaceAll('-', '_')}-${version}`;
	return [`${stem}.tar.gz`, `${stem}-*.whl`];
}

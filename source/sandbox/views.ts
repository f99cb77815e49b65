import {compareVersions} from '../core/version/pep440.js';
import type {FileRecord, IndexRecords, ProjectRecord, ReleaseRecord} from './records.js';

// What the read APIs show at a given instant: files held back by `--delay` are left out, as a
// CDN that has not been purged yet would leave them out.

export type ProjectView = {
	readonly project: ProjectRecord;
	/** Visible files, sorted by version then file name, as warehouse sorts them. */
	readonly files: readonly FileRecord[];
	/** Releases that have a visible file, or no file at all; oldest version first. */
	readonly releases: readonly ReleaseRecord[];
	readonly serial: number;
};

export function isVisible(file: FileRecord, now: number): boolean {
	return file.visibleAfter <= now;
}

export function projectView(records: IndexRecords, normalized: string, now: number): ProjectView | undefined {
	const project = records.projects[normalized];
	if (project === undefined) {
		return undefined;
	}

	const all = records.files.filter(file => file.project === normalized);
	const files = all.filter(file => isVisible(file, now));
	if (all.length > 0 && files.length === 0) {
		return undefined;
	}

	files.sort((left, right) => compareVersions(left.version, right.version) || (left.filename < right.filename ? -1 : left.filename > right.filename ? 1 : 0));
	const releases = records.releases
		.filter(release => release.project === normalized)
		.filter(release => {
			const held = all.filter(file => file.version === release.version);
			return held.length === 0 || held.some(file => isVisible(file, now));
		})
		.sort((left, right) => compareVersions(left.version, right.version));
	const serial = Math.max(project.serial ?? 0, ...files.map(file => file.serial), ...releases.map(release => release.serial));
	return {project, files, releases, serial};
}

export function visibleProjects(records: IndexRecords, now: number): ProjectView[] {
	return Object.keys(records.projects)
		.sort()
		.map(name => projectView(records, name, now))
		.filter((view): view is ProjectView => view !== undefined);
}

export function releaseOf(view: ProjectView, file: FileRecord): ReleaseRecord | undefined {
	return view.releases.find(release => release.version === file.version);
}

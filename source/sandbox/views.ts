import {compareVersions} from '../core/version/pep440.js';
import type {FileRecord, IndexRecords, ProjectRecord, StoredRelease} from './records.js';

// What the read APIs show at a given instant: files held back by `--delay` are left out, as a
// CDN that has not been purged yet would leave them out.

export type ProjectView = {
	readonly project: ProjectRecord;
	/** Visible files, sorted by version then file name, as warehouse sorts them. */
	readonly files: readonly FileRecord[];
	/** Releases that have a visible file, or no file at all; oldest version first. */
	readonly releases: readonly StoredRelease[];
	readonly serial: number;
};

/** One project's share of the records. */
type ProjectHoldings = {
	readonly files: readonly FileRecord[];
	readonly releases: readonly StoredRelease[];
};

/** The records grouped by project, so a page costs its own project, not the whole index. */
type RecordsByProject = {
	readonly names: readonly string[];
	readonly holdings: ReadonlyMap<string, ProjectHoldings>;
};

// Records are replaced, never changed, on every write: a grouping is valid as long as its records.
const groupings = new WeakMap<IndexRecords, RecordsByProject>();

function byProject(records: IndexRecords): RecordsByProject {
	let grouping = groupings.get(records);
	if (grouping === undefined) {
		const holdings = new Map<string, {files: FileRecord[]; releases: StoredRelease[]}>();
		const holdingsOf = (project: string): {files: FileRecord[]; releases: StoredRelease[]} => {
			let found = holdings.get(project);
			if (found === undefined) {
				found = {files: [], releases: []};
				holdings.set(project, found);
			}

			return found;
		};

		for (const file of records.files) {
			holdingsOf(file.project).files.push(file);
		}

		for (const release of records.releases) {
			holdingsOf(release.project).releases.push(release);
		}

		grouping = {names: Object.keys(records.projects).sort(), holdings};
		groupings.set(records, grouping);
	}

	return grouping;
}

const nothing: ProjectHoldings = {files: [], releases: []};

export function isVisible(file: FileRecord, now: number): boolean {
	return file.visibleAfter <= now;
}

export function projectView(records: IndexRecords, normalized: string, now: number): ProjectView | undefined {
	const project = records.projects[normalized];
	if (project === undefined) {
		return undefined;
	}

	const {files: all, releases: held} = byProject(records).holdings.get(normalized) ?? nothing;
	const files = all.filter(file => isVisible(file, now));
	if (all.length > 0 && files.length === 0) {
		return undefined;
	}

	files.sort((left, right) => compareVersions(left.version, right.version) || (left.filename < right.filename ? -1 : left.filename > right.filename ? 1 : 0));
	const releases = held
		.filter(release => {
			const ofRelease = all.filter(file => file.version === release.version);
			return ofRelease.length === 0 || ofRelease.some(file => isVisible(file, now));
		})
		.sort((left, right) => compareVersions(left.version, right.version));
	const serial = Math.max(project.serial ?? 0, ...files.map(file => file.serial), ...releases.map(release => release.serial));
	return {project, files, releases, serial};
}

/** A line of the simple API's root: a project that shows, and its last serial. */
export type ListedProject = {
	readonly project: ProjectRecord;
	readonly serial: number;
};

export type ProjectListing = {
	readonly projects: readonly ListedProject[];
	/** The index's last serial, as far as what shows goes. */
	readonly serial: number;
	/** When a held-back file (`--delay`) next comes into view and changes this listing; Infinity for never. */
	readonly validUntil: number;
};

/** Every project that shows at `now`, by normalised name; linear in the size of the index. */
export function listedProjects(records: IndexRecords, now: number): ProjectListing {
	const {names, holdings} = byProject(records);
	const projects: ListedProject[] = [];
	let lastSerial = 0;
	let validUntil = Number.POSITIVE_INFINITY;
	for (const name of names) {
		const project = records.projects[name]!;
		const {files, releases} = holdings.get(name) ?? nothing;
		let serial = project.serial ?? 0;
		let shown = false;
		let held = false;
		for (const file of files) {
			if (isVisible(file, now)) {
				serial = Math.max(serial, file.serial);
				shown = true;
			} else {
				held = true;
				validUntil = Math.min(validUntil, file.visibleAfter);
			}
		}

		if (files.length > 0 && !shown) {
			continue;
		}

		// As in projectView: a release whose every file is held back does not show yet.
		const heldVersions = held ? versionsHeldBack(files, now) : undefined;
		for (const release of releases) {
			if (heldVersions === undefined || !heldVersions.has(release.version)) {
				serial = Math.max(serial, release.serial);
			}
		}

		projects.push({project, serial});
		lastSerial = Math.max(lastSerial, serial);
	}

	return {projects, serial: lastSerial, validUntil};
}

/** Versions whose every file is still held back (`--delay`). */
function versionsHeldBack(files: readonly FileRecord[], now: number): Set<string> {
	const hidden = new Set(files.filter(file => !isVisible(file, now)).map(file => file.version));
	for (const file of files) {
		if (isVisible(file, now)) {
			hidden.delete(file.version);
		}
	}

	return hidden;
}

export function releaseOf(view: ProjectView, file: FileRecord): StoredRelease | undefined {
	return view.releases.find(release => release.version === file.version);
}

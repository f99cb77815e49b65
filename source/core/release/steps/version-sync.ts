import {existsSync, readdirSync, readFileSync} from 'node:fs';
import {readFile} from 'node:fs/promises';
import path from 'node:path';
import {describeUnusablePath, resolveRepositoryPath} from '../../config/repository-path.js';
import {ConfigError, StepFailedError} from '../../errors.js';
import {commitFiles} from '../../git/commit.js';
import {dirtyFiles, recentSubjects} from '../../git/status.js';
import type {VersionLocation} from '../../version/types.js';
import {unifiedDiff} from '../../version/diff.js';
import {applyLineEdits, EditMismatchError, type LineEdit} from '../../version/edit.js';
import {compareVersions, isValidVersion} from '../../version/pep440.js';
import {rewritePins, type PinBump} from '../../version/pins.js';
import type {ReleaseContext} from '../context.js';
import type {Step} from '../engine.js';
import type {Question} from '../questions.js';
import {explainCommandError} from '../step-failure.js';
import {writeFileAtomic} from '../../atomic-write.js';
import {describeTarget} from '../target-text.js';

export type FileChange = {readonly file: string; readonly before: string; readonly after: string};

/**
 * Writes the new versions into every version location and every sibling pin, then commits.
 * It works from what the files hold now, so a resumed run finds its own edits done and never
 * bumps twice; a dry run shows the diff and writes nothing.
 */
export const versionSyncStep: Step<ReleaseContext> = {
	id: 'version',
	title: 'Version sync',
	skip: () => undefined,
	async run(context, io) {
		const changes = await plannedChanges(context);
		const diff = changes.map(change => unifiedDiff(change.file, change.before, change.after)).join('');
		if (diff !== '') {
			io.show(diff);
		}

		const warnings = changelogWarnings(context);
		for (const warning of warnings) {
			io.warn(warning);
		}

		const record = context.record();
		if (context.options.dryRun) {
			return `dry run: ${changes.length} file(s) would change, nothing written`;
		}

		if (changes.length > 0 && (await io.ask(commitQuestion(context, changes, diff, warnings))) === 'no') {
			throw new StepFailedError('version', 'Stopped before the version change: nothing was written or committed.', {
				hint: 'Run the wizard again to review the change once more, or start over with another version.',
			});
		}

		io.dispatch({type: 'version-files-planned', files: [...new Set([...record.versionFiles, ...changes.map(change => change.file)])]});
		for (const change of changes) {
			await writeFileAtomic(path.join(context.root, change.file), change.after);
		}

		const run = io.exec.bind(io);
		const planned = context.record().versionFiles;
		const pending = (await dirtyFiles(context.root, run)).filter(file => planned.includes(file));
		const message = commitMessage(context);
		if (pending.length > 0) {
			try {
				const commit = await commitFiles(context.root, pending, message, run);
				io.dispatch({type: 'version-committed', commit});
				return `${changes.length} file(s) changed, committed "${message}"`;
			} catch (error: unknown) {
				throw explainCommandError('version', error, 'Committing the version change failed', 'Fix the cause (a git hook, user.name/user.email), then resume with the command below.');
			}
		}

		// Nothing left to write or commit: an earlier run did both, or the bump keeps the version.
		const earlier = (await recentSubjects(context.root, run)).find(entry => entry.subject === message);
		if (earlier !== undefined) {
			io.dispatch({type: 'version-committed', commit: earlier.commit});
			return `already committed: "${message}" (${earlier.commit.slice(0, 12)})`;
		}

		return 'the files already hold the version: nothing to commit';
	},
};

/** Every file edit the release needs, computed from the files as they are now. */
export async function plannedChanges(context: ReleaseContext): Promise<FileChange[]> {
	const {plan} = context;
	const record = context.record();
	const released = Object.values(record.packages);
	const locations: Array<{location: VersionLocation; previous: string; next: string}> = [];
	for (const release of released) {
		const found = plan.packages.find(candidate => candidate.normalizedName === release.normalizedName);
		for (const location of found?.versionLocations ?? []) {
			locations.push({location, previous: release.previousVersion, next: release.version});
		}
	}

	if (record.versioning === 'synchronized' && record.version !== undefined) {
		const previous = released[0]?.previousVersion ?? record.version;
		for (const location of plan.sharedVersionLocations) {
			locations.push({location, previous, next: record.version});
		}
	}

	const editsByFile = new Map<string, LineEdit[]>();
	for (const {location, previous, next} of locations) {
		if (location.version === next) {
			continue;
		}

		if (!sameVersion(location.version, previous)) {
			throw new ConfigError(location.file, `line ${location.line} holds version ${location.version}, but the release goes from ${previous} to ${next}.`, {
				hint: `Make ${location.file}:${location.line} hold ${previous} (as the other places do), commit, and run again.`,
			});
		}

		const edits = editsByFile.get(location.file) ?? [];
		if (!edits.some(edit => edit.line === location.line && edit.column === location.column)) {
			edits.push({line: location.line, column: location.column, from: location.version, to: next});
		}

		editsByFile.set(location.file, edits);
	}

	const bumps: PinBump[] = released.filter(release => release.previousVersion !== release.version).map(release => ({name: release.normalizedName, from: release.previousVersion, to: release.version}));
	const bumped = new Set(bumps.map(bump => bump.name));
	const pinFiles = new Set(plan.packages.flatMap(candidate => candidate.siblingRequirements.filter(requirement => bumped.has(requirement.name)).map(requirement => requirement.file)));

	// A symlink and its target are one file: edits are grouped by the file really written.
	const targets = new Map<string, {edits: LineEdit[]; pins: boolean}>();
	for (const listed of new Set([...editsByFile.keys(), ...pinFiles])) {
		const file = await editablePath(context.root, listed);
		const target = targets.get(file) ?? {edits: [], pins: false};
		const edits = (editsByFile.get(listed) ?? []).filter(edit => !target.edits.some(other => other.line === edit.line && other.column === edit.column));
		targets.set(file, {edits: [...target.edits, ...edits], pins: target.pins || pinFiles.has(listed)});
	}

	const changes: FileChange[] = [];
	for (const [file, target] of [...targets].sort(([a], [b]) => a.localeCompare(b))) {
		const before = await readFile(path.join(context.root, file), 'utf8');
		let after = before;
		try {
			after = applyLineEdits(before, target.edits);
		} catch (error: unknown) {
			if (error instanceof EditMismatchError) {
				throw new ConfigError(file, `${error.message}: it changed while the release was being prepared.`, {hint: 'Resume with the command below.'});
			}

			throw error;
		}

		if (target.pins) {
			after = rewritePins(after, bumps).text;
		}

		if (after !== before) {
			changes.push({file, before, after});
		}
	}

	return changes;
}

/**
 * The file to write for a listed one: a symlink inside the repository is written through its
 * target (the file git sees change), never replaced by a regular file; one leading out is refused.
 */
async function editablePath(root: string, file: string): Promise<string> {
	const resolved = await resolveRepositoryPath(root, file);
	if (resolved.kind !== 'inside') {
		throw new ConfigError(file, `the release would write this version file, but ${describeUnusablePath(file, resolved)}.`, {
			hint: 'Version files must be files of this repository. Replace the symlink with the file, or leave the file out of the release.',
		});
	}

	return resolved.relative;
}

function sameVersion(written: string, version: string): boolean {
	return written === version || (isValidVersion(written) && isValidVersion(version) && compareVersions(written, version) === 0);
}

export function commitMessage(context: ReleaseContext): string {
	return context.config.commitMessage.replaceAll('{version}', describeTarget(context.record()));
}

const changelogNames = /^(changelog|changes|history|news|release[-_]?notes)(\.(md|rst|txt|markdown))?$/i;

/** A warning for each changelog (root, or a released package's folder) without a heading for its new version. */
function changelogWarnings(context: ReleaseContext): string[] {
	const record = context.record();
	const warnings: string[] = [];
	const folders = new Map<string, string>();
	for (const release of Object.values(record.packages)) {
		folders.set(release.path, release.version);
	}

	if (record.version !== undefined) {
		folders.set('.', record.version);
	}

	for (const [folder, version] of folders) {
		const absolute = path.join(context.root, folder);
		if (!existsSync(absolute)) {
			continue;
		}

		for (const name of readdirSync(absolute).filter(entry => changelogNames.test(entry))) {
			const file = path.posix.join(folder, name);
			if (!hasHeadingFor(readFileSync(path.join(absolute, name), 'utf8'), version)) {
				warnings.push(`${file} has no heading for ${version}: add the release notes before publishing.`);
			}
		}
	}

	return warnings;
}

function hasHeadingFor(text: string, version: string): boolean {
	const lines = text.split(/\r?\n/);
	const escaped = version.replaceAll('.', String.raw`\.`);
	const mentions = new RegExp(String.raw`(^|[^\w.])v?${escaped}([^\w.]|$)`);
	return lines.some((line, index) => {
		if (!mentions.test(line)) {
			return false;
		}

		const underline = lines[index + 1] ?? '';
		return /^\s*#+\s/.test(line) || /^\s*\*\*/.test(line) || (underline.length > 0 && /^([=\-~^*+#])\1+\s*$/.test(underline));
	});
}

/** The changes screen: the edits as a diff, then the warnings; yes writes and commits them. */
function commitQuestion(context: ReleaseContext, changes: readonly FileChange[], diff: string, warnings: readonly string[]): Question {
	const message = commitMessage(context);
	return {
		kind: 'confirm',
		id: 'confirm-version-commit',
		message: `Write ${changes.length === 1 ? 'this change (1 file)' : `these changes (${changes.length} files)`} and commit ${changes.length === 1 ? 'it' : 'them'} as "${message}"?`,
		detail: [...diff.replace(/\n$/, '').split('\n'), ...warnings.map(warning => `warning: ${warning}`)],
		default: true,
		ci: {answer: 'yes', because: 'wizard --ci commits the version change it computed'},
	};
}

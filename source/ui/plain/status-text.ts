import {describeTarget} from '../../core/release/target-text.js';
import type {ReleaseRecord} from '../../core/release/types.js';
import type {LockOwner} from '../../core/state/release-lock.js';
import {releaseSummary} from '../../core/release/summary.js';
import {builtFilesText, formatDuration} from './format.js';
import {deadlineLines} from './summary-text.js';

function statusWords(status: ReleaseRecord['status'], resume: string, runningNow: LockOwner | undefined, published: 'production' | 'test' | 'nothing'): string {
	switch (status) {
		case 'running': {
			return runningNow === undefined
				? `stopped without a chance to save (no run holds it now): resume with ${resume}`
				: `running now: process ${runningNow.pid}, \`${runningNow.command}\`, since ${runningNow.startedAt}`;
		}

		case 'failed':
		case 'interrupted': {
			return `${status}: resume with ${resume}`;
		}

		case 'ready': {
			return {production: 'ready: released', test: 'ready: on the test index (production was not part of this run)', nothing: 'ready: built and inspected, nothing uploaded'}[published];
		}
	}
}

/**
 * The saved record as `wizard status` prints it; `resume` is the command that continues it,
 * `runningNow` the live run holding the repository's lock, if any.
 */
export function statusText(record: ReleaseRecord, file: string, resume: string, runningNow?: LockOwner): string {
	const lines = [
		`Release of ${describeTarget(record)} in ${record.root}`,
		`  status: ${statusWords(record.status, resume, runningNow, publishedTo(record))}`,
		`  started ${record.createdAt}, last change ${record.updatedAt}, --bump ${record.bump.join(',')}`,
	];
	if (record.commit !== undefined) {
		lines.push(`  version commit: ${record.commit}`);
	}

	lines.push('Steps:');
	// The record holds the steps in the order of the release's step list.
	for (const [id, step] of Object.entries(record.steps)) {
		const duration = step.durationMs === undefined ? '' : ` (${formatDuration(step.durationMs)})`;
		lines.push(`  ${step.status.padEnd(8)} ${step.title ?? id}${duration}${step.message === undefined ? '' : `: ${step.message.split('\n')[0]}`}`);
		if (step.status === 'failed' && step.log !== undefined) {
			lines.push(`           log: ${step.log}`);
		}
	}

	lines.push('Packages:');
	for (const [index, batch] of record.batches.entries()) {
		for (const name of batch) {
			const release = record.packages[name];
			if (release !== undefined) {
				lines.push(`  batch ${index + 1}  ${release.name} ${release.previousVersion} -> ${release.version}  ${release.status}`);
			}
		}
	}

	const files = builtFilesText(record);
	if (files.length > 0) {
		lines.push('Built files:', ...files);
	}

	lines.push(...publishingText(record));

	if (record.findings.length > 0) {
		lines.push('Findings:', ...record.findings.map(finding => `  ${finding.archive}: ${finding.message}`));
	}

	if (record.skips.length > 0) {
		lines.push('Skipped:', ...record.skips.map(skip => `  ${skip.step}: ${skip.reason}`));
	}

	if (record.warnings.length > 0) {
		lines.push('Warnings:', ...record.warnings.map(warning => `  ${warning}`));
	}

	lines.push(`Record: ${file}`);
	return lines.join('\n');
}

/** Every built file is on the production index. */
/** The furthest index every built file reached. */
function publishedTo(record: ReleaseRecord): 'production' | 'test' | 'nothing' {
	const releases = Object.values(record.packages);
	const everyFileOn = (role: 'test' | 'production') =>
		record.targets[role] !== undefined &&
		releases.some(release => release.files.length > 0) &&
		releases.every(release => release.files.every(file => ['uploaded', 'visible'].includes(release.uploads[role][file.name] ?? 'pending')));
	return everyFileOn('production') ? 'production' : everyFileOn('test') ? 'test' : 'nothing';
}

/** Where each file is on each index, the tag and the downstream branches: nothing for a local-only release. */
function publishingText(record: ReleaseRecord): string[] {
	const summary = releaseSummary(record);
	// The same indexes as the summary: a skipped production upload has nothing to list.
	const roles = (['test', 'production'] as const).filter(role => summary.packages.some(release => release.indexes.some(index => index.role === role)));
	const lines: string[] = [];
	if (roles.length > 0) {
		lines.push(`Uploads (${roles.map(role => `${role}: ${record.targets[role]!.display}`).join(', ')}):`);
		for (const release of Object.values(record.packages)) {
			for (const file of release.files) {
				lines.push(`  ${file.name}  ${roles.map(role => `${role} ${release.uploads[role][file.name] ?? 'pending'}`).join('  ')}`);
			}
		}

		lines.push('Index pages:');
		for (const release of summary.packages) {
			for (const index of release.indexes) {
				lines.push(`  ${release.name} ${release.version} on ${index.role}: ${index.projectPage === undefined ? '' : `${index.projectPage}  `}simple: ${index.simplePage}`);
			}
		}
	}

	if (record.tag !== undefined) {
		lines.push(`Tag: ${record.tag.name} on ${record.tag.commit.slice(0, 12)}, ${record.tag.pushed ? 'pushed' : 'not pushed yet'}`);
	}

	if (record.downstream.length > 0) {
		lines.push('Downstream:', ...record.downstream.map(downstream => `  ${downstream.path}: ${downstream.branch}${downstream.commit === undefined ? ', nothing committed yet' : ` at ${downstream.commit.slice(0, 12)}`}`));
	}

	lines.push(...deadlineLines(summary));
	return lines;
}

/** A record that cannot be read, as `wizard status` reports it. */
export function damagedStatusText(root: string, file: string, problem: string): string {
	return [
		`The saved release record of ${root} is damaged: ${problem}.`,
		`  file: ${file}`,
		`  Start over with: wizard --ci --restart --bump PART ${root} (the commits and built files stay as they are).`,
	].join('\n');
}

import type {ReleaseSummary, SummaryPackage} from '../../core/release/summary.js';
import type {ReleaseRecord} from '../../core/release/types.js';
import {builtFilesText, formatDuration} from './format.js';

/** The end-of-release block of the plain reporter (`--ci`), from the summary data. */
export function summaryText(summary: ReleaseSummary, record: ReleaseRecord): string[] {
	const count = summary.packages.length;
	const published = summary.packages.some(release => release.indexes.length > 0);
	if (summary.dryRun) {
		return ['', `Dry run finished: ${count} package(s) would be released at ${summary.target}. Nothing was written.`, ...dryRunAccount(summary, record), ...commonTail(summary)];
	}

	const lines = published
		? ['', `Ready: ${count} package(s) at ${summary.target}${rehearsalOnly(record) ? ' on the test index; production was not part of this run' : ''}.`, ...packageLines(summary.packages), ...publishedTail(summary)]
		: ['', `Ready: ${count} package(s) at ${summary.target}, built and inspected. Nothing was uploaded (no index was given for this run).`, ...builtFilesText(record)];
	return [...lines, ...timeLines(summary), ...commonTail(summary)];
}

function rehearsalOnly(record: ReleaseRecord): boolean {
	return record.steps['upload-production']?.status === 'skipped';
}

/** Each package with its links per index, then each file's state per index. */
export function packageLines(packages: readonly SummaryPackage[]): string[] {
	const lines: string[] = [];
	for (const release of packages) {
		lines.push(`  ${release.name} ${release.previousVersion} -> ${release.version}`);
		for (const index of release.indexes) {
			lines.push(`    ${index.role} (${index.display}): ${index.projectPage === undefined ? '' : `${index.projectPage}  `}simple: ${index.simplePage}`);
		}

		for (const file of release.files) {
			const states = release.indexes.map(index => `${index.role} ${file.states[index.role] ?? 'pending'}`).join(', ');
			lines.push(`    ${file.name}${states === '' ? '' : `  ${states}`}`);
		}
	}

	return lines;
}

/** The tag and downstream branches, and the deadline when files are still to upload. */
export function publishedTail(summary: ReleaseSummary): string[] {
	const lines: string[] = [];
	if (summary.tag !== undefined) {
		lines.push(`Tag: ${summary.tag.name} on ${summary.tag.commit.slice(0, 12)}, ${summary.tag.pushed ? 'pushed' : 'not pushed'}`);
	}

	if (summary.downstream.length > 0) {
		lines.push(
			'Downstream branches (not pushed):',
			...summary.downstream.map(downstream => `  ${downstream.path}: ${downstream.branch}${downstream.commit === undefined ? ', nothing committed yet' : ` at ${downstream.commit.slice(0, 12)}`}`),
		);
	}

	lines.push(...deadlineLines(summary));
	return lines;
}

/** PyPI's 14-day window, when the release still has files to upload to production. */
export function deadlineLines(summary: ReleaseSummary): string[] {
	return summary.finishBy === undefined
		? []
		: [`Finish by ${summary.finishBy}: ${summary.stillToUpload} file(s) are still to upload to production, and PyPI refuses new files for a release older than 14 days.`];
}

function timeLines(summary: ReleaseSummary): string[] {
	const ran = summary.steps.filter(step => step.durationMs !== undefined);
	if (ran.length === 0) {
		return [];
	}

	const width = Math.max(...ran.map(step => step.title.length));
	return ['Time per step:', ...ran.map(step => `  ${step.title.padEnd(width)}  ${formatDuration(step.durationMs)}`)];
}

function commonTail(summary: ReleaseSummary): string[] {
	const lines: string[] = [];
	if (summary.skipped.length > 0) {
		lines.push('Skipped:', ...summary.skipped.map(skip => `  ${skip.step}: ${skip.reason}`));
	}

	if (summary.warnings.length > 0) {
		lines.push('Warnings:', ...summary.warnings.map(warning => `  ${warning}`));
	}

	return lines;
}

/**
 * What the publishing steps would do: the files per index (nothing is built in a dry run, so the
 * names the build gives), then the tag step's and the downstream step's own dry-run lines.
 */
function dryRunAccount(summary: ReleaseSummary, record: ReleaseRecord): string[] {
	const targets = (['test', 'production'] as const).filter(role => record.targets[role] !== undefined);
	if (targets.length === 0) {
		return ['No index was given for this run: nothing would be uploaded, tagged or pushed.'];
	}

	const lines = ['Would upload (nothing was sent):'];
	for (const role of targets) {
		const target = record.targets[role]!;
		lines.push(`  to ${role}: ${target.display} (${target.uploadUrl})`);
		for (const release of summary.packages) {
			lines.push(`    ${release.name} ${release.version}: ${release.files.map(file => file.name).join(', ')}`);
		}
	}

	for (const id of ['tag', 'downstream']) {
		const step = record.steps[id];
		const said = step?.message ?? record.skips.find(skip => skip.step === id)?.reason;
		if (step !== undefined && said !== undefined) {
			lines.push(`${step.title ?? id}: ${said.replace(/^\[dry run\] /, '')}`);
		}
	}

	return lines;
}

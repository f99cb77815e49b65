import {stepTitle} from '../../core/release/steps/local-steps.js';
import {stepIds, type ReleaseRecord} from '../../core/release/types.js';
import {describeTarget} from '../../core/release/start.js';
import {builtFilesText, formatDuration} from './format.js';

const statusWords: Record<ReleaseRecord['status'], string> = {
	running: 'in progress (or stopped without a chance to save: run wizard --ci to resume)',
	failed: 'failed: run wizard --ci to resume',
	interrupted: 'interrupted: run wizard --ci to resume',
	ready: 'ready: built and inspected, nothing uploaded',
};

/** The saved record as `wizard status` prints it. */
export function statusText(record: ReleaseRecord, file: string): string {
	const lines = [
		`Release of ${describeTarget(record)} in ${record.root}`,
		`  status: ${statusWords[record.status]}`,
		`  started ${record.createdAt}, last change ${record.updatedAt}, --bump ${record.bump.join(',')}`,
	];
	if (record.commit !== undefined) {
		lines.push(`  version commit: ${record.commit}`);
	}

	lines.push('Steps:');
	for (const id of stepIds) {
		const step = record.steps[id];
		const duration = step.durationMs === undefined ? '' : ` (${formatDuration(step.durationMs)})`;
		lines.push(`  ${step.status.padEnd(8)} ${stepTitle(id)}${duration}${step.message === undefined ? '' : `: ${step.message.split('\n')[0]}`}`);
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

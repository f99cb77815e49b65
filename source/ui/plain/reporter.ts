import type {ReleaseEvent, ReleaseRecord, StepId} from '../../core/release/types.js';
import {describeTarget} from '../../core/release/target-text.js';
import {builtFilesText, diffOutline, formatDuration} from './format.js';

type Output = {write(text: string): unknown};

export type PlainReporterOptions = {
	/** The exact command that continues this release, for the lines that say how to resume. */
	readonly resumeCommand: string;
};

/**
 * The `--ci` front end: one plain line per step and per package, no colour, no cursor movement,
 * so a CI log reads top to bottom. Command output goes to the step logs, whose paths are
 * printed; a failure shows the last lines. Failures go to `stderr`, everything else to `stdout`.
 */
export function createPlainReporter(stdout: Output, stderr: Output, options: PlainReporterOptions): (event: ReleaseEvent, record: ReleaseRecord) => void {
	const line = (text: string) => stdout.write(`${text}\n`);
	const title = (record: ReleaseRecord, step: StepId) => record.steps[step].title ?? step;
	return (event, record) => {
		switch (event.type) {
			case 'step-started': {
				line(`==> ${event.title}${event.log === undefined ? '' : ` (log: ${event.log})`}`);
				break;
			}

			case 'step-finished': {
				const step = record.steps[event.step];
				line(`  ok: ${title(record, event.step)} (${formatDuration(step.durationMs)})${event.message === undefined ? '' : `: ${event.message}`}`);
				break;
			}

			case 'step-skipped': {
				line(`==> ${event.title}: skipped: ${event.reason}`);
				break;
			}

			case 'step-failed': {
				const step = record.steps[event.step];
				const lines = [`  FAILED: ${title(record, event.step)} (${formatDuration(step.durationMs)})`, `✖ ${event.message}`];
				if (event.hint !== undefined) {
					lines.push(`  ${event.hint.replaceAll('\n', '\n  ')}`);
				}

				if (event.tail.length > 0) {
					lines.push(`  Last ${event.tail.length} lines of output:`, ...event.tail.map(text => `  | ${text}`));
				}

				if (step.log !== undefined) {
					lines.push(`  Full log: ${step.log}`);
				}

				lines.push(`  The release record is kept. Resume with: ${options.resumeCommand}`);
				stderr.write(`${lines.join('\n')}\n`);
				break;
			}

			case 'step-output': {
				// Command output and file lists are in the step's log; the terminal gets the outline.
				break;
			}

			case 'step-progress': {
				line(`  … ${event.message}`);
				break;
			}

			case 'step-text': {
				// A dry run exists to show the changes; a real run shows which files, the log has the diff.
				const text = record.dryRun ? event.text : diffOutline(event.text).join('\n');
				if (text !== '') {
					stdout.write(text.endsWith('\n') ? text : `${text}\n`);
				}

				break;
			}

			case 'warning-raised': {
				line(`  warning: ${event.message}`);
				break;
			}

			case 'version-files-planned': {
				break;
			}

			case 'version-committed': {
				line(`  committed ${event.commit.slice(0, 12)}`);
				break;
			}

			case 'package-build-started': {
				// The line comes when it is built: one line per package.
				break;
			}

			case 'package-built': {
				const release = record.packages[event.name];
				line(`  built ${release?.name ?? event.name} (${formatDuration(event.durationMs)}): ${event.files.map(file => file.name).join(', ')}`);
				break;
			}

			case 'package-build-failed': {
				line(`  build failed: ${record.packages[event.name]?.name ?? event.name}`);
				break;
			}

			case 'toggles-applied': {
				line(`  build toggles applied to ${event.toggles.map(toggle => toggle.path).join(', ')}`);
				break;
			}

			case 'toggles-restored': {
				line('  build toggles restored');
				break;
			}

			case 'findings-reported':
			case 'step-reset': {
				// The failure that follows names the findings; a reset shows when the step runs again.
				break;
			}

			case 'release-interrupted': {
				stderr.write(`✖ Interrupted: the running commands were stopped and the release record saved. Resume with: ${options.resumeCommand}\n`);
				break;
			}

			case 'release-ready': {
				const count = Object.keys(record.packages).length;
				const lines = record.dryRun
					? ['', `Dry run finished: ${count} package(s) would be released at ${describeTarget(record)}. Nothing was written.`]
					: [
							'',
							`Ready: ${count} package(s) at ${describeTarget(record)}, built and inspected. Nothing was uploaded (the upload steps are not part of this version).`,
							...builtFilesText(record),
						];
				if (record.skips.length > 0) {
					lines.push('Skipped:', ...record.skips.map(skip => `  ${skip.step}: ${skip.reason}`));
				}

				if (record.warnings.length > 0) {
					lines.push('Warnings:', ...record.warnings.map(warning => `  ${warning}`));
				}

				line(lines.join('\n'));
				break;
			}

			default: {
				// A new event type must be handled above: this fails to compile until it is.
				const unhandled: never = event;
				return unhandled;
			}
		}
	};
}

import {answerLabel, type Question} from '../../core/release/questions.js';
import type {IndexRole, ReleaseEvent, ReleaseRecord, StepId} from '../../core/release/types.js';
import {releaseSummary} from '../../core/release/summary.js';
import {diffOutline, formatDuration, formatSize} from './format.js';
import {deadlineLines, summaryText} from './summary-text.js';

/** A propagation wait prints at most one line per batch in this long. */
const waitLineInterval = 30_000;

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
	const title = (record: ReleaseRecord, step: StepId) => record.steps[step]?.title ?? step;
	const indexName = (record: ReleaseRecord, role: IndexRole) => record.targets[role]?.name ?? `the ${role} index`;
	const packageName = (record: ReleaseRecord, name: string) => record.packages[name]?.name ?? name;
	const asked = new Map<string, Question>();
	const lastWaitLine = new Map<string, number>();
	return (event, record) => {
		switch (event.type) {
			case 'step-started': {
				line(`==> ${event.title}${event.log === undefined ? '' : ` (log: ${event.log})`}`);
				break;
			}

			case 'step-finished': {
				const step = record.steps[event.step] ?? {status: 'done'};
				line(`  ok: ${title(record, event.step)} (${formatDuration(step.durationMs)})${event.message === undefined ? '' : `: ${event.message}`}`);
				break;
			}

			case 'step-skipped': {
				line(`==> ${event.title}: skipped: ${event.reason}`);
				break;
			}

			case 'step-failed': {
				const step = record.steps[event.step] ?? {status: 'failed'};
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

				lines.push(`  The release record is kept. Resume with: ${options.resumeCommand}`, ...deadlineLines(releaseSummary(record)).map(text => `  ${text}`));
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

			case 'steps-added': {
				// A repair of an older record: the new steps show as they run.
				break;
			}

			case 'targets-chosen': {
				const roles = (['test', 'production'] as const).filter(role => event.targets[role] !== undefined);
				line(`  uploading to ${roles.map(role => `${role}: ${event.targets[role]!.display}`).join(', ') || 'no index (local only)'}`);
				break;
			}

			case 'file-upload-started':
			case 'file-uploaded':
			case 'file-visible':
			case 'install-checked': {
				// Saved for resuming; the upload-progress, wait and install-check notices carry the lines.
				break;
			}

			case 'tag-created': {
				line(`  tagged ${event.name} at ${event.commit.slice(0, 12)}`);
				break;
			}

			case 'tag-pushed': {
				line(`  pushed ${record.tag?.name ?? 'the tag'}`);
				break;
			}

			case 'downstream-updated': {
				line(`  downstream ${event.path}: ${event.commit === undefined ? `branch ${event.branch} created` : `committed ${event.commit.slice(0, 12)} on ${event.branch}`}`);
				break;
			}

			case 'upload-progress': {
				const file = `${event.file} (${formatSize(event.bytes)})`;
				const where = indexName(record, event.role);
				line(
					event.phase === 'started'
						? `  uploading ${file} to ${where}`
						: event.phase === 'finished'
							? `  uploaded ${file} to ${where} in ${formatDuration(event.durationMs)}`
							: `  already on ${where}: ${file}, same sha256, not sent again`,
				);
				break;
			}

			case 'wait-started': {
				lastWaitLine.delete(`${event.role} ${event.batch}`);
				line(`  … waiting for batch ${event.batch + 1} to appear on ${indexName(record, event.role)}: ${event.files.length} file(s)`);
				break;
			}

			case 'wait-polled': {
				const key = `${event.role} ${event.batch}`;
				const polledAt = Date.parse(event.polledAt);
				const last = lastWaitLine.get(key);
				if (event.missing.length === 0 || (last !== undefined && polledAt - last < waitLineInterval)) {
					break;
				}

				lastWaitLine.set(key, polledAt);
				const total = event.missing.length + event.visible.length;
				const soFar = Math.round((polledAt - Date.parse(event.since)) / 1000);
				const next = Math.max(0, Math.round((Date.parse(event.nextPollAt) - polledAt) / 1000));
				line(
					`  … waiting for batch ${event.batch + 1} on ${indexName(record, event.role)}: ${event.missing.length} of ${total} files missing (${event.missing.join(', ')}), ${soFar}s so far, next check in ${next}s`,
				);
				break;
			}

			case 'wait-finished': {
				line(`  batch ${event.batch + 1} is visible on ${indexName(record, event.role)} (after ${formatDuration(event.elapsedMs)})`);
				break;
			}

			case 'install-check-progress': {
				if (event.phase === 'started') {
					line(`  install check of ${packageName(record, event.package)}`);
				} else {
					line(`  install check of ${packageName(record, event.package)}: ${event.ok === false ? 'FAILED' : 'ok'} (${formatDuration(event.durationMs)})`);
				}

				break;
			}

			case 'question-asked': {
				// The answer's line names the question.
				asked.set(event.question.id, event.question);
				break;
			}

			case 'question-answered': {
				// --ci's answerer prints its own answers, with the reason.
				const question = asked.get(event.questionId);
				if (event.by === 'person' && question !== undefined) {
					line(`  answer: ${question.message} -> ${event.answer === undefined ? '(hidden)' : answerLabel(question, event.answer)}`);
				}

				break;
			}

			case 'release-interrupted': {
				stderr.write(
					[`✖ Interrupted: the running commands were stopped and the release record saved. Resume with: ${options.resumeCommand}`, ...deadlineLines(releaseSummary(record)).map(text => `  ${text}`), ''].join('\n'),
				);
				break;
			}

			case 'release-ready': {
				line(summaryText(releaseSummary(record), record).join('\n'));
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

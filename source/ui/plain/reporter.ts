import type {ReleaseEvent, ReleaseRecord} from '../../core/release/types.js';
import {stepTitle} from '../../core/release/steps/local-steps.js';
import {describeTarget} from '../../core/release/start.js';
import {builtFilesText, formatDuration} from './format.js';

type Output = {write(text: string): unknown};

/**
 * The `--ci` front end: one plain line per event, no colour, no cursor movement, so a CI log
 * reads top to bottom. Failures go to `stderr`, everything else to `stdout`.
 */
export function createPlainReporter(stdout: Output, stderr: Output): (event: ReleaseEvent, record: ReleaseRecord) => void {
	const line = (text: string) => stdout.write(`${text}\n`);
	return (event, record) => {
		switch (event.type) {
			case 'step-started': {
				line(`==> ${stepTitle(event.step)}`);
				break;
			}

			case 'step-finished': {
				const step = record.steps[event.step];
				line(`  ok: ${stepTitle(event.step)} (${formatDuration(step.durationMs)})${event.message === undefined ? '' : `: ${event.message}`}`);
				break;
			}

			case 'step-skipped': {
				line(`==> ${stepTitle(event.step)}: skipped: ${event.reason}`);
				break;
			}

			case 'step-failed': {
				const step = record.steps[event.step];
				const lines = [`  FAILED: ${stepTitle(event.step)} (${formatDuration(step.durationMs)})`, `✖ ${event.message}`];
				if (event.hint !== undefined) {
					lines.push(`  ${event.hint.replaceAll('\n', '\n  ')}`);
				}

				if (event.tail.length > 0) {
					lines.push(`  Last ${event.tail.length} lines of output:`, ...event.tail.map(text => `  | ${text}`));
				}

				if (step.log !== undefined) {
					lines.push(`  Full log: ${step.log}`);
				}

				lines.push('  The release record is kept: run the same command again to resume.');
				stderr.write(`${lines.join('\n')}\n`);
				break;
			}

			case 'step-output': {
				line(`  ${event.package === undefined ? '|' : `[${event.package}]`} ${event.line}`);
				break;
			}

			case 'step-progress': {
				line(`  … ${event.message}`);
				break;
			}

			case 'step-text': {
				stdout.write(event.text.endsWith('\n') ? event.text : `${event.text}\n`);
				break;
			}

			case 'warning-raised': {
				line(`  warning: ${event.message}`);
				break;
			}

			case 'version-committed': {
				line(`  committed ${event.commit.slice(0, 12)}`);
				break;
			}

			case 'package-build-started': {
				const release = record.packages[event.name];
				line(`  building ${release?.name ?? event.name} ${release?.version ?? ''}`.trimEnd());
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

			case 'release-interrupted': {
				stderr.write('✖ Interrupted: the running commands were stopped and the release record saved. Run the same command again to resume.\n');
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
				break;
			}
		}
	};
}

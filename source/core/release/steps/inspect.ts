import {StepFailedError} from '../../errors.js';
import {inspectArchive} from '../../inspect/inspect-archive.js';
import type {ReleaseContext} from '../context.js';
import type {Step} from '../engine.js';
import type {Finding} from '../types.js';

/**
 * Lists every archive and stops on what PyPI would refuse or what should not ship: file names,
 * unwanted files, secret-looking text. `--allow-file GLOB` accepts a flagged member knowingly.
 */
export const inspectStep: Step<ReleaseContext> = {
	id: 'inspect',
	title: 'Inspect the archives',
	resumeFrom: 'build',
	skip(context) {
		if (context.options.dryRun) {
			return '[dry run] nothing built to inspect';
		}

		return context.record().steps.build.status === 'skipped' ? 'nothing was built (the build step was skipped)' : undefined;
	},
	async run(context, io) {
		const findings: Finding[] = [];
		let archives = 0;
		for (const release of Object.values(context.record().packages)) {
			for (const file of release.files) {
				const inspection = await inspectArchive({file: file.path, projectName: release.name, version: release.version, allowFiles: context.options.allowFiles});
				archives++;
				await io.log(`${inspection.archive}: ${inspection.members.length} file(s)`, release.normalizedName);
				for (const member of inspection.members) {
					await io.log(`  ${member}`, release.normalizedName);
				}

				for (const allowed of inspection.allowed) {
					io.warn(`${allowed.archive}: accepted with --allow-file: ${allowed.message}`);
				}

				findings.push(...inspection.findings);
			}
		}

		io.dispatch({type: 'findings-reported', findings});
		if (findings.length > 0) {
			const lines = findings.map(finding => `  ${finding.archive}: ${finding.message}`);
			const fixes = [...new Set(findings.map(finding => finding.fix))];
			throw new StepFailedError('inspect', `The inspection found ${findings.length} problem(s) that would block the upload:\n${lines.join('\n')}`, {hint: fixes.join('\n')});
		}

		return `${archives} archive(s) clean`;
	},
};

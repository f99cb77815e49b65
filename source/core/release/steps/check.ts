import path from 'node:path';
import {mapLimit} from '../../concurrency.js';
import {twineCheck} from '../../python/twine-check.js';
import type {ReleaseContext} from '../context.js';
import type {Step} from '../engine.js';
import {explainCommandError} from '../step-failure.js';

/** `twine check --strict` on every built file: the metadata PyPI renders and requires. */
export const checkStep: Step<ReleaseContext> = {
	id: 'check',
	title: 'twine check --strict',
	resumeFrom: 'build',
	skip(context) {
		if (context.options.dryRun) {
			return `[dry run] not run: ${context.options.python} -m twine check --strict (for each package)`;
		}

		return context.record().steps.build.status === 'skipped' ? 'nothing was built (the build step was skipped)' : undefined;
	},
	async run(context, io) {
		const packages = Object.values(context.record().packages).filter(release => release.files.length > 0);
		await mapLimit(packages, context.options.jobs, async release => {
			try {
				await twineCheck(context.options.python, release.files.map(file => file.path), path.join(context.root, release.path), io.exec.bind(io), release.normalizedName);
			} catch (error: unknown) {
				throw explainCommandError('check', error, `twine check --strict refused ${release.name}`, 'Fix the metadata it names (often the readme or its content type), commit, then run the same command again: the release rebuilds.');
			}
		});
		return `${packages.reduce((sum, release) => sum + release.files.length, 0)} file(s) passed`;
	},
};

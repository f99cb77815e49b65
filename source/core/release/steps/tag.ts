import {StepFailedError} from '../../errors.js';
import type {CommandRunner} from '../../git/runner.js';
import {ensureTag, pushRelease, tagName, type PushTarget} from '../../git/tag.js';
import type {ReleaseContext} from '../context.js';
import type {Step} from '../engine.js';
import type {Question} from '../questions.js';
import type {ReleaseRecord} from '../types.js';

/** `--stop-after test` ends the release before production, the tag and the downstream updates. */
export const stoppedAfterTest = 'given --stop-after test';

/** One tag of the release and the packages it marks (one per package when versions are independent). */
export type ReleaseTag = {readonly name: string; readonly version: string; readonly packages: readonly string[]};

/**
 * The release's tags from the `tag` template: one for a synchronized release, one per package
 * when the versions are independent (then `{name}-v{version}` unless the template names the package)
 * or when the template has `{name}`.
 */
export function releaseTags(record: ReleaseRecord, template: string): ReleaseTag[] {
	const releases = record.batches.flat().map(name => record.packages[name]).filter(release => release !== undefined);
	const perPackage = record.versioning === 'independent' || template.includes('{name}');
	if (!perPackage) {
		const version = record.version ?? releases[0]?.version ?? '';
		return [{name: tagName(template, {name: releases[0]?.name ?? '', version}), version, packages: releases.map(release => release.normalizedName)}];
	}

	const format = template.includes('{name}') ? template : '{name}-v{version}';
	return releases.map(release => ({name: tagName(format, {name: release.name, version: release.version}), version: release.version, packages: [release.normalizedName]}));
}

/** The commit the release's files were built from: what the tag marks. */
export function releaseCommit(record: ReleaseRecord): string | undefined {
	return Object.values(record.packages).find(release => release.builtFrom !== undefined)?.builtFrom ?? record.commit;
}

/** Files of the release not yet uploaded to production, as `name (state)`. */
export function notOnProduction(record: ReleaseRecord): string[] {
	return Object.values(record.packages).flatMap(release =>
		release.files
			.filter(file => !['uploaded', 'visible'].includes(release.uploads.production[file.name] ?? 'pending'))
			.map(file => `${file.name} (${release.uploads.production[file.name] ?? 'pending'})`),
	);
}

/** Why production was not uploaded, when its step was skipped. */
export function productionSkipReason(record: ReleaseRecord): string | undefined {
	if (record.steps['upload-production']?.status !== 'skipped') {
		return undefined;
	}

	const reason = record.skips.find(skip => skip.step === 'upload-production')?.reason ?? record.steps['upload-production'].message ?? 'skipped';
	return `the production upload was skipped (${reason})`;
}

export type PushPlan =
	| {readonly kind: 'push'; readonly remote: string; readonly branch: string; readonly url: string}
	| {readonly kind: 'none'; readonly why: string; readonly fix: string};

/**
 * Where the release is pushed: the current branch's upstream remote (git's `branch.<name>.remote`).
 * Read from git's configuration, without a fetch.
 */
export async function pushPlan(root: string, tags: readonly string[], run: CommandRunner): Promise<PushPlan> {
	const remotes = (await run('git', ['remote'], {cwd: root, quiet: true})).stdout.trim();
	const pushes = tags.map(tag => `git push origin ${tag}`).join(' && ');
	if (remotes === '') {
		return {kind: 'none', why: 'this repository has no git remote', fix: `Add one (git remote add origin URL), then push the branch and ${pushes}.`};
	}

	const head = await run('git', ['symbolic-ref', '--quiet', '--short', 'HEAD'], {cwd: root, allowFailure: true, quiet: true});
	if (head.exitCode !== 0) {
		return {kind: 'none', why: 'HEAD is detached, so there is no branch to push', fix: `Push the release commit's branch and the tag yourself: ${pushes}.`};
	}

	const branch = head.stdout.trim();
	const remote = await run('git', ['config', '--get', `branch.${branch}.remote`], {cwd: root, allowFailure: true, quiet: true});
	if (remote.exitCode !== 0 || remote.stdout.trim() === '' || remote.stdout.trim() === '.') {
		return {
			kind: 'none',
			why: `the branch ${branch} has no upstream`,
			fix: `Push it yourself: git push --set-upstream REMOTE ${branch} && ${tags.map(tag => `git push REMOTE ${tag}`).join(' && ')}.`,
		};
	}

	const name = remote.stdout.trim();
	const url = await run('git', ['remote', 'get-url', '--push', name], {cwd: root, allowFailure: true, quiet: true});
	return {kind: 'push', remote: name, branch, url: url.stdout.trim()};
}

/**
 * Step 7: an annotated tag on the commit the files were built from, once every production file
 * is uploaded, then the branch and the tag pushed to the upstream. The tag is recorded before the
 * push, so a resume pushes again and never re-tags; a tag of that name on another commit stops.
 */
export const tagStep: Step<ReleaseContext> = {
	id: 'tag',
	title: 'Tag and push',
	skip(context) {
		if (context.options.stopAfter === 'test') {
			return stoppedAfterTest;
		}

		return context.options.dryRun ? undefined : productionSkipReason(context.record());
	},
	async run(context, io) {
		const record = context.record();
		const run = io.exec.bind(io);
		const tags = releaseTags(record, context.config.tag);
		const names = tags.map(tag => tag.name);
		if (context.options.dryRun) {
			const push = await pushPlan(context.root, names, run);
			const head = (await run('git', ['rev-parse', 'HEAD'], {cwd: context.root, quiet: true})).stdout.trim();
			const commit = releaseCommit(record)?.slice(0, 12) ?? `the version commit made on top of ${head.slice(0, 12)}`;
			const pushed =
				push.kind === 'push' ? `push ${push.branch} and ${names.join(', ')} to ${push.remote} (${push.url})` : `not push: ${push.why}`;
			return `[dry run] would tag ${names.join(', ')} on ${commit} and ${pushed}`;
		}

		const missing = notOnProduction(record);
		if (missing.length > 0) {
			throw new StepFailedError('tag', `Not tagging: ${missing.length} file(s) are not uploaded to ${record.targets.production?.display ?? 'the production index'}: ${missing.join(', ')}.`, {
				hint: 'A tag marks a published release. Resume the release to finish the production upload first.',
			});
		}

		const commit = releaseCommit(record);
		if (commit === undefined) {
			throw new StepFailedError('tag', 'Not tagging: the record names no commit the release was built from.', {
				hint: 'Run the release again with its build step (wizard status shows what ran).',
			});
		}

		for (const tag of tags) {
			const outcome = await ensureTag(context.root, tag.name, commit, `Release ${tag.packages.map(name => record.packages[name]?.name ?? name).join(', ')} ${tag.version}`, run);
			if (record.tag?.name !== tag.name || outcome === 'created') {
				io.dispatch({type: 'tag-created', name: tag.name, commit});
			}
		}

		const push = await pushPlan(context.root, names, run);
		if (push.kind === 'none') {
			io.warn(`The tag ${names.join(', ')} was created but not pushed: ${push.why}. ${push.fix}`);
			return `tagged ${names.join(', ')} on ${commit.slice(0, 12)}, not pushed (${push.why})`;
		}

		const pushQuestion: Question = {
			kind: 'confirm',
			id: 'confirm-tag-push',
			message: `Push ${push.branch} and the tag ${names.join(', ')} to ${push.remote} (${push.url})?`,
			detail: [`tag ${names.join(', ')} on ${commit.slice(0, 12)}`, `remote ${push.remote}: ${push.url}`, `branch ${push.branch}`],
			default: true,
			ci: {answer: 'yes', because: 'wizard --ci pushes the release tag with its branch'},
		};
		if ((await io.ask(pushQuestion)) === 'no') {
			const later = `git push ${push.remote} ${push.branch} ${names.map(name => `refs/tags/${name}`).join(' ')}`;
			io.warn(`The tag ${names.join(', ')} was created but not pushed (you chose not to). Push it later: ${later}`);
			return `tagged ${names.join(', ')} on ${commit.slice(0, 12)}, not pushed (you chose not to)`;
		}

		const target = (tag: string): PushTarget => ({remote: push.remote, branch: push.branch, tag});
		for (const name of names) {
			io.progress(`pushing ${push.branch} and ${name} to ${push.remote}`);
			await pushRelease(context.root, target(name), run);
		}

		io.dispatch({type: 'tag-pushed'});
		return `tagged ${names.join(', ')} on ${commit.slice(0, 12)}, pushed with ${push.branch} to ${push.remote}`;
	},
};

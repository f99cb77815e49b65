import {ConfigError, exitCodes, StepFailedError, WizardError} from '../errors.js';
import type {CommandRunner} from './runner.js';

/** The release tag for a package: `v{version}`, `{name}-v{version}`. */
export function tagName(format: string, values: {readonly name: string; readonly version: string}): string {
	const unknown = /\{(?!name\}|version\})[^}]*\}/.exec(format);
	if (unknown !== null) {
		throw new ConfigError('tag', `the template "${format}" has ${unknown[0]}, which is not a placeholder.`, {hint: 'Use {name} and {version}, for example tag = "{name}-v{version}".'});
	}

	const tag = format.replaceAll('{name}', values.name).replaceAll('{version}', values.version);
	// The rules of git check-ref-format that a name or a PEP 440 version could break.
	if (/[\s~^:?*[\\]|\.\.|@\{|^[-/.]|[/.]$|\.lock$/.test(tag)) {
		throw new ConfigError('tag', `the template "${format}" gives "${tag}", which git does not accept as a tag name.`, {
			hint: 'Keep spaces and the characters ~ ^ : ? * [ \\ out of the template.',
		});
	}

	return tag;
}

/** A tag of this name already names another commit, here or on the remote. */
export class TagConflictError extends WizardError {
	readonly tag: string;
	readonly tagCommit: string;
	readonly releaseCommit: string;

	constructor(tag: string, tagCommit: string, releaseCommit: string, where: 'local' | {readonly remote: string}) {
		const place = where === 'local' ? 'in this repository' : `on the remote ${where.remote}`;
		const deletion =
			where === 'local'
				? `git tag -d ${tag}`
				: `git push ${where.remote} :refs/tags/${tag} (and git tag -d ${tag} if it is local too)`;
		super(`The tag ${tag} already exists ${place} on commit ${short(tagCommit)}, not on the release commit ${short(releaseCommit)}.`, exitCodes.stepFailed, {
			hint: `A tag is never moved silently. If ${tag} is left over from an attempt that was not released, delete it (${deletion}) and resume; if that release is real, this one needs a new version.`,
		});
		this.tag = tag;
		this.tagCommit = tagCommit;
		this.releaseCommit = releaseCommit;
	}
}

/**
 * Creates the annotated tag on `commit`, or finds it there already (a resumed release).
 * A tag of that name on another commit is a `TagConflictError`: never moved, never replaced.
 */
export async function ensureTag(root: string, tag: string, commit: string, message: string, run: CommandRunner): Promise<'created' | 'exists'> {
	const target = await resolveCommit(root, commit, run);
	const existing = await run('git', ['rev-parse', '--verify', '--quiet', `refs/tags/${tag}^{commit}`], {cwd: root, allowFailure: true, quiet: true});
	if (existing.exitCode === 0) {
		const tagged = existing.stdout.trim();
		if (tagged !== target) {
			throw new TagConflictError(tag, tagged, target, 'local');
		}

		return 'exists';
	}

	await run('git', ['tag', '--annotate', '--message', message, tag, target], {cwd: root, quiet: true});
	return 'created';
}

export type PushTarget = {readonly remote: string; readonly branch: string; readonly tag: string};

export type PushOptions = {
	/** The whole push, remote queries included, fails after this long (default 2 minutes). */
	readonly timeoutMilliseconds?: number;
};

export type PushOutcome = {
	/** What was sent; empty when the remote already had both. */
	readonly pushed: ReadonlyArray<'branch' | 'tag'>;
};

/** A push did not finish: the release is kept and a resume pushes again (it never re-tags). */
export class PushFailedError extends StepFailedError {
	constructor(target: PushTarget, reason: string, hint: string) {
		super('tag', `Pushing ${target.branch} and the tag ${target.tag} to ${target.remote} failed: ${reason}`, {hint});
	}
}

/**
 * Pushes the release branch and tag to `remote`, asking the remote first, so a resumed push
 * sends only what is missing. A remote tag on the same commit is fine; on another commit it
 * is a `TagConflictError`. Both refs go in one atomic push: either both land or neither does.
 */
export async function pushRelease(root: string, target: PushTarget, run: CommandRunner, options: PushOptions = {}): Promise<PushOutcome> {
	const timeout = options.timeoutMilliseconds ?? 120_000;
	const signal = AbortSignal.timeout(timeout);
	const bounded: CommandRunner = async (command, args, runOptions) => {
		const running = run(command, args, {...runOptions, signal, env: {...runOptions.env, GIT_TERMINAL_PROMPT: '0'}});
		const expired = new Promise<never>((_, reject) => {
			signal.addEventListener('abort', () => reject(new PushFailedError(target, `no answer within ${Math.round(timeout / 1000)} s.`, `Check that ${target.remote} is reachable, then resume the release.`)), {once: true});
		});
		// A runner that ignores the signal still gives way to the timeout.
		expired.catch(() => undefined);
		return Promise.race([running, expired]);
	};

	const tagCommit = await resolveCommit(root, `refs/tags/${target.tag}`, run);
	const branchCommit = await resolveCommit(root, `refs/heads/${target.branch}`, run);
	const listing = await bounded('git', ['ls-remote', target.remote, `refs/heads/${target.branch}`, `refs/tags/${target.tag}`, `refs/tags/${target.tag}^{}`], {cwd: root, allowFailure: true, quiet: true});
	if (listing.exitCode !== 0) {
		throw new PushFailedError(target, gitReason(listing.stderr), `Check that the remote ${target.remote} exists and is reachable, then resume the release.`);
	}

	const remote = parseLsRemote(listing.stdout);
	const remoteTag = remote.get(`refs/tags/${target.tag}^{}`) ?? remote.get(`refs/tags/${target.tag}`);
	if (remoteTag !== undefined && remoteTag !== tagCommit) {
		throw new TagConflictError(target.tag, remoteTag, tagCommit, {remote: target.remote});
	}

	const references: string[] = [];
	const pushed: Array<'branch' | 'tag'> = [];
	if (remote.get(`refs/heads/${target.branch}`) !== branchCommit) {
		references.push(`refs/heads/${target.branch}:refs/heads/${target.branch}`);
		pushed.push('branch');
	}

	if (remoteTag === undefined) {
		references.push(`refs/tags/${target.tag}:refs/tags/${target.tag}`);
		pushed.push('tag');
	}

	if (references.length > 0) {
		const push = await bounded('git', ['push', '--atomic', '--porcelain', target.remote, ...references], {cwd: root, allowFailure: true, quiet: true});
		if (push.exitCode !== 0) {
			const rejected = /\[rejected\]|non-fast-forward|fetch first/.test(push.stdout + push.stderr);
			throw new PushFailedError(
				target,
				gitReason(push.stderr === '' ? push.stdout : push.stderr),
				rejected
					? `${target.remote}/${target.branch} has commits this branch does not have. Pull them (git pull --rebase ${target.remote} ${target.branch}) only if the release commit stays the tagged one; otherwise push by hand, then resume.`
					: `Check your access to ${target.remote}, then resume the release: it pushes again and never re-tags.`,
			);
		}
	}

	return {pushed};
}

async function resolveCommit(root: string, reference: string, run: CommandRunner): Promise<string> {
	const result = await run('git', ['rev-parse', '--verify', '--quiet', `${reference}^{commit}`], {cwd: root, allowFailure: true, quiet: true});
	if (result.exitCode !== 0) {
		throw new StepFailedError('tag', `${reference} does not name a commit in ${root}.`);
	}

	return result.stdout.trim();
}

function parseLsRemote(output: string): Map<string, string> {
	const references = new Map<string, string>();
	for (const line of output.split('\n')) {
		const [commit, name] = line.trim().split(/\s+/);
		if (commit !== undefined && name !== undefined) {
			references.set(name, commit);
		}
	}

	return references;
}

/** git's own reason: its first `fatal:`/`error:` line (the advice after it is generic), else its last line. */
function gitReason(text: string): string {
	const lines = text.trim().split('\n').map(line => line.trim()).filter(Boolean);
	return lines.find(line => /^(fatal|error):/.test(line)) ?? lines.at(-1) ?? 'no message from git.';
}

function short(commit: string): string {
	return commit.slice(0, 12);
}

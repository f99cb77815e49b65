import {PreconditionError} from '../errors.js';
import {ExecTimeoutError, type CommandTimeout} from '../exec.js';
import type {CommandRunner} from './runner.js';

export type UpstreamState =
	| {readonly kind: 'no-remote'}
	| {readonly kind: 'no-upstream'; readonly branch: string | undefined}
	| {readonly kind: 'tracking'; readonly branch: string; readonly upstream: string; readonly behind: number; readonly ahead: number};

/**
 * Fetches the branch's upstream and counts how far apart they are. A repository with no remote
 * (a first-time publisher) or a branch with no upstream is a state, not an error.
 */
export async function upstreamState(root: string, run: CommandRunner, timeout?: CommandTimeout): Promise<UpstreamState> {
	const remotes = await run('git', ['remote'], {cwd: root, quiet: true});
	if (remotes.stdout.trim() === '') {
		return {kind: 'no-remote'};
	}

	const branchResult = await run('git', ['symbolic-ref', '--quiet', '--short', 'HEAD'], {cwd: root, allowFailure: true, quiet: true});
	const branch = branchResult.exitCode === 0 ? branchResult.stdout.trim() : undefined;
	const upstreamResult = await run('git', ['rev-parse', '--abbrev-ref', '--symbolic-full-name', '@{upstream}'], {cwd: root, allowFailure: true, quiet: true});
	if (branch === undefined || upstreamResult.exitCode !== 0) {
		return {kind: 'no-upstream', branch};
	}

	const upstream = upstreamResult.stdout.trim();
	const remote = upstream.split('/')[0]!;
	const fetch = await fetchRemote(root, remote, run, timeout);
	if (fetch.exitCode !== 0) {
		throw new PreconditionError(`git fetch ${remote} failed:\n${gitMessage(fetch.stderr)}`, {
			hint: `Check that the remote "${remote}" is reachable (git remote get-url ${remote}), or work on a branch without an upstream.`,
		});
	}

	const counts = await run('git', ['rev-list', '--left-right', '--count', `HEAD...${upstream}`], {cwd: root, quiet: true});
	const [ahead = 0, behind = 0] = counts.stdout.trim().split(/\s+/).map(Number);
	return {kind: 'tracking', branch, upstream, behind, ahead};
}

async function fetchRemote(root: string, remote: string, run: CommandRunner, timeout: CommandTimeout | undefined) {
	try {
		return await run('git', ['fetch', '--quiet', remote], {
			cwd: root,
			allowFailure: true,
			quiet: true,
			// Never ask for a password nobody can see: fail instead, with git's message.
			env: {GIT_TERMINAL_PROMPT: '0'},
			...(timeout === undefined ? {} : {timeout}),
		});
	} catch (error: unknown) {
		if (error instanceof ExecTimeoutError) {
			throw new PreconditionError(`git fetch ${remote} did not answer within ${error.timeout.seconds} s, so it was stopped.`, {
				hint: `Check that the remote "${remote}" is reachable (git remote get-url ${remote}). The limit is ${error.timeout.setting}.`,
			});
		}

		throw error;
	}
}

/** The lines of git's stderr that say what went wrong, without its generic advice. */
export function gitMessage(stderr: string): string {
	const lines = stderr
		.split(/\r?\n/)
		.map(line => line.trim())
		.filter(line => line !== '');
	const telling = lines.filter(line => /^(fatal|error|remote|ssh|warning):/i.test(line) && !/^fatal: Could not read from remote repository\.?$/i.test(line));
	const shown = telling.length > 0 ? telling : lines;
	return shown.length === 0 ? '  (git printed no message)' : shown.slice(-10).map(line => `  ${line}`).join('\n');
}

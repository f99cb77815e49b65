import {PreconditionError} from '../errors.js';
import type {CommandRunner} from './runner.js';

export type UpstreamState =
	| {readonly kind: 'no-remote'}
	| {readonly kind: 'no-upstream'; readonly branch: string | undefined}
	| {readonly kind: 'tracking'; readonly branch: string; readonly upstream: string; readonly behind: number; readonly ahead: number};

/**
 * Fetches the branch's upstream and counts how far apart they are. A repository with no remote
 * (a first-time publisher) or a branch with no upstream is a state, not an error.
 */
export async function upstreamState(root: string, run: CommandRunner): Promise<UpstreamState> {
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
	const fetch = await run('git', ['fetch', '--quiet', remote], {cwd: root, allowFailure: true, quiet: true});
	if (fetch.exitCode !== 0) {
		throw new PreconditionError(`git fetch ${remote} failed: ${fetch.stderr.trim().split('\n').at(-1) ?? 'no message'}`, {
			hint: `Check that the remote "${remote}" is reachable, or work on a branch without an upstream.`,
		});
	}

	const counts = await run('git', ['rev-list', '--left-right', '--count', `HEAD...${upstream}`], {cwd: root, quiet: true});
	const [ahead = 0, behind = 0] = counts.stdout.trim().split(/\s+/).map(Number);
	return {kind: 'tracking', branch, upstream, behind, ahead};
}

import {realpathSync} from 'node:fs';
import {rm} from 'node:fs/promises';
import path from 'node:path';
import {PreconditionError} from '../errors.js';
import type {CommandRunner} from './runner.js';

/** The commit HEAD points at, in full. */
export async function resolveHead(root: string, run: CommandRunner): Promise<string> {
	const result = await run('git', ['rev-parse', '--verify', '--quiet', 'HEAD^{commit}'], {cwd: root, allowFailure: true, quiet: true});
	if (result.exitCode !== 0) {
		throw new PreconditionError(`The repository ${root} has no commit yet.`, {hint: 'Commit the project, then run the same command again.'});
	}

	return result.stdout.trim();
}

/**
 * A clean checkout of `commit` at `folder` (detached, so no branch is taken), registered with the
 * repository at `root`. What was committed is all it holds: no untracked or ignored file.
 */
export async function addCheckout(root: string, folder: string, commit: string, run: CommandRunner): Promise<void> {
	await run('git', ['worktree', 'add', '--detach', '--force', folder, commit], {cwd: root, quiet: true});
}

/**
 * Removes every checkout of the repository at `root` that lies inside `folder` (this run's, or
 * one a killed run left behind), then forgets those whose folder is already gone.
 */
export async function removeCheckouts(root: string, folder: string, run: CommandRunner): Promise<void> {
	for (const checkout of await checkoutsInside(root, folder, run)) {
		await run('git', ['worktree', 'remove', '--force', '--force', checkout], {cwd: root, allowFailure: true, quiet: true});
		// A half-made checkout (killed during `worktree add`) may not be removable by git.
		await rm(checkout, {recursive: true, force: true});
	}

	await run('git', ['worktree', 'prune'], {cwd: root, allowFailure: true, quiet: true});
}

async function checkoutsInside(root: string, folder: string, run: CommandRunner): Promise<string[]> {
	const result = await run('git', ['worktree', 'list', '--porcelain'], {cwd: root, allowFailure: true, quiet: true});
	if (result.exitCode !== 0) {
		return [];
	}

	const prefixes = [...new Set([path.resolve(folder), real(folder)])].map(prefix => prefix + path.sep);
	return result.stdout
		.split('\n')
		.filter(line => line.startsWith('worktree '))
		.map(line => path.resolve(line.slice('worktree '.length)))
		.filter(checkout => prefixes.some(prefix => checkout.startsWith(prefix) || real(checkout).startsWith(prefix)));
}

/** The path with symbolic links resolved (git may print either form), or as given if it is gone. */
function real(file: string): string {
	try {
		return realpathSync(file);
	} catch {
		return path.resolve(file);
	}
}

import {realpathSync} from 'node:fs';
import {readdir, readFile, rm, rmdir} from 'node:fs/promises';
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

/** Where `folder` lies inside its repository (`python/` for a project below the top folder, `` at the top). */
export async function folderInRepository(folder: string, run: CommandRunner): Promise<string> {
	const result = await run('git', ['rev-parse', '--show-prefix'], {cwd: folder, quiet: true});
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
 * one a killed run left behind), with git's record of it. The user's other worktrees are left
 * alone, even those `git worktree prune` would drop (one on a drive that is not mounted).
 */
export async function removeCheckouts(root: string, folder: string, run: CommandRunner): Promise<void> {
	const checkouts = await checkoutsInside(root, folder, run);
	for (const checkout of checkouts) {
		await run('git', ['worktree', 'remove', '--force', '--force', checkout], {cwd: root, allowFailure: true, quiet: true});
		// A half-made checkout (killed during `worktree add`) or a deleted one is not removable by git.
		await rm(checkout, {recursive: true, force: true});
	}

	if (checkouts.length > 0) {
		await forgetCheckouts(root, checkouts, run);
	}
}

/** Deletes git's administrative folder (`.git/worktrees/NAME`) of each checkout git did not remove. */
async function forgetCheckouts(root: string, checkouts: readonly string[], run: CommandRunner): Promise<void> {
	const result = await run('git', ['rev-parse', '--git-common-dir'], {cwd: root, allowFailure: true, quiet: true});
	if (result.exitCode !== 0) {
		return;
	}

	const registry = path.join(path.resolve(root, result.stdout.trim()), 'worktrees');
	const names = await readdir(registry).catch(() => []);
	const gone = new Set(checkouts.flatMap(checkout => [path.resolve(checkout), real(checkout)]));
	for (const name of names) {
		const gitdir = await readFile(path.join(registry, name, 'gitdir'), 'utf8').catch(() => '');
		if (gitdir !== '' && gone.has(path.dirname(path.resolve(gitdir.trim())))) {
			await rm(path.join(registry, name), {recursive: true, force: true});
		}
	}

	// git drops the empty registry itself when it removes the last worktree; do the same.
	await rmdir(registry).catch(() => undefined);
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
		// The first is the main working tree: the user's own files, never ours to remove.
		.slice(1)
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

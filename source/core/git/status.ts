import path from 'node:path';
import {PreconditionError} from '../errors.js';
import type {CommandRunner} from './runner.js';

/** The top folder of the git work tree holding `folder`, or a precondition error. */
export async function gitRoot(folder: string, run: CommandRunner): Promise<string> {
	const result = await run('git', ['rev-parse', '--show-toplevel'], {cwd: folder, allowFailure: true, quiet: true});
	if (result.exitCode !== 0) {
		throw new PreconditionError(`${folder} is not inside a git repository.`, {
			hint: 'A release commits the version change, so the project must be under git: run git init, commit, and try again.',
		});
	}

	return result.stdout.trim();
}

/**
 * Changed, staged and untracked (not ignored) paths, relative to `root` with forward slashes
 * (`../x` for one outside it, when `root` is below the repository's top).
 */
export async function dirtyFiles(root: string, run: CommandRunner): Promise<string[]> {
	const result = await run('git', ['status', '--porcelain=v1', '-z', '--untracked-files=all'], {cwd: root, quiet: true});
	// Porcelain paths are relative to the repository's top, whatever the working folder.
	const prefix = (await run('git', ['rev-parse', '--show-prefix'], {cwd: root, quiet: true})).stdout.trim();
	const entries = result.stdout.split('\0').filter(Boolean);
	const files: string[] = [];
	for (let index = 0; index < entries.length; index++) {
		const entry = entries[index]!;
		files.push(prefix === '' ? entry.slice(3) : path.posix.relative(prefix, entry.slice(3)));
		// A rename is followed by its source path.
		if (entry[0] === 'R' || entry[0] === 'C') {
			index++;
		}
	}

	return files;
}

/** The branch HEAD is on, or undefined when HEAD is detached (a tag or commit checked out). */
export async function currentBranch(root: string, run: CommandRunner): Promise<string | undefined> {
	const result = await run('git', ['symbolic-ref', '--quiet', '--short', 'HEAD'], {cwd: root, allowFailure: true, quiet: true});
	return result.exitCode === 0 ? result.stdout.trim() : undefined;
}

/** The subject lines of the last `count` commits, newest first. */
export async function recentSubjects(root: string, run: CommandRunner, count = 20): Promise<Array<{commit: string; subject: string}>> {
	const result = await run('git', ['log', `-${count}`, '--format=%H%x00%s'], {cwd: root, allowFailure: true, quiet: true});
	return result.exitCode === 0
		? result.stdout
				.split('\n')
				.filter(Boolean)
				.map(line => {
					const [commit = '', subject = ''] = line.split('\0');
					return {commit, subject};
				})
		: [];
}

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

/** Changed, staged and untracked (not ignored) paths, relative to the root, as git prints them. */
export async function dirtyFiles(root: string, run: CommandRunner): Promise<string[]> {
	const result = await run('git', ['status', '--porcelain=v1', '-z', '--untracked-files=all'], {cwd: root, quiet: true});
	const entries = result.stdout.split('\0').filter(Boolean);
	const files: string[] = [];
	for (let index = 0; index < entries.length; index++) {
		const entry = entries[index]!;
		files.push(entry.slice(3));
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

import type {CommandRunner} from './runner.js';

/** Commits exactly `files` (relative to root) with `message`, and returns the new commit. */
export async function commitFiles(root: string, files: readonly string[], message: string, run: CommandRunner): Promise<string> {
	await run('git', ['add', '--', ...files], {cwd: root, quiet: true});
	await run('git', ['commit', '--quiet', '-m', message, '--', ...files], {cwd: root, quiet: true});
	const head = await run('git', ['rev-parse', 'HEAD'], {cwd: root, quiet: true});
	return head.stdout.trim();
}

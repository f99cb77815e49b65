import type {CommandRunner} from '../git/runner.js';

/** `twine check --strict`: the long description renders and the metadata is complete. */
export async function twineCheck(python: string, files: readonly string[], cwd: string, run: CommandRunner, packageName?: string): Promise<void> {
	await run(python, ['-m', 'twine', 'check', '--strict', ...files], {cwd, package: packageName, env: {COLUMNS: '200', NO_COLOR: '1'}});
}

import {execa} from 'execa';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const cliPath = path.join(projectRoot, 'dist', 'cli.js');

export type CliOptions = {
	readonly cwd?: string;
	readonly env?: Record<string, string | undefined>;
	readonly input?: string;
	readonly timeout?: number;
};

export type CliResult = {
	readonly exitCode: number;
	readonly stdout: string;
	readonly stderr: string;
};

/** Runs the built CLI (`npm test` builds it first) and never throws on a non-zero exit. */
export async function runCli(args: readonly string[], options: CliOptions = {}): Promise<CliResult> {
	const result = await execa(process.execPath, [cliPath, ...args], {
		cwd: options.cwd ?? projectRoot,
		env: {NO_COLOR: '1', ...options.env},
		input: options.input ?? '',
		reject: false,
		timeout: options.timeout ?? 120_000,
	});
	return {exitCode: result.exitCode ?? -1, stdout: String(result.stdout), stderr: String(result.stderr)};
}

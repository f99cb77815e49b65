import type {CommandTimeout, ExecResult} from '../exec.js';

/** How the git and python helpers start a command: a step's `io.exec`, or `exec` itself. */
export type CommandRunner = (
	command: string,
	args: readonly string[],
	options: {
		readonly cwd: string;
		readonly allowFailure?: boolean;
		readonly package?: string;
		readonly packageOfLine?: (line: string, stream: 'stdout' | 'stderr') => string | undefined;
		readonly quiet?: boolean;
		readonly env?: Readonly<Record<string, string | undefined>>;
		readonly timeout?: CommandTimeout;
		readonly signal?: AbortSignal;
	},
) => Promise<ExecResult>;

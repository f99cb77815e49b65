import type {ExitCode} from '../core/errors.js';
import type {ParsedArguments} from './arguments.js';

/** What the entry file hands a command: its arguments and where to write. */
export type CommandContext = {
	readonly arguments_: ParsedArguments;
	readonly stdout: NodeJS.WritableStream;
	readonly stderr: NodeJS.WritableStream;
	readonly env: NodeJS.ProcessEnv;
};

export type CommandHandler = (context: CommandContext) => Promise<ExitCode>;

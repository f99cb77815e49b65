import process from 'node:process';
import {parseArguments, type CommandName} from './cli/arguments.js';
import type {CommandHandler} from './cli/command.js';
import {helpText} from './cli/help.js';
import {exitCodes, isWizardError, type ExitCode} from './core/errors.js';
import {packageVersion} from './version.js';

// Each command is its own chunk: `wizard --version` and `wizard plan` never load React or Ink.
const handlers: Record<CommandName, () => Promise<CommandHandler>> = {
	plan: async () => (await import('./commands/plan.js')).planCommand,
	status: async () => (await import('./commands/status.js')).statusCommand,
	sandbox: async () => (await import('./commands/sandbox.js')).sandboxCommand,
	token: async () => (await import('./commands/token.js')).tokenCommand,
	release: async () => (await import('./commands/release.js')).releaseCommand,
};

export async function main(argv: readonly string[]): Promise<ExitCode> {
	// A reader that goes away (`wizard plan | head`) must not kill a release between two writes:
	// output stops, the work and its record go on.
	for (const stream of [process.stdout, process.stderr]) {
		stream.on('error', (error: NodeJS.ErrnoException) => {
			if (error.code !== 'EPIPE') {
				throw error;
			}
		});
	}

	try {
		const arguments_ = parseArguments(argv);
		if (arguments_.version) {
			process.stdout.write(`${packageVersion}\n`);
			return exitCodes.ok;
		}

		if (arguments_.help) {
			process.stdout.write(`${helpText}\n`);
			return exitCodes.ok;
		}

		const handler = await handlers[arguments_.command]();
		return await handler({arguments_, stdout: process.stdout, stderr: process.stderr, env: process.env});
	} catch (error: unknown) {
		return reportError(error);
	}
}

function reportError(error: unknown): ExitCode {
	if (isWizardError(error)) {
		process.stderr.write(`✖ ${error.message}\n`);
		if (error.hint !== undefined) {
			process.stderr.write(`  ${error.hint.replaceAll('\n', '\n  ')}\n`);
		}

		return error.exitCode;
	}

	// A bug, not a user error: the stack is the useful part.
	process.stderr.write(`✖ Unexpected error (please report it):\n${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
	return exitCodes.stepFailed;
}

const exitCode = await main(process.argv.slice(2));
process.exitCode = exitCode;

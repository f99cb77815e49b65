import type {CommandHandler} from '../cli/command.js';
import {listOption, stringOption} from '../cli/arguments.js';
import {exitCodes} from '../core/errors.js';
import {UsageError} from '../core/errors.js';
import {DataFolderError, startSandbox, type SandboxOptions} from '../sandbox/server.js';

function number(option: string, value: string | undefined, check: (parsed: number) => boolean, expected: string): number | undefined {
	if (value === undefined) {
		return undefined;
	}

	const parsed = Number(value);
	if (value.trim() === '' || !Number.isFinite(parsed) || !check(parsed)) {
		throw new UsageError(`--${option} ${value} is not ${expected}.`, {hint: `Example: --${option} ${option === 'flaky' ? '0.5' : option === 'port' ? '8080' : option === 'delay' ? '3' : '1048576'}`});
	}

	return parsed;
}

/** Reads `wizard sandbox` options into startSandbox's, refusing bad values with the fix. */
export function sandboxOptions(options: Parameters<typeof stringOption>[0]): SandboxOptions {
	return {
		host: stringOption(options, 'host') ?? '127.0.0.1',
		port: number('port', stringOption(options, 'port'), value => Number.isInteger(value) && value >= 0 && value <= 65_535, 'a port number (0 to 65535; 0 picks a free port)') ?? 0,
		dataDir: stringOption(options, 'data'),
		delaySeconds: number('delay', stringOption(options, 'delay'), value => value >= 0, 'a number of seconds (0 or more)'),
		flakyRate: number('flaky', stringOption(options, 'flaky'), value => value >= 0 && value <= 1, 'a share of requests between 0 and 1'),
		tokens: listOption(options, 'token'),
		maxFileSize: number('max-file-size', stringOption(options, 'max-file-size'), value => Number.isSafeInteger(value) && value > 0, 'a whole number of bytes above 0'),
	};
}

/** A start-up failure that a bad --host, --port or --data explains, as the usage error that names it. */
function asUsageError(error: unknown, options: SandboxOptions): UsageError | undefined {
	if (error instanceof DataFolderError) {
		const cause = error.cause as NodeJS.ErrnoException;
		const code = cause.code;
		const detail = cause.message.replaceAll(/\s+/g, ' ').trim();
		const why = code === 'ENOTDIR' || code === 'EEXIST' ? `it is a file, not a folder (${detail})` : code === 'EACCES' || code === 'EPERM' || code === 'EROFS' ? `it cannot be written (${detail})` : detail;
		return new UsageError(`--data ${options.dataDir}: ${why}.`, {
			hint:
				code === undefined
					? 'Move the damaged records.json aside, or pass another --data folder.'
					: 'Pass a folder you can write to (it is created if missing), or leave --data out for a temporary one.',
			cause: error,
		});
	}

	const code = (error as NodeJS.ErrnoException).code;
	if (code === 'EADDRINUSE' || (code === 'EACCES' && options.port !== 0)) {
		return new UsageError(`Cannot listen on port ${options.port} of ${options.host} (${code === 'EADDRINUSE' ? 'the port is in use' : 'the port needs privileges'}).`, {
			hint: 'Pick another --port, or --port 0 for a free one.',
			cause: error,
		});
	}

	if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_FAIL' || code === 'EINVAL' || code === 'EACCES') {
		return new UsageError(`--host ${options.host} is not an address of this machine (${code}).`, {
			hint: 'Use 127.0.0.1 (this machine only, the default), 0.0.0.0 (every interface) or an address that `ip addr` lists.',
			cause: error,
		});
	}

	return undefined;
}

export const sandboxCommand: CommandHandler = async ({arguments_, stdout, stderr}) => {
	const options = sandboxOptions(arguments_.options);
	let sandbox;
	try {
		sandbox = await startSandbox({...options, onError: error => stderr.write(`sandbox error: ${error instanceof Error ? error.message : String(error)}\n`)});
	} catch (error: unknown) {
		throw asUsageError(error, options) ?? error;
	}

	const lines = ['testpypi', 'pypi'].flatMap(name => [
		`${name}:`,
		`  upload  ${sandbox.url}/${name}/legacy/`,
		`  simple  ${sandbox.url}/${name}/simple/`,
		`  json    ${sandbox.url}/${name}/pypi/<project>/json`,
	]);
	stdout.write(`Sandbox index ready at ${sandbox.url}\n${lines.join('\n')}\ndata: ${sandbox.dataDir}\nPress Ctrl+C to stop.\n`);

	await new Promise<void>(resolve => {
		const stop = (): void => {
			process.off('SIGINT', stop);
			process.off('SIGTERM', stop);
			resolve();
		};

		process.on('SIGINT', stop);
		process.on('SIGTERM', stop);
	});
	await sandbox.close();
	stdout.write('Sandbox stopped.\n');
	return exitCodes.ok;
};

import {appendFile, mkdir} from 'node:fs/promises';
import path from 'node:path';
import process from 'node:process';
import type {Writable} from 'node:stream';
import {execa} from 'execa';
import {defaultRunSecrets, childEnvironment, type RunSecrets} from './credentials/run-secrets.js';
import {exitCodes, WizardError} from './errors.js';
import {createLineRedactor, createRedactor} from './redact.js';

export type ExecOptions = {
	readonly cwd: string;
	/** Added to the parent's environment; `CI=true` is always set on top. */
	readonly env?: Readonly<Record<string, string | undefined>>;
	/**
	 * Credentials the child must not inherit (default: TWINE_PASSWORD and TWINE_USERNAME). Only a
	 * twine upload gets one, by naming it in `env`.
	 */
	readonly secrets?: RunSecrets;
	/** Stop the child (and its children) when it runs longer than this. */
	readonly timeout?: CommandTimeout;
	readonly signal?: AbortSignal;
	/** Child output, redacted, a whole line at a time. */
	readonly stdout?: Writable;
	readonly stderr?: Writable;
	/** Appended to: the command line, then every line of output, redacted. */
	readonly logFile?: string;
	/** Applied to everything written to the log and the streams, and to error messages. */
	readonly redact?: (text: string) => string;
	/** Called with every complete line of output (redacted). */
	readonly onLine?: (line: string, stream: 'stdout' | 'stderr') => void;
	/** Return the result of a non-zero exit instead of throwing. */
	readonly allowFailure?: boolean;
	readonly input?: string;
};

export type CommandTimeout = {
	readonly seconds: number;
	/** Where the limit is set, for the message: `timeout = SECONDS in [tool.pypi-wizard] in pyproject.toml (now 30 s)`. */
	readonly setting: string;
};

export type ExecResult = {
	readonly command: string;
	readonly exitCode: number;
	readonly stdout: string;
	readonly stderr: string;
	/** The last lines of stdout and stderr interleaved as they came. */
	readonly tail: readonly string[];
};

/** A child process failed: carries the command, its exit code and the last lines it printed. */
export class ExecError extends WizardError {
	readonly command: string;
	readonly childExitCode: number | undefined;
	readonly tail: readonly string[];

	constructor(command: string, childExitCode: number | undefined, tail: readonly string[], reason: string, hint?: string) {
		super(`${command} ${reason}`, exitCodes.stepFailed, hint === undefined ? {} : {hint});
		this.command = command;
		this.childExitCode = childExitCode;
		this.tail = tail;
	}
}

/** A child ran past its time limit and was stopped with its children. */
export class ExecTimeoutError extends ExecError {
	readonly timeout: CommandTimeout;

	constructor(command: string, tail: readonly string[], timeout: CommandTimeout) {
		super(command, undefined, tail, `did not finish within ${timeout.seconds} s, so it was stopped.`, `The limit is ${timeout.setting}; raise it there if the command is only slow.`);
		this.timeout = timeout;
	}
}

export type SpawnRecord = {readonly command: string; readonly args: readonly string[]; readonly cwd: string};
type SpawnListener = (record: SpawnRecord) => void;

const spawnListeners = new Set<SpawnListener>();

/** Observe every child started through `exec` (audits, tests). Returns the unsubscribe. */
export function onSpawn(listener: SpawnListener): () => void {
	spawnListeners.add(listener);
	return () => spawnListeners.delete(listener);
}

const tailLength = 20;
// eslint-disable-next-line no-control-regex
const ansiPattern = /\u001B\[[0-9;?]*[ -/]*[@-~]/g;
const killGraceMilliseconds = 2000;

/**
 * Runs a command with output streamed (redacted) to the log file, the given streams and the
 * line callback. On abort, or past its timeout, the child's whole process group is stopped:
 * SIGTERM, then SIGKILL.
 */
export async function exec(command: string, args: readonly string[], options: ExecOptions): Promise<ExecResult> {
	const secrets = options.secrets ?? defaultRunSecrets();
	const redact = options.redact ?? createRedactor(secrets);
	const display = redact(formatCommand(command, args));
	options.signal?.throwIfAborted();
	for (const listener of spawnListeners) {
		listener({command, args, cwd: options.cwd});
	}

	if (options.logFile !== undefined) {
		await mkdir(path.dirname(options.logFile), {recursive: true});
		await appendFile(options.logFile, `$ ${display}\n`);
	}

	const tail: string[] = [];
	// Tools colour their output even in CI; the log and the tail should read as text.
	const plain = (text: string) => text.replaceAll(ansiPattern, '');
	const logChunks: string[] = [];
	const remember = (line: string, stream: 'stdout' | 'stderr') => {
		tail.push(line);
		if (tail.length > tailLength) {
			tail.shift();
		}

		logChunks.push(`${line}\n`);
		// Whole lines only: a secret split across two chunks would slip past a per-chunk filter.
		options[stream]?.write(`${line}\n`);
		options.onLine?.(line, stream);
	};

	const child = execa(command, args, {
		cwd: options.cwd,
		env: {...childEnvironment(process.env, options.env, secrets), CI: 'true'},
		extendEnv: true,
		reject: false,
		buffer: false,
		stripFinalNewline: false,
		// Its own process group, so an abort can stop the build backend it spawned too.
		detached: process.platform !== 'win32',
		...(options.input === undefined ? {stdin: 'ignore' as const} : {input: options.input}),
	});

	const output = {stdout: '', stderr: ''};
	const collectors = (['stdout', 'stderr'] as const).map(async name =>
		collectLines(
			child[name],
			// Whole lines only, and a line that may continue a secret waits for the next one.
			createLineRedactor(redact, line => remember(line, name), plain),
			text => {
				output[name] += text;
			},
		),
	);

	let aborted = false;
	const onAbort = () => {
		aborted = true;
		killTree(child.pid);
	};

	let timedOut = false;
	const timer =
		options.timeout === undefined
			? undefined
			: setTimeout(() => {
					timedOut = true;
					killTree(child.pid);
				}, options.timeout.seconds * 1000);
	options.signal?.addEventListener('abort', onAbort, {once: true});
	const flushLog = async () => {
		if (options.logFile !== undefined && logChunks.length > 0) {
			const text = logChunks.splice(0).join('');
			await appendFile(options.logFile, text);
		}
	};

	const flusher = setInterval(() => void flushLog(), 500);
	try {
		const result = await child;
		await Promise.all(collectors);
		const redactedTail = [...tail];
		if (timedOut && options.timeout !== undefined) {
			throw new ExecTimeoutError(display, redactedTail, options.timeout);
		}

		if (aborted) {
			throw new ExecError(display, undefined, redactedTail, 'was stopped.');
		}

		const exitCode = result.exitCode ?? (result.signal === undefined ? 1 : 128);
		const final: ExecResult = {
			command: display,
			exitCode,
			stdout: redact(output.stdout),
			stderr: redact(output.stderr),
			tail: redactedTail,
		};
		if (exitCode !== 0 && options.allowFailure !== true) {
			const reason = result.signal === undefined ? `exited with code ${exitCode}.` : `was killed by ${result.signal}.`;
			if (result.failed && result.exitCode === undefined && result.signal === undefined) {
				throw new ExecError(display, undefined, redactedTail, `could not start: ${redact(result.shortMessage ?? 'unknown error')}`);
			}

			throw new ExecError(display, exitCode, redactedTail, reason);
		}

		return final;
	} finally {
		clearInterval(flusher);
		clearTimeout(timer);
		options.signal?.removeEventListener('abort', onAbort);
		await flushLog();
	}
}

/** `git commit -m 'Release 1.0'`: how the command would be typed, for logs and messages. */
export function formatCommand(command: string, args: readonly string[]): string {
	return [command, ...args].map(part => (/^[\w./:=@%+,-]+$/.test(part) ? part : `'${part.replaceAll("'", String.raw`'\''`)}'`)).join(' ');
}

function killTree(pid: number | undefined): void {
	if (pid === undefined) {
		return;
	}

	const send = (signal: NodeJS.Signals) => {
		try {
			process.kill(process.platform === 'win32' ? pid : -pid, signal);
		} catch {
			// Already gone.
		}
	};

	send('SIGTERM');
	setTimeout(() => send('SIGKILL'), killGraceMilliseconds).unref();
}

async function collectLines(
	stream: NodeJS.ReadableStream | null | undefined,
	lines: {write(text: string): void; end(): void},
	onText: (text: string) => void,
): Promise<void> {
	if (stream === null || stream === undefined) {
		return;
	}

	stream.setEncoding('utf8');
	for await (const chunk of stream) {
		const text = String(chunk);
		onText(text);
		lines.write(text);
	}

	lines.end();
}

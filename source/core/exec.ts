import {appendFile, mkdir} from 'node:fs/promises';
import path from 'node:path';
import process from 'node:process';
import type {Writable} from 'node:stream';
import {execa} from 'execa';
import {exitCodes, WizardError} from './errors.js';

export type ExecOptions = {
	readonly cwd: string;
	/** Added to the parent's environment; `CI=true` is always set on top. */
	readonly env?: Readonly<Record<string, string | undefined>>;
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

	constructor(command: string, childExitCode: number | undefined, tail: readonly string[], reason: string) {
		super(`${command} ${reason}`, exitCodes.stepFailed);
		this.command = command;
		this.childExitCode = childExitCode;
		this.tail = tail;
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
 * line callback. On abort the child's whole process group is stopped: SIGTERM, then SIGKILL.
 */
export async function exec(command: string, args: readonly string[], options: ExecOptions): Promise<ExecResult> {
	const redact = options.redact ?? ((text: string) => text);
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
	const remember = (raw: string, stream: 'stdout' | 'stderr') => {
		const line = redact(plain(raw));
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
		env: {...options.env, CI: 'true'},
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
			line => remember(line, name),
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
	onLine: (line: string) => void,
	onText: (text: string) => void,
): Promise<void> {
	if (stream === null || stream === undefined) {
		return;
	}

	let partial = '';
	stream.setEncoding('utf8');
	for await (const chunk of stream) {
		const text = String(chunk);
		onText(text);
		const lines = (partial + text).split(/\r?\n|\r/);
		partial = lines.pop() ?? '';
		for (const line of lines) {
			onLine(line);
		}
	}

	if (partial !== '') {
		onLine(partial);
	}
}

import {appendFileSync, mkdirSync} from 'node:fs';
import {appendFile, mkdir} from 'node:fs/promises';
import path from 'node:path';
import {Writable} from 'node:stream';
import {StringDecoder} from 'node:string_decoder';
import {exitCodes, isWizardError} from '../errors.js';
import type {RunSecrets} from '../credentials/run-secrets.js';
import {exec, ExecError, type CommandTimeout, type ExecResult} from '../exec.js';
import {createLineRedactor} from '../redact.js';
import type {ReleaseStore} from '../state/release-store.js';
import {reduceRelease} from './reducer.js';
import {invalidAnswer, type Answerer, type Question} from './questions.js';
import type {ReleaseAction, ReleaseEvent, ReleaseNotice, ReleaseRecord, StepId, StepNotice} from './types.js';

export type StepExecOptions = {
	readonly cwd: string;
	/** The package the command works for, shown beside its output. */
	readonly package?: string;
	/** One command for several packages (one `twine check` of every file): the package of each output line, else `package`. */
	readonly packageOfLine?: (line: string, stream: 'stdout' | 'stderr') => string | undefined;
	readonly env?: Readonly<Record<string, string | undefined>>;
	readonly allowFailure?: boolean;
	/** Output to the log only, not to the front ends (git plumbing, probes). */
	readonly quiet?: boolean;
	readonly timeout?: CommandTimeout;
	/** Stops this command alone (a push past its own limit); the run's signal stops it too. */
	readonly signal?: AbortSignal;
};

/** What a running step gets besides the context: cancellation, output, progress, actions. */
export type StepIo = {
	readonly signal: AbortSignal;
	/** Child output written here becomes `step-output` events. */
	readonly stdout: Writable;
	readonly stderr: Writable;
	/** The step's full log (undefined in a dry run, which writes nothing). */
	readonly logFile: string | undefined;
	progress(message: string): void;
	/** A line for the step's log and its output (a file list, a finding). */
	log(line: string, packageName?: string): Promise<void>;
	/** A block shown as it is (a diff). */
	show(text: string): void;
	warn(message: string): void;
	/** Saved in the record, then published. */
	dispatch(action: ReleaseAction): void;
	/** Publishes a progress notice (uploads, waits, install checks); the engine fills in `step`. Not saved. */
	notify(notice: StepNotice): void;
	/**
	 * Asks the run's answerer (the person, or `--ci`'s declared answers) and returns the answer:
	 * 'yes' | 'no' for a confirm, a choice's value. Publishes question-asked and question-answered
	 * (without the answer for a secret). In `--ci` an unanswerable question throws a UsageError (exit 2).
	 */
	ask(question: Question): Promise<string>;
	/** `exec` bound to this step: its log, its signal, its output events, the redactor. */
	exec(command: string, args: readonly string[], options: StepExecOptions): Promise<ExecResult>;
};

/**
 * Thrown by a step's `run` that finds, once running, that it should not do its work (a question
 * answered no): the engine records the step as skipped with `reason`, and goes on.
 */
export class StepSkipped extends Error {
	readonly reason: string;

	constructor(reason: string) {
		super(reason);
		this.reason = reason;
	}
}

export type Step<Context> = {
	readonly id: StepId;
	readonly title: string;
	/** Run again on every run, even when an earlier run finished it: it checks the world. */
	readonly always?: boolean;
	/** When a resumed release failed at this step, start again from this one. */
	readonly resumeFrom?: StepId;
	/** A reason to skip, or undefined to run. */
	skip(context: Context): string | undefined;
	/** Returns a one-line result for the summary, if it has one. */
	run(context: Context, io: StepIo): Promise<string | void>;
};

export type RunOutcome =
	| {readonly status: 'ready'; readonly exitCode: 0}
	| {readonly status: 'failed'; readonly step: StepId; readonly exitCode: number}
	| {readonly status: 'interrupted'; readonly exitCode: 130};

export type ReleaseEngine = {
	subscribe(listener: (event: ReleaseEvent, record: ReleaseRecord) => void): () => void;
	record(): ReleaseRecord;
	/** Applies an action outside a step (resume repairs), saved and published like any other. */
	dispatch(action: ReleaseAction): void;
	run(): Promise<RunOutcome>;
};

export type EngineOptions<Context> = {
	readonly record: ReleaseRecord;
	readonly store: ReleaseStore;
	readonly steps: ReadonlyArray<Step<Context>>;
	readonly context: Context;
	readonly signal: AbortSignal;
	/** Write no log files (dry run). */
	readonly noLogs?: boolean;
	readonly redact?: (text: string) => string;
	/** Withheld from every child the steps start (see `exec`). */
	readonly secrets?: RunSecrets;
	readonly now?: () => string;
	readonly skip?: readonly StepId[];
	/** Who answers the steps' questions: the person (Ink app) or `createCiAnswerer` (--ci). */
	readonly answerer: Answerer;
};

/**
 * Runs the steps in order, from the first one the record does not show as finished. Every action
 * is reduced into the record, saved, then published to subscribers; front ends only listen.
 * A record that lacks a step of `steps` (an older record, a grown list) gets it, pending, at once.
 */
export function createReleaseEngine<Context>(options: EngineOptions<Context>): ReleaseEngine {
	const now = options.now ?? (() => new Date().toISOString());
	const listeners = new Set<(event: ReleaseEvent, record: ReleaseRecord) => void>();
	let record = options.record;
	const redact = options.redact ?? ((text: string) => text);

	const publish = (event: ReleaseEvent) => {
		for (const listener of listeners) {
			listener(event, record);
		}
	};

	const dispatch = (action: ReleaseAction) => {
		record = reduceRelease(record, action, now());
		options.store.save(record);
		publish(action);
	};

	const makeIo = (step: StepId, logFile: string | undefined): StepIo => {
		// Whole lines, as exec redacts them: a secret split across two writes is still one line.
		const lineWriter = () => {
			const lines = createLineRedactor(redact, line => {
				if (line !== '') {
					publish({type: 'step-output', step, line});
				}
			});
			const decoder = new StringDecoder('utf8');
			return new Writable({
				decodeStrings: false,
				write(chunk: Buffer | string, _encoding, next) {
					lines.write(typeof chunk === 'string' ? chunk : decoder.write(chunk));
					next();
				},
				final(done) {
					lines.end();
					done();
				},
			});
		};
		return {
			signal: options.signal,
			stdout: lineWriter(),
			stderr: lineWriter(),
			logFile,
			progress(message) {
				publish({type: 'step-progress', step, message});
			},
			async log(line, packageName) {
				if (logFile !== undefined) {
					await mkdir(path.dirname(logFile), {recursive: true});
					await appendFile(logFile, `${redact(line)}\n`);
				}

				publish({type: 'step-output', step, package: packageName, line: redact(line)});
			},
			show(text) {
				const shown = redact(text);
				// The log keeps the whole block; a front end may print only its outline.
				if (logFile !== undefined) {
					mkdirSync(path.dirname(logFile), {recursive: true});
					appendFileSync(logFile, shown.endsWith('\n') ? shown : `${shown}\n`);
				}

				publish({type: 'step-text', step, text: shown});
			},
			warn(message) {
				dispatch({type: 'warning-raised', step, message});
			},
			dispatch,
			notify(notice) {
				publish({...notice, step} as ReleaseNotice);
			},
			async ask(question) {
				publish({type: 'question-asked', step, question});
				const answer = await options.answerer(question, options.signal);
				const invalid = invalidAnswer(question, answer);
				if (invalid !== undefined) {
					throw new Error(`The answerer gave a wrong answer: ${invalid}.`);
				}

				publish({type: 'question-answered', step, questionId: question.id, ...(question.kind === 'secret' ? {} : {answer}), by: options.answerer.by});
				return answer;
			},
			async exec(command, args, execOptions) {
				return exec(command, args, {
					cwd: execOptions.cwd,
					env: execOptions.env,
					signal: execOptions.signal === undefined ? options.signal : AbortSignal.any([options.signal, execOptions.signal]),
					logFile,
					redact,
					secrets: options.secrets,
					timeout: execOptions.timeout,
					allowFailure: execOptions.allowFailure,
					onLine(line, stream) {
						if (execOptions.quiet !== true) {
							publish({type: 'step-output', step, package: execOptions.packageOfLine?.(line, stream) ?? execOptions.package, line});
						}
					},
				});
			},
		};
	};

	const run = async (): Promise<RunOutcome> => {
		resetForResume();
		for (const step of options.steps) {
			const current = record.steps[step.id];
			if ((current?.status === 'done' && step.always !== true) || current?.status === 'skipped') {
				continue;
			}

			const reason = options.skip?.includes(step.id) ? 'skipped with --skip' : step.skip(options.context);
			if (reason !== undefined) {
				dispatch({type: 'step-skipped', step: step.id, title: step.title, reason});
				continue;
			}

			const logFile = options.noLogs === true ? undefined : path.join(record.folder, 'logs', `${step.id}.log`);
			dispatch({type: 'step-started', step: step.id, title: step.title, at: now(), log: logFile});
			try {
				options.signal.throwIfAborted();
				const message = await step.run(options.context, makeIo(step.id, logFile));
				options.signal.throwIfAborted();
				dispatch({type: 'step-finished', step: step.id, at: now(), message: message ?? undefined});
			} catch (error: unknown) {
				if (error instanceof StepSkipped && !options.signal.aborted) {
					dispatch({type: 'step-skipped', step: step.id, title: step.title, reason: error.reason});
					continue;
				}

				if (options.signal.aborted) {
					dispatch({type: 'release-interrupted'});
					return {status: 'interrupted', exitCode: exitCodes.interrupted};
				}

				const failure = redactFailure(describeFailure(error), redact);
				dispatch({type: 'step-failed', step: step.id, at: now(), ...failure});
				return {status: 'failed', step: step.id, exitCode: failure.exitCode};
			}
		}

		dispatch({type: 'release-ready'});
		return {status: 'ready', exitCode: exitCodes.ok};
	};

	// A failed step that depends on fresh output (inspection after a fix) resumes from the step
	// that makes it: the user fixed the sources, so the old archives are stale.
	const resetForResume = () => {
		const failed = options.steps.find(step => record.steps[step.id]?.status === 'failed');
		if (failed?.resumeFrom === undefined) {
			return;
		}

		const ids = options.steps.map(step => step.id);
		for (const id of ids.slice(ids.indexOf(failed.resumeFrom), ids.indexOf(failed.id) + 1)) {
			dispatch({type: 'step-reset', step: id});
		}
	};

	// An older record resumed by a wizard whose step list has grown: the new steps are pending.
	const addMissingSteps = () => {
		const missing = options.steps.filter(step => record.steps[step.id] === undefined);
		if (missing.length > 0) {
			dispatch({type: 'steps-added', steps: missing.map(step => ({id: step.id, title: step.title}))});
		}
	};

	addMissingSteps();
	return {
		subscribe(listener) {
			listeners.add(listener);
			return () => listeners.delete(listener);
		},
		record: () => record,
		dispatch,
		run,
	};
}

function redactFailure<Failure extends {message: string; hint?: string; tail: readonly string[]}>(failure: Failure, redact: (text: string) => string): Failure {
	return {...failure, message: redact(failure.message), ...(failure.hint === undefined ? {} : {hint: redact(failure.hint)}), tail: failure.tail.map(line => redact(line))};
}

function describeFailure(error: unknown): {message: string; hint?: string; exitCode: number; tail: readonly string[]} {
	if (error instanceof ExecError) {
		return {message: error.message, hint: error.hint, exitCode: error.exitCode, tail: error.tail};
	}

	if (isWizardError(error)) {
		const tail = (error as {tail?: readonly string[]}).tail ?? [];
		return {message: error.message, hint: error.hint, exitCode: error.exitCode, tail};
	}

	const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
	return {message: `Unexpected error (please report it): ${message}`, exitCode: exitCodes.stepFailed, tail: []};
}

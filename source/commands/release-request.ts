import {rm} from 'node:fs/promises';
import {availableParallelism} from 'node:os';
import path from 'node:path';
import {booleanOption, listOption, stringOption, type ParsedArguments} from '../cli/arguments.js';
import {UsageError} from '../core/errors.js';
import type {ResolvedTarget} from '../core/release/context.js';
import {isSandboxTarget} from '../core/release/run-sandbox.js';
import {publishingStepIds} from '../core/release/types.js';
import type {RepositorySession} from '../core/release/session.js';

/** What a release run was asked for on the command line, checked; both front ends start from it. */
export type ReleaseRequest = {
	readonly root: string;
	readonly dryRun: boolean;
	readonly restart: boolean;
	readonly bump: readonly string[];
	/** As given, publishing steps included. */
	readonly skip: readonly string[];
	/** Both uploads skipped: nothing leaves the machine, no targets, no tokens. */
	readonly local: boolean;
	readonly python: string | undefined;
	readonly jobs: number;
	readonly noIsolation: boolean;
	readonly allowFiles: readonly string[];
	readonly tokenEnv: string | undefined;
	readonly stopAfter: 'test' | undefined;
	readonly repositoryFlags: {readonly test: string | undefined; readonly production: string | undefined};
	readonly sandbox: boolean;
	readonly delaySeconds: number | undefined;
};

export function releaseRequest(arguments_: Pick<ParsedArguments, 'options' | 'positionals'>): ReleaseRequest {
	const {options, positionals} = arguments_;
	const repositoryFlags = {test: stringOption(options, 'test-repository'), production: stringOption(options, 'repository')};
	const sandbox = booleanOption(options, 'sandbox');
	if (sandbox && (repositoryFlags.test !== undefined || repositoryFlags.production !== undefined)) {
		throw new UsageError(`--sandbox makes the embedded sandbox both targets, so it cannot be combined with ${repositoryFlags.test === undefined ? '--repository' : '--test-repository'}.`, {
			hint: 'Rehearse with --sandbox alone, or name the real indexes with --test-repository and --repository.',
		});
	}

	const delay = stringOption(options, 'delay');
	if (delay !== undefined && !sandbox) {
		throw new UsageError(`--delay ${delay} slows the embedded sandbox, so it needs --sandbox.`, {hint: 'Rehearse a slow index with: wizard --sandbox --delay 2.'});
	}

	const skip = listOption(options, 'skip');
	return {
		root: path.resolve(positionals[0] ?? '.'),
		dryRun: booleanOption(options, 'dry-run'),
		restart: booleanOption(options, 'restart'),
		bump: listOption(options, 'bump'),
		skip,
		local: skip.includes('upload-test') && skip.includes('upload-production'),
		python: stringOption(options, 'python'),
		jobs: parseJobs(stringOption(options, 'jobs')),
		noIsolation: booleanOption(options, 'no-isolation'),
		allowFiles: listOption(options, 'allow-file'),
		tokenEnv: stringOption(options, 'token-env'),
		stopAfter: parseStopAfter(stringOption(options, 'stop-after')),
		repositoryFlags,
		sandbox,
		delaySeconds: delay === undefined ? undefined : parseDelay(delay),
	};
}

/** The steps to skip as the engine takes them: a local release has no publishing steps to skip. */
export function engineSkips(request: ReleaseRequest): string[] {
	return request.local ? request.skip.filter(step => !(publishingStepIds as readonly string[]).includes(step)) : [...request.skip];
}

/**
 * The sandbox's files live with the repository's releases, so a resume serves them again; a new
 * release starts on an empty sandbox, so a rehearsal can be repeated.
 */
export async function sandboxFolder(session: RepositorySession, resuming: boolean): Promise<string> {
	const folder = path.join(session.store.folder, 'sandbox');
	if (!resuming) {
		await rm(folder, {recursive: true, force: true});
	}

	return folder;
}

export function whereTo(target: ResolvedTarget): string {
	return isSandboxTarget(target) ? target.display : `${target.display} (${target.uploadUrl})`;
}

function parseStopAfter(value: string | undefined): 'test' | undefined {
	if (value === undefined || value === 'test') {
		return value;
	}

	throw new UsageError(`--stop-after ${value}: the release can only stop after the test index.`, {
		hint: 'Use --stop-after test to end after the install check from the test index, before production.',
	});
}

function parseJobs(value: string | undefined): number {
	if (value === undefined) {
		return availableParallelism();
	}

	const jobs = Number(value);
	if (!Number.isInteger(jobs) || jobs < 1) {
		throw new UsageError(`--jobs ${value}: expected a whole number of 1 or more.`, {hint: 'For example --jobs 2.'});
	}

	return jobs;
}

function parseDelay(value: string): number {
	const seconds = Number(value);
	if (value.trim() === '' || !Number.isFinite(seconds) || seconds < 0) {
		throw new UsageError(`--delay ${value} is not a number of seconds (0 or more).`, {hint: 'Example: --delay 3'});
	}

	return seconds;
}

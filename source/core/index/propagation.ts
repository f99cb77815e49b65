import {setTimeout as delay} from 'node:timers/promises';
import {normalizeName} from '../names.js';
import {FileReuseError, IndexRequestError} from './index-errors.js';
import {projectFiles, type ProjectListing} from './simple-api.js';

// Installers read the simple page, so a batch counts as published only when every file it
// uploaded is listed there with the bytes we sent. PyPI's JSON API lags on its own schedule and
// proves nothing about what pip sees.

export type ExpectedFile = {readonly project: string; readonly filename: string; readonly sha256: string};

export type PollReport = {
	/** When the wait began (ms since the epoch, from `now`). */
	readonly since: number;
	readonly polledAt: number;
	/** When the next poll is due; undefined after the last one. */
	readonly nextPollAt: number | undefined;
	readonly missing: readonly string[];
	readonly visible: readonly string[];
	/** Projects whose page could not be read this round (a 5xx, no answer); asked again next round. */
	readonly unanswered: ReadonlyArray<{readonly project: string; readonly reason: string}>;
};

export type WaitOptions = {
	readonly simpleBase: string;
	readonly expected: readonly ExpectedFile[];
	readonly signal?: AbortSignal | undefined;
	/** The limit; the caller turns `timed-out` into a question (keep waiting, or stop and resume). */
	readonly timeoutMs: number;
	readonly onPoll?: ((report: PollReport) => void) | undefined;
	readonly now?: (() => number) | undefined;
	readonly sleep?: ((ms: number, signal: AbortSignal | undefined) => Promise<void>) | undefined;
	/** Reads one project's page; default the simple API with a cache-busting query. */
	readonly readPage?: ((simpleBase: string, project: string, signal: AbortSignal | undefined) => Promise<ProjectListing>) | undefined;
};

export type WaitResult = {readonly status: 'visible'; readonly elapsedMs: number} | {readonly status: 'timed-out'; readonly elapsedMs: number; readonly missing: readonly string[]};

export const firstPollIntervalMs = 1000;
// 2 s, not longer: a file must be noticed within 2 s of appearing (bench/wait-cpu.mjs), and one
// request per project every 2 s stays well under one a second, at a fraction of a percent of a core.
export const longestPollIntervalMs = 2000;
const growth = 1.5;

/** The wait between polls after `polls` polls: 1 s, 1.5 s, then 2 s. */
export function pollInterval(polls: number): number {
	return Math.min(longestPollIntervalMs, firstPollIntervalMs * growth ** Math.max(0, polls - 1));
}

/**
 * Polls each project's simple page until every expected file is listed with its sha256, or
 * until `timeoutMs`. Each round asks each project with a file still missing once, so no
 * project is asked more than once a second. A file listed with another sha256 throws
 * {@link FileReuseError} at once; an abort rejects with the signal's reason at once.
 */
export async function waitUntilVisible(options: WaitOptions): Promise<WaitResult> {
	const now = options.now ?? Date.now;
	const sleep = options.sleep ?? (async (ms, signal) => delay(ms, undefined, {signal}));
	const readPage = options.readPage ?? (async (simpleBase, project, signal) => projectFiles(simpleBase, project, {signal, cacheBust: true}));
	const since = now();
	const deadline = since + options.timeoutMs;
	const pending = new Map(options.expected.map(file => [file.filename, file]));
	const visible: string[] = [];
	for (let polls = 1; ; polls++) {
		options.signal?.throwIfAborted();
		const polledAt = now();
		const unanswered = await pollOnce(options, readPage, pending, visible);
		const missing = [...pending.keys()];
		const finished = missing.length === 0;
		const answeredAt = now();
		const nextPollAt = finished || answeredAt >= deadline ? undefined : nextPoll(polledAt, polls, deadline);
		options.onPoll?.({since, polledAt, nextPollAt, missing, visible: [...visible], unanswered});
		if (finished) {
			return {status: 'visible', elapsedMs: answeredAt - since};
		}

		if (nextPollAt === undefined) {
			return {status: 'timed-out', elapsedMs: answeredAt - since, missing};
		}

		await sleep(Math.max(0, nextPollAt - now()), options.signal);
	}
}

/** The interval's end, or the deadline if sooner, but never under a second after this poll. */
function nextPoll(polledAt: number, polls: number, deadline: number): number {
	return Math.max(polledAt + firstPollIntervalMs, Math.min(polledAt + pollInterval(polls), deadline));
}

async function pollOnce(
	options: WaitOptions,
	readPage: NonNullable<WaitOptions['readPage']>,
	pending: Map<string, ExpectedFile>,
	visible: string[],
): Promise<Array<{project: string; reason: string}>> {
	const projects = [...new Set([...pending.values()].map(file => normalizeName(file.project)))];
	const unanswered: Array<{project: string; reason: string}> = [];
	await Promise.all(
		projects.map(async project => {
			let listing: ProjectListing;
			try {
				listing = await readPage(options.simpleBase, project, options.signal);
			} catch (error: unknown) {
				if (error instanceof IndexRequestError && error.retryable && !options.signal?.aborted) {
					unanswered.push({project, reason: error.message});
					return;
				}

				throw error;
			}

			const listed = new Map(listing.files.map(file => [file.filename, file.sha256]));
			for (const file of [...pending.values()].filter(candidate => normalizeName(candidate.project) === project)) {
				if (!listed.has(file.filename)) {
					continue;
				}

				const sha256 = listed.get(file.filename);
				if (sha256 !== undefined && sha256 !== file.sha256.toLowerCase()) {
					throw new FileReuseError(file.filename, file.sha256.toLowerCase(), sha256, `The index at ${options.simpleBase}`);
				}

				pending.delete(file.filename);
				visible.push(file.filename);
			}
		}),
	);
	return unanswered;
}

import {IndexRequestError} from './index-errors.js';

export type IndexRequestOptions = {
	readonly accept: string;
	readonly signal?: AbortSignal | undefined;
	/** Longest wait for one answer; default 30 s. */
	readonly timeoutMs?: number | undefined;
};

/** An answer from the index: 404 comes back as `found: false`, any other failure throws. */
export type IndexAnswer = {readonly found: false; readonly contentType: string} | {readonly found: true; readonly url: string; readonly contentType: string; readonly body: string};

/**
 * One GET to an index, following redirects, always revalidated: `Cache-Control: max-age=0`
 * makes PyPI's CDN (and any cache between) ask the origin again, so a poll sees new files.
 */
export async function getFromIndex(url: string, options: IndexRequestOptions): Promise<IndexAnswer> {
	const timeout = AbortSignal.timeout(options.timeoutMs ?? 30_000);
	const signal = options.signal === undefined ? timeout : AbortSignal.any([options.signal, timeout]);
	let response: Response;
	try {
		response = await fetch(url, {headers: {Accept: options.accept, 'Cache-Control': 'max-age=0'}, redirect: 'follow', signal});
	} catch (error: unknown) {
		throw failure(url, error, options.signal);
	}

	const contentType = response.headers.get('content-type') ?? '';
	if (response.status === 404) {
		await response.body?.cancel();
		return {found: false, contentType};
	}

	if (!response.ok) {
		const detail = response.statusText || (await response.text().catch(() => '')).slice(0, 200).trim() || 'no reason given';
		throw new IndexRequestError(url, response.status, detail, {retryable: response.status >= 500 || response.status === 429});
	}

	let body: string;
	try {
		body = await response.text();
	} catch (error: unknown) {
		throw failure(url, error, options.signal);
	}

	return {found: true, url: response.url || url, contentType, body};
}

function failure(url: string, error: unknown, signal: AbortSignal | undefined): unknown {
	// The caller's abort is not the index's failure: let it through unchanged.
	if (signal?.aborted) {
		return signal.reason;
	}

	const cause = (error as {cause?: {code?: string; message?: string}}).cause;
	const timedOut = (error as Error).name === 'TimeoutError';
	const detail = timedOut ? 'no answer in time' : (cause?.code ?? cause?.message ?? (error as Error).message);
	return new IndexRequestError(url, undefined, detail, {retryable: true, cause: error});
}

import {setTimeout as delay} from 'node:timers/promises';
import {IndexRequestError} from '../../index/index-errors.js';

/** Waits between tries of a call the index may briefly refuse (5xx, 429, no answer): 4 tries in all. */
export const retryDelaysMs: readonly number[] = [1000, 2000, 4000];

/**
 * `attempt()`, tried again after each of `delaysMs` while it fails with a retryable index error;
 * the last failure is thrown. An abort stops the waiting at once.
 */
export async function withIndexRetries<T>(attempt: () => Promise<T>, signal: AbortSignal, delaysMs: readonly number[] = retryDelaysMs): Promise<T> {
	for (let tried = 0; ; tried++) {
		try {
			return await attempt();
		} catch (error: unknown) {
			if (!(error instanceof IndexRequestError) || !error.retryable || tried >= delaysMs.length || signal.aborted) {
				throw error;
			}
		}

		await delay(delaysMs[tried]!, undefined, {signal});
	}
}

export type BatchOptions<T> = {
	/** Items of one batch run up to this many at once. */
	readonly jobs: number;
	readonly signal: AbortSignal;
	/** Before a batch starts (a progress line). */
	readonly onBatch?: (index: number, items: readonly T[]) => void;
	/** After a batch whose every item succeeded, before the next starts (the propagation wait). */
	readonly afterBatch?: (index: number, items: readonly T[]) => Promise<void>;
};

/** The first failure of a batch; the failures of items that were already running come along. */
export type BatchFailure = Error & {others?: unknown[]};

/**
 * Runs `work` on every item, batch after batch. After the first failure (or an abort) no new item
 * starts; the running ones finish, then the first failure is thrown, with the others attached as
 * `error.others` (an abort throws the signal's reason).
 */
export async function runBatches<T>(batches: ReadonlyArray<readonly T[]>, options: BatchOptions<T>, work: (item: T, batch: number) => Promise<void>): Promise<void> {
	for (const [index, items] of batches.entries()) {
		options.signal.throwIfAborted();
		options.onBatch?.(index, items);
		await runBatch(items, index, options, work);
		options.signal.throwIfAborted();
		await options.afterBatch?.(index, items);
	}
}

async function runBatch<T>(items: readonly T[], batch: number, options: BatchOptions<T>, work: (item: T, batch: number) => Promise<void>): Promise<void> {
	const failures: unknown[] = [];
	let next = 0;
	const worker = async (): Promise<void> => {
		while (next < items.length && failures.length === 0 && !options.signal.aborted) {
			const item = items[next++]!;
			try {
				await work(item, batch);
			} catch (error: unknown) {
				failures.push(error);
			}
		}
	};

	await Promise.all(Array.from({length: Math.max(1, Math.min(options.jobs, items.length))}, worker));
	if (failures.length > 0) {
		const [first, ...others] = failures;
		if (others.length > 0 && first instanceof Error) {
			(first as BatchFailure).others = others;
		}

		throw first;
	}

	options.signal.throwIfAborted();
}

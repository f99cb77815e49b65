/** Maps `items` through `task` with at most `limit` running at once, keeping the order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, task: (item: T, index: number) => Promise<R>): Promise<R[]> {
	const results: R[] = Array.from({length: items.length});
	let next = 0;
	const worker = async (): Promise<void> => {
		while (next < items.length) {
			const index = next++;
			results[index] = await task(items[index]!, index);
		}
	};

	await Promise.all(Array.from({length: Math.max(1, Math.min(limit, items.length))}, worker));
	return results;
}

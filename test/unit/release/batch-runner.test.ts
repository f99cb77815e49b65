import {setTimeout as sleep} from 'node:timers/promises';
import {describe, expect, test} from 'vitest';
import {runBatches} from '../../../source/core/release/batch-runner.js';

describe('runBatches', () => {
	test('runs at most `jobs` items of a batch at once, and a batch only after the previous one and its afterBatch', async () => {
		const log: string[] = [];
		let running = 0;
		let most = 0;
		await runBatches(
			[['a', 'b', 'c', 'd'], ['e']],
			{
				jobs: 2,
				signal: new AbortController().signal,
				onBatch: index => log.push(`batch ${index}`),
				async afterBatch(index) {
					await sleep(5);
					log.push(`after ${index}`);
				},
			},
			async item => {
				running++;
				most = Math.max(most, running);
				await sleep(10);
				running--;
				log.push(item);
			},
		);
		expect(most).toBe(2);
		expect(log.slice(0, 1)).toEqual(['batch 0']);
		expect(log.slice(5)).toEqual(['after 0', 'batch 1', 'e', 'after 1']);
	});

	test('after a failure no new item starts, running ones finish, and the first failure is thrown with the others', async () => {
		const started: string[] = [];
		const finished: string[] = [];
		const afterBatch: number[] = [];
		const attempt = runBatches([['a', 'b', 'c', 'd'], ['e']], {jobs: 2, signal: new AbortController().signal, afterBatch: async index => void afterBatch.push(index)}, async item => {
			started.push(item);
			await sleep(item === 'a' ? 5 : 20);
			finished.push(item);
			throw new Error(`${item} failed`);
		});
		const error = (await attempt.catch((error_: unknown) => error_)) as Error & {others?: unknown[]};
		expect(error.message).toBe('a failed');
		expect((error.others ?? []).map(other => (other as Error).message)).toEqual(['b failed']);
		expect(started).toEqual(['a', 'b']);
		expect(finished).toEqual(['a', 'b']);
		expect(afterBatch).toEqual([]);
	});

	test('an abort starts no new item and throws the reason once the running ones finish', async () => {
		const controller = new AbortController();
		const started: string[] = [];
		const attempt = runBatches([['a', 'b', 'c'], ['d']], {jobs: 1, signal: controller.signal}, async item => {
			started.push(item);
			controller.abort(new Error('stopped'));
			await sleep(5);
		});
		await expect(attempt).rejects.toThrow('stopped');
		expect(started).toEqual(['a']);
	});
});

import {randomBytes} from 'node:crypto';
import {mkdir, readFile, rename, rm} from 'node:fs/promises';
import path from 'node:path';
import {writeFileAtomic} from '../core/atomic-write.js';
import {emptyRecords, storagePath, type FileRecord, type IndexRecords} from './records.js';

/**
 * One index's storage folder:
 *   records.json      the records, replaced atomically (write, fsync, rename) on every change
 *   packages/...      the files, by blake2b-256 digest, moved in complete before being recorded
 *   incoming/         uploads being received; emptied at start, so a crash leaves nothing visible
 */
export class IndexStore {
	readonly folder: string;
	private current: IndexRecords;
	// Changes run one at a time, in arrival order; reads never wait.
	private queue: Promise<unknown> = Promise.resolve();

	private constructor(folder: string, records: IndexRecords) {
		this.folder = folder;
		this.current = records;
	}

	static async open(folder: string): Promise<IndexStore> {
		await mkdir(folder, {recursive: true});
		await rm(path.join(folder, 'incoming'), {recursive: true, force: true});
		await mkdir(path.join(folder, 'incoming'), {recursive: true});
		let records = emptyRecords;
		try {
			records = {...emptyRecords, ...(JSON.parse(await readFile(path.join(folder, 'records.json'), 'utf8')) as IndexRecords)};
		} catch (error: unknown) {
			if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
				throw new Error(`The sandbox's records at ${path.join(folder, 'records.json')} cannot be read: ${(error as Error).message}`, {cause: error});
			}
		}

		return new IndexStore(folder, records);
	}

	get records(): IndexRecords {
		return this.current;
	}

	/** A fresh path under incoming/ for an upload in progress. */
	incomingPath(): string {
		return path.join(this.folder, 'incoming', randomBytes(12).toString('hex'));
	}

	filePath(file: Pick<FileRecord, 'blake2_256' | 'filename'>): string {
		return path.join(this.folder, ...storagePath(file).split('/'));
	}

	/** Moves a complete upload (and its METADATA sidecar) to its final place. */
	async placeFile(file: Pick<FileRecord, 'blake2_256' | 'filename'>, received: string, metadata: Buffer | undefined): Promise<void> {
		const target = this.filePath(file);
		await mkdir(path.dirname(target), {recursive: true});
		if (metadata !== undefined) {
			await writeFileAtomic(`${target}.metadata`, metadata);
		}

		await rename(received, target);
	}

	async removeFile(file: Pick<FileRecord, 'blake2_256' | 'filename'>): Promise<void> {
		const target = this.filePath(file);
		await rm(target, {force: true});
		await rm(`${target}.metadata`, {force: true});
	}

	/**
	 * Runs `change` alone (no other change interleaves) on the latest records; the records it
	 * returns are written to disk before they become visible.
	 */
	async change<T>(change: (records: IndexRecords) => Promise<{records?: IndexRecords; result: T}>): Promise<T> {
		const run = this.queue.then(async () => {
			const {records, result} = await change(this.current);
			if (records !== undefined) {
				await writeFileAtomic(path.join(this.folder, 'records.json'), Buffer.from(JSON.stringify(records)));
				this.current = records;
			}

			return result;
		});
		this.queue = run.catch(() => undefined);
		return run;
	}

	/** Resolves once every change queued so far is on disk. */
	async settled(): Promise<void> {
		await this.queue;
	}
}

import {open, readFile} from 'node:fs/promises';
import path from 'node:path';

/** One upload request the sandbox answered, as `/_sandbox/uploads` lists it. */
export type UploadLogEntry = {
	/** When the answer was sent (ISO 8601). */
	readonly time: string;
	readonly index: string;
	/** The file name the request carried; null when the request was answered before it was read. */
	readonly filename: string | null;
	/** sha256 of the bytes received; null when none were. */
	readonly sha256: string | null;
	readonly status: number;
	/** The reason given with a refusal. */
	readonly message?: string;
};

/**
 * The append-only log of every upload request the sandbox answered, one JSON line each in
 * `uploads.log` of the data folder. It is how a test or a person proves that a release sent
 * nothing twice: a file counts as uploaded once per 200 it got. Lines are appended in the
 * order the answers were sent and flushed to the disk before the next one, so the log
 * survives a restart (and a kill) of the sandbox like the files do.
 */
export class UploadLog {
	static async open(dataDir: string): Promise<UploadLog> {
		const file = path.join(dataDir, 'uploads.log');
		const handle = await open(file, 'a');
		await handle.close();
		return new UploadLog(file);
	}

	private queue: Promise<void> = Promise.resolve();

	private constructor(readonly file: string) {}

	append(entry: UploadLogEntry): Promise<void> {
		const line = `${JSON.stringify(entry)}\n`;
		const appended = this.queue.then(async () => {
			const handle = await open(this.file, 'a');
			try {
				await handle.write(line);
				await handle.sync();
			} finally {
				await handle.close();
			}
		});
		this.queue = appended.catch(() => undefined);
		return appended;
	}

	/** Every entry, oldest first. A line cut short by a crash mid-append is left out. */
	async entries(): Promise<UploadLogEntry[]> {
		await this.queue;
		const text = await readFile(this.file, 'utf8');
		const entries: UploadLogEntry[] = [];
		for (const line of text.split('\n')) {
			if (line.trim() === '') {
				continue;
			}

			try {
				entries.push(JSON.parse(line) as UploadLogEntry);
			} catch {
				// The last line of a sandbox killed mid-write: the request it stands for got no answer.
			}
		}

		return entries;
	}
}

import {appendFileSync, readFileSync} from 'node:fs';
import path from 'node:path';

/** One upload request the sandbox answered. `filename` and `sha256` are null when it never read the file (a --flaky 503). */
export type UploadLogEntry = {
	readonly time: string;
	readonly index: string;
	readonly filename: string | null;
	readonly sha256: string | null;
	readonly status: number;
};

/**
 * Every upload request answered, append-only, one JSON object a line in `uploads.jsonl` of the
 * data folder (so a restarted sandbox keeps it): how a test or a person proves that nothing was
 * uploaded twice. Served at `GET /_sandbox/uploads`.
 */
export class UploadLog {
	readonly file: string;
	private readonly entries: UploadLogEntry[];

	constructor(dataDir: string) {
		this.file = path.join(dataDir, 'uploads.jsonl');
		this.entries = readEntries(this.file);
	}

	append(entry: Omit<UploadLogEntry, 'time'>): void {
		const logged = {time: new Date().toISOString(), ...entry};
		this.entries.push(logged);
		appendFileSync(this.file, `${JSON.stringify(logged)}\n`);
	}

	all(): readonly UploadLogEntry[] {
		return [...this.entries];
	}
}

function readEntries(file: string): UploadLogEntry[] {
	let text: string;
	try {
		text = readFileSync(file, 'utf8');
	} catch {
		return [];
	}

	// A line cut short by a crash is dropped: the upload it describes was never answered.
	return text.split('\n').flatMap(line => {
		try {
			return line.trim() === '' ? [] : [JSON.parse(line) as UploadLogEntry];
		} catch {
			return [];
		}
	});
}

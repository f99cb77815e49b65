import {createReadStream} from 'node:fs';
import {PassThrough, Readable} from 'node:stream';
import {createGunzip} from 'node:zlib';
import * as tar from 'tar-stream';
import * as yauzl from 'yauzl';

// Reads wheels (zip) and sdists (.tar.gz) member by member, streaming: a 200 MB archive is
// never held in memory, only the members a caller asks to read.

export type ArchiveFormat = 'zip' | 'tar.gz';

export type ArchiveEntry = {
	/** The member's path inside the archive, `/`-separated. */
	readonly name: string;
	readonly size: number;
	readonly isFile: boolean;
	/** zip only: 0 stored, 8 deflated; anything else is a compression PyPI refuses. */
	readonly compressionMethod: number | undefined;
};

/** What went wrong, in the terms PyPI's upload checks use. */
export type ArchiveErrorKind = 'not-zip' | 'not-tar' | 'corrupt' | 'too-large';

export class ArchiveError extends Error {
	readonly kind: ArchiveErrorKind;

	constructor(kind: ArchiveErrorKind, message: string, options?: {cause?: unknown}) {
		super(message, options);
		this.name = 'ArchiveError';
		this.kind = kind;
	}
}

export function archiveFormat(filename: string): ArchiveFormat | undefined {
	if (filename.endsWith('.whl') || filename.endsWith('.zip')) {
		return 'zip';
	}

	return filename.endsWith('.tar.gz') || filename.endsWith('.tgz') ? 'tar.gz' : undefined;
}

/**
 * Called for each member in archive order. `read` gives the member's bytes (call it at most
 * once, before returning); return `'stop'` to end the walk early.
 */
export type ArchiveVisitor = (entry: ArchiveEntry, read: () => Promise<Buffer>) => Promise<'stop' | void> | 'stop' | void;

/** Carries a visitor's own error through the walk, so it is not mistaken for a broken archive. */
class VisitorFailure {
	constructor(readonly error: unknown) {}
}

/** Where an archive's bytes are: a file, or a buffer (an archive nested in another one). */
export type ArchiveSource = string | Buffer;

export type WalkOptions = {
	/** `'tar'`: an uncompressed tar (only ever nested: PyPI takes no plain tar). */
	readonly format?: ArchiveFormat | 'tar';
	/** Stop with a `too-large` error once a tar stream has inflated past this many bytes (a bomb). */
	readonly maxDecompressedBytes?: number;
};

export async function walkArchive(file: ArchiveSource, format: ArchiveFormat | 'tar', visit: ArchiveVisitor, options: WalkOptions = {}): Promise<void> {
	const guarded: ArchiveVisitor = async (entry, read) => {
		const readOrFail = async (): Promise<Buffer> => {
			try {
				return await read();
			} catch (error: unknown) {
				throw error instanceof ArchiveError ? error : new ArchiveError('corrupt', `Cannot read ${entry.name}: ${error instanceof Error ? error.message : String(error)}`, {cause: error});
			}
		};

		try {
			return await visit(entry, readOrFail);
		} catch (error: unknown) {
			// eslint-disable-next-line @typescript-eslint/only-throw-error
			throw error instanceof ArchiveError ? error : new VisitorFailure(error);
		}
	};

	try {
		await (format === 'zip' ? walkZip(file, guarded) : walkTar(file, format === 'tar.gz', guarded, options.maxDecompressedBytes ?? Number.POSITIVE_INFINITY));
	} catch (error: unknown) {
		if (error instanceof VisitorFailure) {
			throw error.error;
		}

		throw error;
	}
}

export async function listArchive(file: string, format: ArchiveFormat): Promise<ArchiveEntry[]> {
	const entries: ArchiveEntry[] = [];
	await walkArchive(file, format, entry => {
		entries.push(entry);
	});
	return entries;
}

/** The bytes of one member (e.g. `pkg-1.0.dist-info/METADATA`), or undefined when absent. */
export async function readArchiveMember(file: string, format: ArchiveFormat, member: string): Promise<Buffer | undefined> {
	let found: Buffer | undefined;
	await walkArchive(file, format, async (entry, read) => {
		if (entry.isFile && entry.name === member) {
			found = await read();
			return 'stop';
		}

		return undefined;
	});
	return found;
}

async function collect(stream: Readable): Promise<Buffer> {
	const chunks: Buffer[] = [];
	for await (const chunk of stream) {
		chunks.push(chunk as Buffer);
	}

	return Buffer.concat(chunks);
}

async function walkZip(file: ArchiveSource, visit: ArchiveVisitor): Promise<void> {
	let zip: yauzl.ZipFile;
	const options = {lazyEntries: true, autoClose: false, strictFileNames: false, validateEntrySizes: true};
	try {
		zip = typeof file === 'string' ? await yauzl.openPromise(file, options) : await yauzl.fromBufferPromise(file, options);
	} catch (error: unknown) {
		throw new ArchiveError('not-zip', 'File is not a zipfile', {cause: error});
	}

	try {
		for await (const entry of zip.eachEntry()) {
			const isFile = !entry.fileName.endsWith('/');
			const archiveEntry: ArchiveEntry = {name: entry.fileName, size: entry.uncompressedSize, isFile, compressionMethod: entry.compressionMethod};
			const read = async (): Promise<Buffer> => collect(await zip.openReadStreamPromise(entry));
			if ((await visit(archiveEntry, read)) === 'stop') {
				break;
			}
		}
	} catch (error: unknown) {
		if (error instanceof ArchiveError || error instanceof VisitorFailure) {
			throw error;
		}

		throw new ArchiveError('corrupt', `Corrupt zip archive: ${error instanceof Error ? error.message : String(error)}`, {cause: error});
	} finally {
		zip.close();
	}
}

async function walkTar(file: ArchiveSource, gzipped: boolean, visit: ArchiveVisitor, maxDecompressedBytes: number): Promise<void> {
	const source = typeof file === 'string' ? createReadStream(file) : Readable.from([file]);
	const gunzip = gzipped ? createGunzip() : new PassThrough();
	const extract = tar.extract();
	let decompressed = 0;
	let members = 0;
	let failure: ArchiveError | undefined;
	const fail = (error: Error): void => {
		// Nothing readable yet means it never was a gzip'd tar; later, it is a damaged one.
		failure ??= decompressed === 0 || members === 0 ? new ArchiveError('not-tar', 'File is not a tarfile', {cause: error}) : new ArchiveError('corrupt', `Corrupt tar archive: ${error.message}`, {cause: error});
		extract.destroy(failure);
	};

	source.on('error', fail);
	gunzip.on('error', fail);
	gunzip.on('data', (chunk: Buffer) => {
		decompressed += chunk.length;
		if (decompressed > maxDecompressedBytes) {
			failure ??= new ArchiveError('too-large', `It inflates to more than ${Math.round((maxDecompressedBytes / 1024 / 1024) * 10) / 10} MB`);
			extract.destroy(failure);
		}
	});
	source.pipe(gunzip).pipe(extract);

	try {
		for await (const entry of extract) {
			members++;
			const {header} = entry;
			const isFile = header.type === 'file' || header.type === 'contiguous-file';
			const archiveEntry: ArchiveEntry = {name: header.name.replace(/^\.\//, ''), size: header.size ?? 0, isFile, compressionMethod: undefined};
			let consumed = false;
			const read = async (): Promise<Buffer> => {
				consumed = true;
				return collect(entry as unknown as Readable);
			};

			const verdict = await visit(archiveEntry, read);
			if (verdict === 'stop') {
				break;
			}

			if (!consumed) {
				entry.resume();
			}
		}
	} catch (error: unknown) {
		if (error instanceof VisitorFailure) {
			throw error;
		}

		if (failure !== undefined) {
			throw failure;
		}

		if (error instanceof ArchiveError) {
			throw error;
		}

		throw members === 0
			? new ArchiveError('not-tar', 'File is not a tarfile', {cause: error})
			: new ArchiveError('corrupt', `Corrupt tar archive: ${error instanceof Error ? error.message : String(error)}`, {cause: error});
	} finally {
		source.destroy();
		gunzip.destroy();
		extract.destroy();
	}

	if (failure !== undefined) {
		throw failure;
	}

	if (members === 0) {
		throw new ArchiveError('not-tar', 'File is not a tarfile');
	}
}

import busboy from 'busboy';
import {createWriteStream} from 'node:fs';
import {rm} from 'node:fs/promises';
import type {IncomingMessage} from 'node:http';
import {createDigestStream, type DigestStream} from './file-digests.js';

export type ReceivedContent = {
	readonly filename: string;
	readonly mimeType: string;
	/** Where the bytes were written; absent when the file went over the size limit. */
	readonly path: string | undefined;
	readonly size: number;
	readonly tooLarge: boolean;
	readonly md5: string;
	readonly sha256: string;
	readonly blake2_256: string;
};

export type ReceivedForm = {
	readonly fields: ReadonlyMap<string, readonly string[]>;
	/** Names of file parts other than `content` and `gpg_signature` (PyPI refuses those). */
	readonly unexpectedFileParts: readonly string[];
	readonly content: ReceivedContent | undefined;
};

/** The client hung up mid-upload: nothing to answer, nothing to report. */
export class ClientGone extends Error {}

/** The body is not readable multipart; answered 400, as any other bad form. */
export class MalformedUpload extends Error {}

export type ReceiveOptions = {
	readonly destination: string;
	readonly maxFileSize: number;
};

/**
 * Reads a multipart upload, streaming the `content` part to `destination` while hashing it:
 * memory stays flat whatever the file size. The caller owns (and removes) the written file.
 */
export async function receiveMultipart(request: IncomingMessage, options: ReceiveOptions): Promise<ReceivedForm> {
	const fields = new Map<string, string[]>();
	const unexpectedFileParts: string[] = [];
	let content: ReceivedContent | undefined;
	let writing: Promise<void> = Promise.resolve();
	// Made before the body flows, so no chunk can pass while it is being set up.
	const digests = await createDigestStream();

	let parser: busboy.Busboy;
	try {
		parser = busboy({headers: request.headers, defParamCharset: 'utf8', preservePath: true, limits: {fieldSize: 64 * 1024 * 1024, fields: 100_000, parts: 100_000}});
	} catch (error: unknown) {
		// Read to the end first: a client still sending would see a reset, not the answer.
		request.resume();
		await new Promise(resolve => request.once('end', resolve));
		const contentType = request.headers['content-type'] ?? '';
		if (/^\s*multipart\//i.test(contentType)) {
			throw new MalformedUpload(`Malformed multipart/form-data body: ${reasonOf(error, contentType)}`);
		}

		// Not multipart at all: an empty form, which the caller refuses as PyPI would.
		return {fields, unexpectedFileParts, content};
	}

	const finished = new Promise<void>((resolve, reject) => {
		parser.on('field', (name, value) => {
			fields.set(name, [...(fields.get(name) ?? []), value]);
		});
		parser.on('file', (name, stream, info) => {
			if (name !== 'content' || content !== undefined) {
				if (name !== 'content' && name !== 'gpg_signature') {
					unexpectedFileParts.push(name);
				}

				stream.resume();
				return;
			}

			content = {filename: info.filename ?? '', mimeType: info.mimeType, path: options.destination, size: 0, tooLarge: false, md5: '', sha256: '', blake2_256: ''};
			writing = writeContent(stream, digests, options).then(written => {
				content = {...content!, ...written};
			});
			// Awaited below; this only keeps an early failure from counting as unhandled.
			writing.catch(() => undefined);
		});
		parser.on('close', resolve);
		parser.on('error', (error: Error) => {
			reject(new MalformedUpload(`Malformed multipart/form-data body: ${error.message}.`));
		});
		request.on('close', () => {
			if (!request.complete) {
				const error = new ClientGone('The client closed the connection before the upload ended.');
				request.unpipe(parser);
				parser.destroy(error);
				reject(error);
			}
		});
	});

	request.pipe(parser);
	try {
		await finished;
		await writing;
	} catch (error: unknown) {
		await writing.catch(() => undefined);
		await rm(options.destination, {force: true});
		throw error;
	}

	return {fields, unexpectedFileParts, content};
}

function reasonOf(error: unknown, contentType: string): string {
	if (!/;\s*boundary=/i.test(contentType)) {
		return `the Content-Type header (${contentType}) has no boundary parameter, so the parts cannot be told apart. Send multipart/form-data; boundary=... as twine does.`;
	}

	return `${error instanceof Error ? error.message : String(error)}.`;
}

async function writeContent(stream: NodeJS.ReadableStream, digests: DigestStream, options: ReceiveOptions): Promise<Omit<ReceivedContent, 'filename' | 'mimeType'>> {
	const out = createWriteStream(options.destination);
	let size = 0;
	let tooLarge = false;

	let ended = false;
	await new Promise<void>((resolve, reject) => {
		const fail = (error: Error): void => {
			out.destroy();
			reject(error);
		};

		out.on('error', fail);
		stream.on('error', fail);
		stream.on('close', () => {
			if (!ended) {
				fail(new Error('The upload ended before its file did.'));
			}
		});
		stream.on('data', (chunk: Buffer) => {
			size += chunk.length;
			if (tooLarge) {
				return;
			}

			if (size > options.maxFileSize) {
				// Keep reading to the end of the request, but store nothing more.
				tooLarge = true;
				out.destroy();
				return;
			}

			digests.update(chunk);
			if (!out.write(chunk)) {
				stream.pause();
				out.once('drain', () => stream.resume());
			}
		});
		stream.on('end', () => {
			ended = true;
			if (tooLarge) {
				resolve();
			} else {
				out.end(resolve);
			}
		});
	});

	if (tooLarge) {
		await rm(options.destination, {force: true});
	}

	return {
		path: tooLarge ? undefined : options.destination,
		size,
		tooLarge,
		...digests.hexDigests(),
	};
}

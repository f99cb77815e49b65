import {createReadStream} from 'node:fs';
import {stat} from 'node:fs/promises';
import type {IncomingMessage, ServerResponse} from 'node:http';
import {storagePath} from './records.js';
import type {SandboxIndex} from './sandbox-index.js';

/**
 * Serves `/files/packages/<aa>/<bb>/<rest>/<filename>` and its `.metadata`. Only paths of files
 * the index records are served, so no URL can reach outside the storage folder.
 */
export async function serveFile(request: IncomingMessage, response: ServerResponse, index: SandboxIndex, relative: string): Promise<boolean> {
	const wantsMetadata = relative.endsWith('.metadata');
	const filePart = wantsMetadata ? relative.slice(0, -'.metadata'.length) : relative;
	const file = index.store.records.files.find(candidate => storagePath(candidate) === filePart);
	if (file === undefined || (wantsMetadata && file.metadataSha256 === null)) {
		return false;
	}

	const onDisk = wantsMetadata ? `${index.store.filePath(file)}.metadata` : index.store.filePath(file);
	let size: number;
	try {
		size = (await stat(onDisk)).size;
	} catch {
		return false;
	}

	response.statusCode = 200;
	response.setHeader('Content-Type', wantsMetadata ? 'text/plain; charset=utf-8' : 'application/octet-stream');
	response.setHeader('Content-Length', size);
	response.setHeader('ETag', `"${wantsMetadata ? file.metadataSha256 : file.sha256}"`);
	response.setHeader('Cache-Control', 'max-age=365000000, immutable, public');
	if (request.method === 'HEAD') {
		response.end();
		return true;
	}

	await new Promise<void>((resolve, reject) => {
		const stream = createReadStream(onDisk);
		stream.on('error', reject);
		response.on('close', resolve);
		stream.pipe(response);
	});
	return true;
}

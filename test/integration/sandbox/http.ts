import {createHash, randomBytes} from 'node:crypto';
import {request as httpRequest} from 'node:http';
import {execFileSync} from 'node:child_process';
import {python} from '../../helpers/tools.js';

// Raw HTTP for the sandbox's tests: multipart bodies built byte by byte (so odd file names and
// content types reach the server exactly as written) and the status line's reason phrase read
// as clients read it.

export type Part = {readonly name: string; readonly value: string} | {readonly name: string; readonly filename: string; readonly data: Buffer; readonly contentType?: string | null};

export function multipart(parts: readonly Part[]): {body: Buffer; contentType: string} {
	const boundary = `----sandbox${randomBytes(8).toString('hex')}`;
	const chunks: Buffer[] = [];
	for (const part of parts) {
		let head = `--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"`;
		if ('filename' in part) {
			// RFC 2231 form for names a plain quoted string cannot carry (control characters).
			head += /[\u0000-\u001F]/.test(part.filename) ? `; filename*=utf-8''${encodeURIComponent(part.filename)}` : `; filename="${part.filename}"`;
			if (part.contentType !== null) {
				head += `\r\nContent-Type: ${part.contentType ?? 'application/octet-stream'}`;
			}
		}

		chunks.push(Buffer.from(`${head}\r\n\r\n`, 'latin1'), 'filename' in part ? part.data : Buffer.from(part.value, 'utf8'), Buffer.from('\r\n'));
	}

	chunks.push(Buffer.from(`--${boundary}--\r\n`));
	return {body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}`};
}

export type RawResponse = {readonly status: number; readonly reason: string; readonly headers: Record<string, string | string[] | undefined>; readonly body: string};

export async function send(url: string, options: {method?: string; headers?: Record<string, string>; body?: Buffer | string} = {}): Promise<RawResponse> {
	return new Promise((resolve, reject) => {
		const request = httpRequest(url, {method: options.method ?? 'GET', headers: options.headers}, response => {
			const chunks: Buffer[] = [];
			response.on('data', (chunk: Buffer) => chunks.push(chunk));
			response.on('end', () => {
				resolve({status: response.statusCode ?? 0, reason: response.statusMessage ?? '', headers: response.headers, body: Buffer.concat(chunks).toString('utf8')});
			});
		});
		request.on('error', reject);
		request.end(options.body);
	});
}

export function basicAuth(user: string, password: string): string {
	return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}

export function blake2(data: Buffer): string {
	return execFileSync(python, ['-c', 'import sys,hashlib;print(hashlib.blake2b(sys.stdin.buffer.read(),digest_size=32).hexdigest())'], {input: data}).toString().trim();
}

export function sha256(data: Buffer): string {
	return createHash('sha256').update(data).digest('hex');
}

export type UploadSpec = {
	readonly name: string;
	readonly version: string;
	readonly filename: string;
	readonly data: Buffer;
	readonly filetype?: string;
	readonly pyversion?: string;
	readonly fields?: Readonly<Record<string, string | undefined>>;
	readonly contentType?: string | null;
	readonly omitContent?: boolean;
};

/** The form twine would send for a file, with any field overridden (undefined drops it). */
export function uploadParts(spec: UploadSpec): Part[] {
	const filetype = spec.filetype ?? (spec.filename.endsWith('.whl') ? 'bdist_wheel' : 'sdist');
	const fields: Record<string, string | undefined> = {
		':action': 'file_upload',
		protocol_version: '1',
		metadata_version: '2.1',
		name: spec.name,
		version: spec.version,
		filetype,
		pyversion: spec.pyversion ?? (filetype === 'sdist' ? 'source' : 'py3'),
		sha256_digest: sha256(spec.data),
		summary: 'A test upload.',
		...spec.fields,
	};
	const parts: Part[] = Object.entries(fields)
		.filter((entry): entry is [string, string] => entry[1] !== undefined)
		.map(([name, value]) => ({name, value}));
	if (spec.omitContent !== true) {
		parts.push({name: 'content', filename: spec.filename, data: spec.data, contentType: spec.contentType});
	}

	return parts;
}

export async function postUpload(uploadUrl: string, spec: UploadSpec, authorization: string | undefined): Promise<RawResponse> {
	const {body, contentType} = multipart(uploadParts(spec));
	return send(uploadUrl, {method: 'POST', body, headers: {'Content-Type': contentType, ...(authorization === undefined ? {} : {Authorization: authorization})}});
}

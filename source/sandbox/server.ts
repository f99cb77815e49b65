import {mkdir, mkdtemp, rm} from 'node:fs/promises';
import {createServer, type IncomingMessage, type ServerResponse} from 'node:http';
import type {AddressInfo, Socket} from 'node:net';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {normalizeName} from '../core/names.js';
import {handleAdmin, type AdminAction} from './admin.js';
import {serveFile} from './files.js';
import {ClientGone} from './multipart.js';
import {sendJsonNotFound, serveProjectJson} from './json-api.js';
import {redirect, sendError} from './responses.js';
import {indexNames, type IndexName, type SandboxIndex, type SandboxSettings} from './sandbox-index.js';
import {serveSimpleProject, serveSimpleRoot} from './simple.js';
import {IndexStore} from './store.js';
import {handleUpload} from './upload.js';
import {UploadLog} from './upload-log.js';

export type SandboxOptions = {
	/** Default 127.0.0.1. */
	readonly host?: string;
	/** Default 0: a free port. */
	readonly port?: number;
	/** Where files and records live; default a fresh temp folder, removed on close. */
	readonly dataDir?: string;
	/** Seconds a new file stays out of the simple and JSON APIs. Default 0. */
	readonly delaySeconds?: number;
	/** Share of requests (0 to 1) answered 503 before anything else. Default 0. */
	readonly flakyRate?: number;
	/** Upload tokens accepted; default: any token starting `pypi-`. */
	readonly tokens?: readonly string[];
	/** Largest file accepted, in bytes. Default 100 MiB, PyPI's default limit. */
	readonly maxFileSize?: number;
	/**
	 * How long a client may send nothing in the middle of a request (a body shorter than its
	 * Content-Length, a stalled connection) before it gets 408 and is cut off. Default 30 s;
	 * tests use a short one.
	 */
	readonly stallTimeoutMs?: number;
	/** Where unexpected server errors are reported. Default: standard error. */
	readonly onError?: (error: unknown) => void;
};

export type Sandbox = {
	/** `http://127.0.0.1:PORT`, no trailing slash; indexes live at `${url}/testpypi/` and `${url}/pypi/`. */
	readonly url: string;
	readonly dataDir: string;
	close(): Promise<void>;
};

const defaultMaxFileSize = 100 * 1024 * 1024;
const defaultStallTimeoutMs = 30_000;

/** The folder given as `dataDir` cannot hold the sandbox's data. */
export class DataFolderError extends Error {
	readonly folder: string;

	constructor(folder: string, cause: unknown) {
		super(`${folder} cannot hold the sandbox's data: ${cause instanceof Error ? cause.message : String(cause)}`, {cause});
		this.folder = folder;
	}
}

function checkOptions(options: SandboxOptions): void {
	const {delaySeconds = 0, flakyRate = 0, maxFileSize = defaultMaxFileSize, port = 0, stallTimeoutMs = defaultStallTimeoutMs} = options;
	if (!Number.isSafeInteger(stallTimeoutMs) || stallTimeoutMs <= 0) {
		throw new RangeError(`stallTimeoutMs must be a whole number of milliseconds above 0 (got ${stallTimeoutMs}).`);
	}

	if (!Number.isFinite(delaySeconds) || delaySeconds < 0) {
		throw new RangeError(`delaySeconds must be a number of seconds, 0 or more (got ${delaySeconds}).`);
	}

	if (!(flakyRate >= 0 && flakyRate <= 1)) {
		throw new RangeError(`flakyRate must be between 0 and 1 (got ${flakyRate}).`);
	}

	if (!Number.isSafeInteger(maxFileSize) || maxFileSize <= 0) {
		throw new RangeError(`maxFileSize must be a whole number of bytes above 0 (got ${maxFileSize}).`);
	}

	if (!Number.isInteger(port) || port < 0 || port > 65_535) {
		throw new RangeError(`port must be between 0 and 65535 (got ${port}).`);
	}
}

/**
 * Starts the sandbox: two package indexes, `testpypi` and `pypi`, that answer uploads, the
 * simple API, the JSON API and file downloads as PyPI does.
 */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
	checkOptions(options);
	const ownsDataDir = options.dataDir === undefined;
	const dataDir = options.dataDir === undefined ? await mkdtemp(path.join(tmpdir(), 'wizard-sandbox-')) : path.resolve(options.dataDir);
	const settings: SandboxSettings = {
		delaySeconds: options.delaySeconds ?? 0,
		flakyRate: options.flakyRate ?? 0,
		tokens: options.tokens === undefined || options.tokens.length === 0 ? undefined : [...options.tokens],
		maxFileSize: options.maxFileSize ?? defaultMaxFileSize,
	};
	const indexes = new Map<string, SandboxIndex>();
	let uploads: UploadLog;
	try {
		await mkdir(dataDir, {recursive: true});
		uploads = await UploadLog.open(dataDir);
	} catch (error: unknown) {
		throw new DataFolderError(dataDir, error);
	}

	for (const name of indexNames) {
		let store: IndexStore;
		try {
			store = await IndexStore.open(path.join(dataDir, name));
		} catch (error: unknown) {
			throw new DataFolderError(dataDir, error);
		}

		indexes.set(name, {name, store, basePath: `/${name}`, helpUrl: helpUrlOf(name), uploads});
	}

	const onError = options.onError ?? ((error: unknown) => process.stderr.write(`sandbox: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`));
	const shouldFail = flakiness(settings.flakyRate);
	const stallTimeoutMs = options.stallTimeoutMs ?? defaultStallTimeoutMs;
	const inFlight = new WeakMap<Socket, Exchange>();
	// Answered 408: whatever the handler still does with them fails, and that is expected.
	const timedOut = new WeakSet<ServerResponse>();
	// No limit on a whole request (a large upload on a slow link may take long), but one on silence.
	const server = createServer({requestTimeout: 0}, (request, response) => {
		inFlight.set(request.socket, {request, response});
		response.once('finish', () => inFlight.delete(request.socket));
		const handled = shouldFail() ? answerUnavailable(request, response, indexes) : route(request, response, indexes, settings);
		handled.catch((error: unknown) => {
			if (error instanceof ClientGone || timedOut.has(response)) {
				response.destroy();
				return;
			}

			onError(error);
			if (!response.headersSent) {
				sendError(request, response, 500, 'Internal Server Error');
			} else {
				response.destroy();
			}
		});
	});

	server.timeout = stallTimeoutMs;
	server.on('timeout', (socket: Socket) => {
		const exchange = inFlight.get(socket);
		if (exchange === undefined) {
			// Silent before a request's headers were complete, or idle between requests.
			socket.destroy();
		} else if (!exchange.request.complete) {
			timedOut.add(exchange.response);
			answerStalled(exchange, stallTimeoutMs);
		} else if (exchange.response.headersSent) {
			// The client stopped reading the answer.
			timedOut.add(exchange.response);
			socket.destroy();
		}
		// Otherwise the request is whole and the sandbox is still working on it: wait.
	});

	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
			server.off('error', reject);
			resolve();
		});
	});

	const {port} = server.address() as AddressInfo;
	let closing: Promise<void> | undefined;
	return {
		url: `http://${urlHost(options.host ?? '127.0.0.1')}:${port}`,
		dataDir,
		async close() {
			closing ??= (async () => {
				await new Promise<void>(resolve => {
					server.close(() => resolve());
					server.closeIdleConnections();
					setTimeout(() => server.closeAllConnections(), 2000).unref();
				});
				await Promise.all([...indexes.values()].map(async index => index.store.settled()));
				if (ownsDataDir) {
					await rm(dataDir, {recursive: true, force: true});
				}
			})();
			await closing;
		},
	};
}

type Exchange = {readonly request: IncomingMessage; readonly response: ServerResponse};

function answerStalled({request, response}: Exchange, stallTimeoutMs: number): void {
	if (response.headersSent) {
		request.destroy();
		return;
	}

	const expected = request.headers['content-length'];
	const promised = expected === undefined ? '' : ` (its Content-Length promised ${expected} bytes of body)`;
	// The request, not only the socket: once answered, the request no longer hears its socket close.
	response.once('finish', () => request.destroy());
	sendError(request, response, 408, `Request Timeout: the client sent nothing for ${stallTimeoutMs / 1000} s before the end of its request${promised}; nothing was stored.`, {Connection: 'close'});
}

function helpUrlOf(name: IndexName): string {
	return name === 'testpypi' ? 'https://test.pypi.org/help/' : 'https://pypi.org/help/';
}

function urlHost(host: string): string {
	if (host === '0.0.0.0' || host === '::' || host === '') {
		return '127.0.0.1';
	}

	return host.includes(':') ? `[${host}]` : host;
}

/** Spreads failures evenly (at 0.5, every other request, starting with the first). */
function flakiness(rate: number): () => boolean {
	let owed = 1 - rate;
	return () => {
		if (rate === 0) {
			return false;
		}

		owed += rate;
		if (owed >= 1) {
			owed -= 1;
			return true;
		}

		return false;
	};
}

async function answerUnavailable(request: IncomingMessage, response: ServerResponse, indexes: ReadonlyMap<string, SandboxIndex>): Promise<void> {
	// The body is read first: a client still sending would see a reset, not the 503 to retry on.
	request.resume();
	await new Promise(resolve => {
		request.once('end', resolve);
		request.once('close', resolve);
	});
	const message = 'Service Unavailable (sandbox --flaky)';
	const [name, area] = segmentsOf(new URL(request.url ?? '/', 'http://sandbox').pathname) ?? [];
	const index = indexes.get(name ?? '');
	if (request.method === 'POST' && area === 'legacy' && index !== undefined) {
		await index.uploads.append({time: new Date().toISOString(), index: index.name, filename: null, sha256: null, status: 503, message});
	}

	sendError(request, response, 503, message, {'Retry-After': '0'});
}

function segmentsOf(pathname: string): string[] | undefined {
	try {
		return pathname.split('/').slice(1).map(segment => decodeURIComponent(segment));
	} catch {
		return undefined;
	}
}

async function route(request: IncomingMessage, response: ServerResponse, indexes: ReadonlyMap<string, SandboxIndex>, settings: SandboxSettings): Promise<void> {
	const url = new URL(request.url ?? '/', 'http://sandbox');
	const segments = segmentsOf(url.pathname);
	const method = request.method ?? 'GET';
	const reading = method === 'GET' || method === 'HEAD';
	const index = segments === undefined ? undefined : indexes.get(segments[0] ?? '');
	if (segments === undefined || index === undefined) {
		if (url.pathname === '/_sandbox/uploads' && reading) {
			const entries = await [...indexes.values()][0]!.uploads.entries();
			response.setHeader('Content-Type', 'application/json');
			response.setHeader('Cache-Control', 'no-store');
			response.end(`${JSON.stringify({uploads: entries}, undefined, 2)}\n`);
			return;
		}

		if (url.pathname === '/' && reading) {
			response.setHeader('Content-Type', 'text/plain; charset=utf-8');
			response.end(indexNames.map(name => `${name}: upload /${name}/legacy/  simple /${name}/simple/  json /${name}/pypi/<project>/json\n`).join(''));
			return;
		}

		request.resume();
		sendError(request, response, 404, 'Not Found');
		return;
	}

	const [, area = '', ...rest] = segments;
	const base = index.basePath;

	if (area === 'legacy') {
		if (rest.length === 0) {
			request.resume();
			redirect(response, 308, `${base}/legacy/${url.search}`, `An upload was attempted to ${base}/legacy but the expected upload URL is ${base}/legacy/ (with a trailing slash)`);
			return;
		}

		if (rest.length === 1 && rest[0] === '') {
			if (method === 'POST') {
				await handleUpload(request, response, index, settings, url.searchParams);
				return;
			}

			if (reading) {
				response.setHeader('Content-Type', 'text/plain; charset=utf-8');
				response.end(`The upload endpoint of the sandbox's ${index.name} index: POST a distribution here (twine, flit, poetry).\n`);
				return;
			}
		}
	}

	if (area === '_sandbox' && rest.length === 1 && ['yank', 'unyank', 'delete'].includes(rest[0]!) && method === 'POST') {
		await handleAdmin(request, response, index, settings, rest[0] as AdminAction);
		return;
	}

	if (!reading) {
		request.resume();
		response.setHeader('Allow', 'GET, HEAD');
		sendError(request, response, 405, 'Method Not Allowed');
		return;
	}

	if (area === 'simple') {
		if (rest.length === 0) {
			redirect(response, 301, `${base}/simple/`);
			return;
		}

		if (rest.length === 1 && rest[0] === '') {
			serveSimpleRoot(request, response, index);
			return;
		}

		const [name = '', ...after] = rest;
		const normalized = normalizeName(name);
		const slashed = after.length === 1 && after[0] === '';
		if (name !== '' && (after.length === 0 || (slashed && name !== normalized))) {
			redirect(response, 301, `${base}/simple/${encodeURIComponent(normalized)}/`);
			return;
		}

		if (slashed && serveSimpleProject(request, response, index, normalized)) {
			return;
		}

		sendError(request, response, 404, 'Not Found');
		return;
	}

	if (area === 'pypi') {
		const trimmed = rest.at(-1) === '' ? rest.slice(0, -1) : rest;
		if ((trimmed.length === 2 || trimmed.length === 3) && trimmed.at(-1) === 'json') {
			const [name = ''] = trimmed;
			const version = trimmed.length === 3 ? trimmed[1] : undefined;
			const normalized = normalizeName(name);
			if (name !== normalized) {
				redirect(response, 301, `${base}/pypi/${[normalized, ...trimmed.slice(1)].map(encodeURIComponent).join('/')}${rest.at(-1) === '' ? '/' : ''}`);
				return;
			}

			serveProjectJson(request, response, index, normalized, version);
			return;
		}

		sendJsonNotFound(request, response);
		return;
	}

	if (area === 'files' && rest.length > 1 && (await serveFile(request, response, index, rest.join('/')))) {
		return;
	}

	sendError(request, response, 404, 'Not Found');
}

import {randomBytes} from 'node:crypto';
import {startSandbox} from '../../sandbox/server.js';
import type {TargetRecord} from './types.js';

/** The sandbox a `--sandbox` run starts in-process: both indexes, and the one token it accepts. */
export type RunSandbox = {
	/** `http://127.0.0.1:PORT`, no trailing slash. */
	readonly url: string;
	readonly dataDir: string;
	/** Made for this run, accepted by both indexes; a secret like any upload token. */
	readonly token: string;
	close(): Promise<void>;
};

export type RunSandboxOptions = {
	/** Kept across runs so a resume finds the files uploaded before; undefined: a temp folder, removed on close. */
	readonly dataDir: string | undefined;
	/** The port an interrupted run used, tried first so the saved URLs stay valid. */
	readonly preferredPort?: number | undefined;
	/** `--delay SECONDS`: how long an uploaded file stays off the simple pages (a slow CDN). */
	readonly delaySeconds?: number | undefined;
};

/** Starts the sandbox on a free port (the preferred one when it is free). */
export async function startRunSandbox(options: RunSandboxOptions): Promise<RunSandbox> {
	const token = `pypi-sandbox-${randomBytes(24).toString('base64url')}`;
	const start = async (port: number) => startSandbox({port, tokens: [token], delaySeconds: options.delaySeconds ?? 0, ...(options.dataDir === undefined ? {} : {dataDir: options.dataDir})});
	let sandbox;
	try {
		sandbox = await start(options.preferredPort ?? 0);
	} catch (error: unknown) {
		if (options.preferredPort === undefined || (error as NodeJS.ErrnoException).code !== 'EADDRINUSE') {
			throw error;
		}

		sandbox = await start(0);
	}

	return {url: sandbox.url, dataDir: sandbox.dataDir, token, close: async () => sandbox.close()};
}

/** The port a saved sandbox target used, if the record's targets are the sandbox's. */
export function savedSandboxPort(targets: {readonly test?: TargetRecord; readonly production?: TargetRecord}): number | undefined {
	const target = targets.test ?? targets.production;
	if (target === undefined || !isSandboxTarget(target)) {
		return undefined;
	}

	const port = Number(new URL(target.uploadUrl).port);
	return Number.isInteger(port) && port > 0 ? port : undefined;
}

export function isSandboxTarget(target: TargetRecord): boolean {
	return target.name.startsWith('sandbox ');
}

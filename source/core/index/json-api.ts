import {normalizeName} from '../names.js';
import {IndexRequestError} from './index-errors.js';
import {getFromIndex} from './index-request.js';

// PyPI's JSON API (`/pypi/<name>/json`, `/pypi/<name>/<version>/json`). It lags the simple API
// independently, so it describes a release; it never proves that installers can see a file.

export type ReleaseFile = {
	readonly filename: string;
	readonly sha256: string | undefined;
	/** ISO 8601, as the index gives it; undefined when it gives none. */
	readonly uploadTime: string | undefined;
};

export type ReleaseInfo =
	| {readonly found: false}
	| {
			readonly found: true;
			/** The version as the index stores it (`1.0` when asked for `1.0.0`). */
			readonly version: string;
			readonly yanked: boolean;
			readonly yankedReason: string | undefined;
			readonly files: readonly ReleaseFile[];
	  };

export type ProjectInfo =
	| {readonly found: false}
	| {
			readonly found: true;
			/** The name as the index displays it. */
			readonly name: string;
			/** The index's "latest": newest not yanked, final before pre-release. */
			readonly latestVersion: string;
			/** Every release, including those without files. */
			readonly versions: readonly string[];
	  };

export type JsonApiOptions = {
	readonly signal?: AbortSignal | undefined;
	readonly timeoutMs?: number | undefined;
};

/** One release of `project`: whether it is there, yanked, and its files. */
export async function releaseInfo(jsonBase: string, project: string, version: string, options: JsonApiOptions = {}): Promise<ReleaseInfo> {
	const url = `${base(jsonBase)}${encodeURIComponent(normalizeName(project))}/${encodeURIComponent(version)}/json`;
	const document = await readJson(url, options);
	if (document === undefined) {
		return {found: false};
	}

	const info = objectAt(url, document, 'info');
	const files = document['urls'];
	if (!Array.isArray(files)) {
		throw malformed(url, 'has no "urls" list');
	}

	return {
		found: true,
		version: stringAt(url, info, 'version'),
		yanked: info['yanked'] === true,
		yankedReason: typeof info['yanked_reason'] === 'string' && info['yanked_reason'] !== '' ? info['yanked_reason'] : undefined,
		files: files.map((file: Record<string, unknown>) => releaseFile(url, file)),
	};
}

/** `project` on the index: whether it exists, and every version it has. */
export async function projectInfo(jsonBase: string, project: string, options: JsonApiOptions = {}): Promise<ProjectInfo> {
	const url = `${base(jsonBase)}${encodeURIComponent(normalizeName(project))}/json`;
	const document = await readJson(url, options);
	if (document === undefined) {
		return {found: false};
	}

	const info = objectAt(url, document, 'info');
	const releases = document['releases'];
	const latestVersion = stringAt(url, info, 'version');
	return {
		found: true,
		name: typeof info['name'] === 'string' ? info['name'] : project,
		latestVersion,
		versions: typeof releases === 'object' && releases !== null ? Object.keys(releases) : [latestVersion],
	};
}

async function readJson(url: string, options: JsonApiOptions): Promise<Record<string, unknown> | undefined> {
	const answer = await getFromIndex(url, {accept: 'application/json', signal: options.signal, timeoutMs: options.timeoutMs});
	if (!answer.found) {
		return undefined;
	}

	let document: unknown;
	try {
		document = JSON.parse(answer.body);
	} catch (error: unknown) {
		throw malformed(url, `is not JSON (${(error as Error).message})`);
	}

	if (typeof document !== 'object' || document === null || Array.isArray(document)) {
		throw malformed(url, 'is not a JSON object');
	}

	return document as Record<string, unknown>;
}

function releaseFile(url: string, file: Record<string, unknown>): ReleaseFile {
	if (typeof file?.['filename'] !== 'string') {
		throw malformed(url, 'lists a file without a filename');
	}

	const sha256 = (file['digests'] as {sha256?: unknown} | undefined)?.sha256;
	const uploadTime = file['upload_time_iso_8601'] ?? file['upload_time'];
	return {
		filename: file['filename'],
		sha256: typeof sha256 === 'string' ? sha256.toLowerCase() : undefined,
		uploadTime: typeof uploadTime === 'string' ? uploadTime : undefined,
	};
}

function objectAt(url: string, document: Record<string, unknown>, key: string): Record<string, unknown> {
	const value = document[key];
	if (typeof value !== 'object' || value === null) {
		throw malformed(url, `has no "${key}" object`);
	}

	return value as Record<string, unknown>;
}

function stringAt(url: string, object: Record<string, unknown>, key: string): string {
	const value = object[key];
	if (typeof value !== 'string') {
		throw malformed(url, `has no "${key}" string`);
	}

	return value;
}

function malformed(url: string, what: string): IndexRequestError {
	return new IndexRequestError(url, 200, `the JSON API answer ${what}.`, {retryable: false});
}

function base(jsonBase: string): string {
	return jsonBase.endsWith('/') ? jsonBase : `${jsonBase}/`;
}

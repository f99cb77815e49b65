import {IndexRequestError} from './index-errors.js';
import {simplePageUrl} from './index-urls.js';
import {getFromIndex} from './index-request.js';
import {parseSimpleHtml} from './simple-html.js';

/** One file as a project's simple page lists it. */
export type IndexFile = {
	readonly filename: string;
	/** Absolute, without the hash fragment. */
	readonly url: string;
	/** Lowercase hex; undefined when the index gives no sha256. */
	readonly sha256: string | undefined;
	/** PEP 592: false, true (no reason given), or the reason. */
	readonly yanked: false | true | string;
	readonly requiresPython?: string;
};

export type ProjectListing = {
	/** False when the index answered 404: the project has no (visible) file there yet. */
	readonly found: boolean;
	readonly files: readonly IndexFile[];
	/** Which serialization the index answered with: PEP 691 JSON, or PEP 503 HTML. */
	readonly format: 'json' | 'html';
};

export type ProjectFilesOptions = {
	readonly signal?: AbortSignal | undefined;
	/** Adds a query unique to this request, so no cache between can answer it. */
	readonly cacheBust?: boolean | undefined;
	readonly timeoutMs?: number | undefined;
};

/** PEP 691: JSON first, HTML as the index's fallback (PyPI froze the HTML form, PEP 833). */
export const simpleAccept = 'application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html;q=0.2, text/html;q=0.01';

const jsonType = 'application/vnd.pypi.simple.v1+json';

/** The files the simple page of `project` lists (the name is PEP 503 normalised for the URL). */
export async function projectFiles(simpleBase: string, project: string, options: ProjectFilesOptions = {}): Promise<ProjectListing> {
	const pageUrl = simplePageUrl(simpleBase, project);
	const url = options.cacheBust ? `${pageUrl}?wizard-poll=${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}` : pageUrl;
	const answer = await getFromIndex(url, {accept: simpleAccept, signal: options.signal, timeoutMs: options.timeoutMs});
	const format = answer.contentType.toLowerCase().startsWith(jsonType) ? 'json' : 'html';
	if (!answer.found) {
		return {found: false, files: [], format};
	}

	if (format === 'json') {
		return {found: true, files: parseSimpleJson(answer.body, answer.url), format};
	}

	if (!/^\s*(text\/html|application\/vnd\.pypi\.simple\.v1\+html|application\/xhtml|$)/i.test(answer.contentType)) {
		throw new IndexRequestError(pageUrl, 200, `answered with ${answer.contentType}, which is not a simple API page (PEP 691 JSON or PEP 503 HTML).`, {retryable: false});
	}

	return {found: true, files: parseSimpleHtml(answer.body, answer.url), format};
}

type JsonFile = {filename?: unknown; url?: unknown; hashes?: unknown; yanked?: unknown; 'requires-python'?: unknown};

function parseSimpleJson(body: string, pageUrl: string): IndexFile[] {
	let document: unknown;
	try {
		document = JSON.parse(body);
	} catch (error: unknown) {
		throw new IndexRequestError(pageUrl, 200, `sent a PEP 691 page that is not JSON (${(error as Error).message}).`, {retryable: false});
	}

	const files = (document as {files?: unknown} | null)?.files;
	if (!Array.isArray(files)) {
		throw new IndexRequestError(pageUrl, 200, 'sent a PEP 691 page without a "files" list.', {retryable: false});
	}

	return files.map((entry: JsonFile, position) => {
		if (typeof entry?.filename !== 'string' || typeof entry.url !== 'string') {
			throw new IndexRequestError(pageUrl, 200, `sent a PEP 691 page whose file ${position + 1} has no filename or url.`, {retryable: false});
		}

		const sha256 = (entry.hashes as {sha256?: unknown} | undefined)?.sha256;
		const url = new URL(entry.url, pageUrl);
		url.hash = '';
		const yanked: IndexFile['yanked'] = entry.yanked === true || entry.yanked === '' ? true : typeof entry.yanked === 'string' ? entry.yanked : false;
		return {
			filename: entry.filename,
			url: url.href,
			sha256: typeof sha256 === 'string' ? sha256.toLowerCase() : undefined,
			yanked,
			...(typeof entry['requires-python'] === 'string' && entry['requires-python'] !== '' ? {requiresPython: entry['requires-python']} : {}),
		};
	});
}

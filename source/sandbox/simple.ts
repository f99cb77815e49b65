import type {IncomingMessage, ServerResponse} from 'node:http';
import {storagePath, type FileRecord, type IndexRecords} from './records.js';
import {etagOf, revalidate, sendCacheable} from './responses.js';
import type {SandboxIndex} from './sandbox-index.js';
import {listedProjects, projectView, releaseOf, type ProjectView} from './views.js';

// The simple repository API: PEP 503 HTML and PEP 691 JSON on the same URLs, chosen by Accept,
// with PEP 592 yanks, PEP 658/714 metadata files and PEP 700 versions, sizes and upload times.

const apiVersion = '1.1';
const html = 'text/html';
const htmlV1 = 'application/vnd.pypi.simple.v1+html';
const jsonV1 = 'application/vnd.pypi.simple.v1+json';

type Representation = 'html' | 'json';

/**
 * Warehouse's choice: the acceptable offer with the highest q among text/html, v1+html and
 * v1+json (server order breaks ties); no header, or nothing acceptable, means HTML. Never 406.
 */
export function chooseRepresentation(accept: string | undefined): {representation: Representation; contentType: string} {
	const offers = [html, htmlV1, jsonV1];
	const ranges = (accept ?? '')
		.split(',')
		.map(part => part.trim())
		.filter(Boolean)
		.map(part => {
			const [type = '', ...parameters] = part.split(';').map(piece => piece.trim());
			const q = parameters.find(parameter => parameter.startsWith('q='));
			return {type: type.toLowerCase().replace('.latest+', '.v1+'), q: q === undefined ? 1 : Number(q.slice(2))};
		});

	let best: {offer: string; q: number} | undefined;
	for (const offer of offers) {
		const [offerMain] = offer.split('/');
		// The most specific matching range decides the offer's quality.
		const match =
			ranges.find(range => range.type === offer) ?? ranges.find(range => range.type === `${offerMain}/*`) ?? ranges.find(range => range.type === '*/*');
		if (match !== undefined && match.q > 0 && (best === undefined || match.q > best.q)) {
			best = {offer, q: match.q};
		}
	}

	const chosen = best?.offer ?? html;
	return {representation: chosen === jsonV1 ? 'json' : 'html', contentType: chosen === jsonV1 ? jsonV1 : `${chosen}; charset=utf-8`};
}

function escape(text: string): string {
	if (!/[&<>"']/.test(text)) {
		return text;
	}

	return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;').replaceAll("'", '&#39;');
}

function commonHeaders(serial: number): Record<string, string> {
	return {
		Vary: 'Accept',
		'Cache-Control': revalidate,
		'X-PyPI-Last-Serial': String(serial),
		'Access-Control-Allow-Origin': '*',
		'Access-Control-Expose-Headers': 'X-PyPI-Last-Serial',
	};
}

export function fileUrl(index: SandboxIndex, file: FileRecord): string {
	return `${index.basePath}/files/${storagePath(file).split('/').map(encodeURIComponent).join('/')}`;
}

type RenderedRoot = {
	readonly body: Buffer;
	readonly etag: string;
	readonly serial: number;
	readonly validUntil: number;
};

// The root is the largest page (one line per project) and what pip reads first: rendered once
// per state of the records and served as bytes until an upload (new records) or a `--delay`
// file coming into view changes it.
const renderedRoots = new WeakMap<IndexRecords, Map<Representation, RenderedRoot>>();

function renderRoot(index: SandboxIndex, representation: Representation, now: number): RenderedRoot {
	const records = index.store.records;
	let byRepresentation = renderedRoots.get(records);
	if (byRepresentation === undefined) {
		byRepresentation = new Map();
		renderedRoots.set(records, byRepresentation);
	}

	const cached = byRepresentation.get(representation);
	if (cached !== undefined && now < cached.validUntil) {
		return cached;
	}

	const {projects, serial, validUntil} = listedProjects(records, now);
	let text: string;
	if (representation === 'json') {
		text = `${JSON.stringify({
			meta: {'api-version': apiVersion, '_last-serial': serial},
			projects: projects.map(entry => ({name: entry.project.name, '_last-serial': entry.serial})),
		})}\n`;
	} else {
		const links = projects.map(({project}) => `    <a href="${index.basePath}/simple/${escape(project.normalized)}/">${escape(project.name)}</a>\n`).join('');
		text = `<!DOCTYPE html>\n<html lang="en">\n  <head>\n    <meta name="pypi:repository-version" content="${apiVersion}">\n    <title>Simple index</title>\n  </head>\n  <body>\n${links}  </body>\n</html>\n`;
	}

	const body = Buffer.from(text);
	const rendered = {body, etag: etagOf(body), serial, validUntil};
	byRepresentation.set(representation, rendered);
	return rendered;
}

export function serveSimpleRoot(request: IncomingMessage, response: ServerResponse, index: SandboxIndex): void {
	const {representation, contentType} = chooseRepresentation(request.headers.accept);
	const {body, etag, serial} = renderRoot(index, representation, Date.now());
	sendCacheable(request, response, contentType, body, commonHeaders(serial), etag);
}

/** Serves `/simple/<normalized>/`; false when the project is unknown (or not visible yet). */
export function serveSimpleProject(request: IncomingMessage, response: ServerResponse, index: SandboxIndex, normalized: string): boolean {
	const view = projectView(index.store.records, normalized, Date.now());
	if (view === undefined) {
		return false;
	}

	const {representation, contentType} = chooseRepresentation(request.headers.accept);
	const body = representation === 'json' ? projectJson(index, view) : projectHtml(index, view);
	sendCacheable(request, response, contentType, body, commonHeaders(view.serial));
	return true;
}

function yankValue(view: ProjectView, file: FileRecord): string | undefined {
	const release = releaseOf(view, file);
	return release?.yanked === true ? (release.yankedReason ?? '') : undefined;
}

function projectHtml(index: SandboxIndex, view: ProjectView): string {
	const anchors = view.files
		.map(file => {
			let attributes = '';
			if (file.requiresPython !== null) {
				attributes += ` data-requires-python="${escape(file.requiresPython)}"`;
			}

			const yanked = yankValue(view, file);
			if (yanked !== undefined) {
				// Always with a value: pip reads a bare `data-yanked` as not yanked.
				attributes += ` data-yanked="${escape(yanked)}"`;
			}

			if (file.metadataSha256 !== null) {
				attributes += ` data-dist-info-metadata="sha256=${file.metadataSha256}" data-core-metadata="sha256=${file.metadataSha256}"`;
			}

			return `    <a href="${escape(fileUrl(index, file))}#sha256=${file.sha256}"${attributes}>${escape(file.filename)}</a><br />\n`;
		})
		.join('');
	const name = escape(view.project.normalized);
	return `<!DOCTYPE html>\n<html lang="en">\n  <head>\n    <meta name="pypi:repository-version" content="${apiVersion}">\n    <title>Links for ${name}</title>\n  </head>\n  <body>\n    <h1>Links for ${name}</h1>\n${anchors}  </body>\n</html>\n<!--SERIAL ${view.serial}-->\n`;
}

function projectJson(index: SandboxIndex, view: ProjectView): string {
	const files = view.files.map(file => {
		const yanked = yankValue(view, file);
		return {
			filename: file.filename,
			url: fileUrl(index, file),
			hashes: {sha256: file.sha256},
			'requires-python': file.requiresPython,
			size: file.size,
			'upload-time': file.uploadTime,
			yanked: yanked === undefined ? false : yanked === '' ? true : yanked,
			// PEP 714: `core-metadata` only; pip 22.3 to 23.1 breaks on a JSON `dist-info-metadata`.
			'core-metadata': file.metadataSha256 === null ? false : {sha256: file.metadataSha256},
		};
	});
	return `${JSON.stringify({
		meta: {'api-version': apiVersion, '_last-serial': view.serial},
		name: view.project.normalized,
		versions: view.releases.map(release => release.version),
		files,
	})}\n`;
}

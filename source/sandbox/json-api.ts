import type {IncomingMessage, ServerResponse} from 'node:http';
import {canonicalVersion, compareVersions, isPrerelease} from '../core/version/pep440.js';
import type {FileRecord, StoredRelease} from './records.js';
import {revalidate, sendCacheable} from './responses.js';
import type {SandboxIndex} from './sandbox-index.js';
import {fileUrl} from './simple.js';
import {projectView, type ProjectView} from './views.js';

// PyPI's JSON API (`/pypi/<project>/json`, `/pypi/<project>/<version>/json`). Release metadata
// is what the release's first upload sent in its form, as on PyPI.

function headers(serial: number): Record<string, string> {
	return {'Cache-Control': revalidate, 'X-PyPI-Last-Serial': String(serial), 'Access-Control-Allow-Origin': '*', 'Access-Control-Expose-Headers': 'X-PyPI-Last-Serial'};
}

export function sendJsonNotFound(request: IncomingMessage, response: ServerResponse): void {
	response.statusCode = 404;
	response.setHeader('Content-Type', 'application/json');
	response.setHeader('Cache-Control', revalidate);
	response.end(request.method === 'HEAD' ? undefined : '{"message": "Not Found"}');
}

/** PyPI's "latest": not yanked before yanked, final before pre-release, then the highest version. */
function latestRelease(releases: readonly StoredRelease[]): StoredRelease | undefined {
	return [...releases].sort(
		(left, right) => Number(left.yanked) - Number(right.yanked) || Number(isPrerelease(left.version)) - Number(isPrerelease(right.version)) || compareVersions(right.version, left.version),
	)[0];
}

/** The release a URL names: the exact version string, else the one canonical match. */
function namedRelease(releases: readonly StoredRelease[], version: string): StoredRelease | undefined {
	const exact = releases.find(release => release.version === version);
	if (exact !== undefined) {
		return exact;
	}

	const canonical = canonicalVersion(version);
	const matches = releases.filter(release => release.canonicalVersion === canonical);
	return matches.length === 1 ? matches[0] : undefined;
}

export function serveProjectJson(request: IncomingMessage, response: ServerResponse, index: SandboxIndex, normalized: string, version: string | undefined): void {
	const view = projectView(index.store.records, normalized, Date.now());
	const release = view === undefined ? undefined : version === undefined ? latestRelease(view.releases) : namedRelease(view.releases, version);
	if (view === undefined || release === undefined) {
		sendJsonNotFound(request, response);
		return;
	}

	const origin = `http://${request.headers.host ?? 'localhost'}`;
	const fileEntry = (file: FileRecord, owner: StoredRelease): Record<string, unknown> => ({
		comment_text: file.comment,
		'core-metadata': file.metadataSha256 === null ? false : {sha256: file.metadataSha256},
		digests: {blake2b_256: file.blake2_256, md5: file.md5, sha256: file.sha256},
		downloads: -1,
		filename: file.filename,
		has_sig: false,
		md5_digest: file.md5,
		packagetype: file.packagetype,
		python_version: file.pythonVersion,
		requires_python: file.requiresPython,
		size: file.size,
		upload_time: file.uploadTime.slice(0, 19),
		upload_time_iso_8601: file.uploadTime,
		url: `${origin}${fileUrl(index, file)}`,
		yanked: owner.yanked,
		yanked_reason: owner.yankedReason,
	});
	const filesOf = (owner: StoredRelease): Array<Record<string, unknown>> => view.files.filter(file => file.version === owner.version).map(file => fileEntry(file, owner));

	const body: Record<string, unknown> = {
		info: info(view, release, origin, index),
		last_serial: view.serial,
		...(version === undefined ? {releases: Object.fromEntries(view.releases.map(owner => [owner.version, filesOf(owner)]))} : {}),
		urls: filesOf(release),
		vulnerabilities: [],
	};
	sendCacheable(request, response, 'application/json', `${JSON.stringify(body)}\n`, headers(view.serial));
}

function info(view: ProjectView, release: StoredRelease, origin: string, index: SandboxIndex): Record<string, unknown> {
	const metadata = release.metadata;
	const text = (key: string): string | null => {
		const value = metadata[key];
		return typeof value === 'string' ? value : null;
	};

	const list = (key: string): readonly string[] | null => {
		const value = metadata[key];
		return Array.isArray(value) ? value : typeof value === 'string' ? [value] : null;
	};

	const projectUrls = list('project_urls');
	const simpleUrl = `${origin}${index.basePath}/simple/${view.project.normalized}/`;
	return {
		author: text('author') ?? '',
		author_email: text('author_email') ?? '',
		bugtrack_url: null,
		classifiers: list('classifiers') ?? [],
		description: text('description') ?? '',
		description_content_type: text('description_content_type'),
		docs_url: null,
		download_url: text('download_url') ?? '',
		downloads: {last_day: -1, last_month: -1, last_week: -1},
		dynamic: list('dynamic'),
		home_page: text('home_page') ?? '',
		keywords: text('keywords') ?? '',
		license: text('license') ?? '',
		license_expression: text('license_expression'),
		license_files: list('license_file'),
		maintainer: text('maintainer') ?? '',
		maintainer_email: text('maintainer_email') ?? '',
		name: view.project.name,
		package_url: simpleUrl,
		platform: list('platform')?.join(', ') ?? null,
		project_url: simpleUrl,
		project_urls:
			projectUrls === null
				? null
				: Object.fromEntries(
						projectUrls.map(entry => {
							const [label = '', url = ''] = entry.split(/,\s*(.*)/s);
							return [label.trim(), url.trim()];
						}),
					),
		provides_extra: list('provides_extra'),
		release_url: `${origin}${index.basePath}/pypi/${view.project.normalized}/${release.version}/json`,
		requires_dist: list('requires_dist'),
		requires_python: text('requires_python') ?? '',
		summary: text('summary') ?? '',
		version: release.version,
		yanked: release.yanked,
		yanked_reason: release.yankedReason,
	};
}

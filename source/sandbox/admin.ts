import type {IncomingMessage, ServerResponse} from 'node:http';
import {normalizeName} from '../core/names.js';
import {authenticate} from './auth.js';
import type {FileRecord, IndexRecords, StoredRelease} from './records.js';
import {sendError} from './responses.js';
import type {SandboxIndex, SandboxSettings} from './sandbox-index.js';
import {findRelease} from './upload.js';

// The sandbox's own management endpoints (PyPI has no API for these; its web UI does them):
//   POST /<index>/_sandbox/yank     project, version, reason?   yank the whole release
//   POST /<index>/_sandbox/unyank   project, version
//   POST /<index>/_sandbox/delete   project, version, filename? one file, or the whole release
// Fields come urlencoded (like a web form) or as a JSON object, and the
// request is authenticated as an upload is. A deleted file name can never be uploaded again.

export type AdminAction = 'yank' | 'unyank' | 'delete';

const maxBody = 64 * 1024;

async function readFields(request: IncomingMessage): Promise<Record<string, string> | undefined> {
	const chunks: Buffer[] = [];
	let length = 0;
	for await (const chunk of request) {
		length += (chunk as Buffer).length;
		if (length > maxBody) {
			return undefined;
		}

		chunks.push(chunk as Buffer);
	}

	const text = Buffer.concat(chunks).toString('utf8');
	if ((request.headers['content-type'] ?? '').includes('application/json')) {
		try {
			const parsed = JSON.parse(text) as unknown;
			if (typeof parsed !== 'object' || parsed === null) {
				return undefined;
			}

			return Object.fromEntries(Object.entries(parsed).map(([key, value]) => [key, String(value)]));
		} catch {
			return undefined;
		}
	}

	return Object.fromEntries(new URLSearchParams(text));
}

class AdminRefused extends Error {
	constructor(
		readonly status: number,
		message: string,
	) {
		super(message);
	}
}

export async function handleAdmin(request: IncomingMessage, response: ServerResponse, index: SandboxIndex, settings: SandboxSettings, action: AdminAction): Promise<void> {
	const fields = await readFields(request);
	const auth = authenticate(request.headers.authorization, {tokens: settings.tokens}, index.helpUrl);
	if (!auth.ok) {
		sendError(request, response, 403, auth.message);
		return;
	}

	if (fields === undefined) {
		sendError(request, response, 400, 'The body must be a form (application/x-www-form-urlencoded) or a JSON object, at most 64 KiB.');
		return;
	}

	const project = fields['project']?.trim() ?? '';
	const version = fields['version']?.trim() ?? '';
	if (project === '' || version === '') {
		sendError(request, response, 400, `Missing field: ${project === '' ? 'project' : 'version'}. Send project and version${action === 'yank' ? ' (and reason)' : action === 'delete' ? ' (and filename to delete one file)' : ''}.`);
		return;
	}

	try {
		const {body, removed} = await index.store.change(async records => applyAction(index, records, action, normalizeName(project), version, fields));
		// Removed from disk only once the records no longer point at them.
		await Promise.all(removed.map(async file => index.store.removeFile(file)));
		response.statusCode = 200;
		response.setHeader('Content-Type', 'application/json');
		response.end(`${JSON.stringify(body)}\n`);
	} catch (error: unknown) {
		if (error instanceof AdminRefused) {
			sendError(request, response, error.status, error.message);
			return;
		}

		throw error;
	}
}

async function applyAction(
	index: SandboxIndex,
	records: IndexRecords,
	action: AdminAction,
	project: string,
	version: string,
	fields: Record<string, string>,
): Promise<{records: IndexRecords; result: {body: Record<string, unknown>; removed: FileRecord[]}}> {
	const known = records.projects[project];
	if (known === undefined) {
		throw new AdminRefused(404, `No project named '${project}' on ${index.name}.`);
	}

	const release = findRelease(records, project, version);
	if (release === undefined) {
		throw new AdminRefused(404, `Project '${known.name}' has no release '${version}' on ${index.name}.`);
	}

	const serial = records.serial + 1;
	const projects = {...records.projects, [project]: {...known, serial}};
	const replace = (changed: StoredRelease | undefined): StoredRelease[] =>
		records.releases.flatMap(candidate => (candidate === release ? (changed === undefined ? [] : [changed]) : [candidate]));

	if (action === 'yank' || action === 'unyank') {
		const reason = action === 'yank' ? (fields['reason']?.trim() ?? '') : '';
		const changed: StoredRelease = {...release, yanked: action === 'yank', yankedReason: action === 'yank' && reason !== '' ? reason : null};
		return {
			records: {...records, serial, projects, releases: replace(changed)},
			result: {body: {project: known.name, version: release.version, yanked: changed.yanked, yanked_reason: changed.yankedReason}, removed: []},
		};
	}

	const filename = fields['filename']?.trim();
	const ofRelease = records.files.filter(file => file.project === project && file.version === release.version);
	const doomed = filename === undefined || filename === '' ? ofRelease : ofRelease.filter(file => file.filename === filename);
	if (doomed.length === 0 && filename !== undefined && filename !== '') {
		throw new AdminRefused(404, `Release '${release.version}' of '${known.name}' has no file '${filename}' on ${index.name}.`);
	}

	const wholeRelease = filename === undefined || filename === '';
	return {
		records: {
			...records,
			serial,
			projects,
			releases: wholeRelease ? replace(undefined) : records.releases,
			files: records.files.filter(file => !doomed.includes(file)),
		},
		result: {body: {project: known.name, version: release.version, deleted: doomed.map(file => file.filename)}, removed: doomed},
	};
}

import {createHash} from 'node:crypto';
import {rm} from 'node:fs/promises';
import type {IncomingMessage, ServerResponse} from 'node:http';
import {checkExtension, checkFilenameCharacters} from '../core/distribution/filename.js';
import {canonicalVersion} from '../core/version/pep440.js';
import {normalizeName} from '../core/names.js';
import {authenticate} from './auth.js';
import {checkDistribution} from './distribution-check.js';
import {MalformedUpload, receiveMultipart, type ReceivedContent} from './multipart.js';
import type {FileRecord, IndexRecords, StoredRelease} from './records.js';
import {sendError} from './responses.js';
import {uploadTimestamp, type SandboxIndex, type SandboxSettings} from './sandbox-index.js';
import {sanitizeFields, validateUploadForm, type UploadForm} from './upload-form.js';

// The legacy upload endpoint, checking in warehouse's order (the first failure wins) and
// storing nothing unless every check passes.

class UploadRefused extends Error {
	readonly status: number;

	constructor(status: number, message: string) {
		super(message);
		this.status = status;
	}
}

function refuse(status: number, message: string): never {
	throw new UploadRefused(status, message);
}

export async function handleUpload(request: IncomingMessage, response: ServerResponse, index: SandboxIndex, settings: SandboxSettings, query: URLSearchParams): Promise<void> {
	const destination = index.store.incomingPath();
	let content: ReceivedContent | undefined;
	const log = async (status: number, message?: string) =>
		index.uploads.append({time: new Date().toISOString(), index: index.name, filename: content?.filename ?? null, sha256: content?.path === undefined ? null : content.sha256, status, ...(message === undefined ? {} : {message})});
	try {
		const received = await receiveMultipart(request, {destination, maxFileSize: settings.maxFileSize}).catch((error: unknown) => {
			throw error instanceof MalformedUpload ? new UploadRefused(400, error.message) : error;
		});
		content = received.content;
		const action = query.get(':action') ?? received.fields.get(':action')?.[0];
		if (action === 'submit' || action === 'submit_pkg_info') {
			refuse(410, 'Project pre-registration is no longer required or supported, upload your files instead.');
		}

		if (action === 'doc_upload') {
			refuse(410, 'Uploading documentation is no longer supported, we recommend using https://readthedocs.org/.');
		}

		if (action !== 'file_upload') {
			response.setHeader('Allow', 'GET, HEAD, OPTIONS');
			refuse(405, 'The method POST is not allowed for this resource.');
		}

		const auth = authenticate(request.headers.authorization, {tokens: settings.tokens}, index.helpUrl);
		if (!auth.ok && auth.stage === 'policy') {
			refuse(403, auth.message);
		}

		const [tuple] = received.unexpectedFileParts;
		if (tuple !== undefined) {
			refuse(400, `${tuple}: Should not be a tuple.`);
		}

		if (!auth.ok) {
			refuse(403, auth.message);
		}

		const fields = sanitizeFields(received.fields);
		const protocol = fields.get('protocol_version')?.[0] ?? '1';
		if (protocol !== '1') {
			refuse(400, 'Unknown protocol version.');
		}

		const validated = validateUploadForm(fields);
		if (!validated.ok) {
			refuse(400, validated.message);
		}

		const {form} = validated;
		const file = received.content;
		if (file === undefined) {
			refuse(400, 'Upload payload does not have a file.');
		}

		await storeUpload(index, settings, form, file, request.headers['user-agent']);
		await log(200);
		response.statusCode = 200;
		response.setHeader('Content-Type', 'text/plain; charset=UTF-8');
		response.end();
	} catch (error: unknown) {
		if (error instanceof UploadRefused) {
			await log(error.status, error.message);
			sendError(request, response, error.status, error.message);
			return;
		}

		await log(500, 'Internal Server Error');
		throw error;
	} finally {
		await rm(destination, {force: true});
	}
}

async function storeUpload(index: SandboxIndex, settings: SandboxSettings, form: UploadForm, content: ReceivedContent, userAgent: string | undefined): Promise<void> {
	const {filename} = content;
	const projectKey = normalizeName(form.name);
	const characters = checkFilenameCharacters(filename);
	if (characters !== undefined) {
		refuse(400, characters.message);
	}

	const extension = checkExtension(filename, form.filetype);
	if (extension !== undefined) {
		refuse(400, extension.message);
	}

	if (content.mimeType.startsWith('image/')) {
		refuse(400, 'Invalid distribution file.');
	}

	if (content.tooLarge || content.path === undefined) {
		refuse(
			400,
			`File too large. Limit for project '${form.name}' is ${sizeText(settings.maxFileSize)}. See https://docs.pypi.org/project-management/storage-limits#requesting-a-file-size-limit-increase for more information.`,
		);
	}

	const supplied: Array<[string | undefined, string]> = [
		[form.md5, content.md5],
		[form.sha256, content.sha256],
		[form.blake2_256, content.blake2_256],
	];
	if (supplied.some(([claimed, actual]) => claimed !== undefined && claimed !== actual)) {
		refuse(400, 'The digest supplied does not match a digest calculated from the uploaded file.');
	}

	// Checked once before the (slow) archive inspection and again under the lock, so two racing
	// uploads of one name cannot both land.
	if (checkAgainstIndex(index, index.store.records, form, content) === 'identical') {
		return;
	}

	const verdict = await checkDistribution(content.path, {filename, projectName: form.name, version: form.version});
	if (!verdict.ok) {
		refuse(400, verdict.message);
	}

	const received = content.path;
	await index.store.change(async records => {
		if (checkAgainstIndex(index, records, form, content) === 'identical') {
			return {result: undefined};
		}

		const serial = records.serial + 1;
		const now = new Date();
		const release = findRelease(records, projectKey, form.version);
		const file: FileRecord = {
			filename,
			project: projectKey,
			version: release?.version ?? form.version,
			packagetype: form.filetype,
			pythonVersion: form.pyversion,
			size: content.size,
			md5: content.md5,
			sha256: content.sha256,
			blake2_256: content.blake2_256,
			uploadTime: uploadTimestamp(now),
			requiresPython: release === undefined ? form.requiresPython : (release.metadata['requires_python'] as string | undefined) ?? form.requiresPython,
			metadataSha256: verdict.metadata === undefined ? null : sha256Hex(verdict.metadata),
			comment: form.comment,
			visibleAfter: now.getTime() + settings.delaySeconds * 1000,
			serial,
		};
		await index.store.placeFile(file, received, verdict.metadata);
		const newRelease: StoredRelease[] =
			release === undefined
				? [{project: projectKey, version: form.version, canonicalVersion: form.canonicalVersion, created: file.uploadTime, yanked: false, yankedReason: null, serial, metadata: {...form.metadata, uploaded_via: userAgent ?? ''}}]
				: [];
		return {
			records: {
				serial,
				projects: {...records.projects, [projectKey]: {name: form.name, normalized: projectKey}},
				releases: [...records.releases, ...newRelease],
				files: [...records.files, file],
				usedFilenames: [...records.usedFilenames, filename],
			},
			result: undefined,
		};
	});
}

/** FL9 to FL14: what the index already holds decides whether this file may join it. */
function checkAgainstIndex(index: SandboxIndex, records: IndexRecords, form: UploadForm, content: ReceivedContent): 'identical' | 'new' {
	const {filename} = content;
	const exists = `File already exists ('${filename}', with blake2_256 hash '${content.blake2_256}'). See ${index.helpUrl}#file-name-reuse for more information.`;
	const sameName = records.files.find(file => file.filename === filename);
	if (sameName !== undefined) {
		if (sameName.sha256 === content.sha256 && sameName.blake2_256 === content.blake2_256) {
			return 'identical';
		}

		refuse(400, exists);
	}

	if (records.files.some(file => file.blake2_256 === content.blake2_256)) {
		refuse(400, exists);
	}

	if (records.usedFilenames.includes(filename)) {
		refuse(400, `This filename was previously used by a file that has since been deleted. Use a different version. See ${index.helpUrl}#file-name-reuse for more information.`);
	}

	const release = findRelease(records, normalizeName(form.name), form.version);
	if (form.filetype === 'sdist' && release !== undefined && records.files.some(file => file.project === release.project && file.version === release.version && file.packagetype === 'sdist')) {
		refuse(400, 'Only one sdist may be uploaded per release.');
	}

	return 'new';
}

/** The release a version belongs to: the exact version string, else the canonical one (`1.0` is `1.0.0`). */
export function findRelease(records: IndexRecords, project: string, version: string): StoredRelease | undefined {
	const candidates = records.releases.filter(release => release.project === project);
	const exact = candidates.find(release => release.version === version);
	if (exact !== undefined) {
		return exact;
	}

	const canonical = candidates.filter(release => release.canonicalVersion === canonicalOf(version));
	return canonical.length === 1 ? canonical[0] : undefined;
}

function canonicalOf(version: string): string {
	return canonicalVersion(version) ?? version;
}

function sha256Hex(data: Buffer): string {
	return createHash('sha256').update(data).digest('hex');
}

/**
 * A limit as PyPI words it (`100 MB` for 100 MiB), to one decimal where that matters; a limit
 * under 1 MB in KB or bytes rather than `0.06 MB`.
 */
export function sizeText(bytes: number): string {
	const units: Array<[number, string]> = [
		[1024 ** 2, 'MB'],
		[1024, 'KB'],
	];
	for (const [size, unit] of units) {
		if (bytes >= size) {
			return `${Math.round((bytes / size) * 10) / 10} ${unit}`;
		}
	}

	return `${bytes} bytes`;
}

import {canonicalVersion, hasLocalSegment, normalizeVersion} from '../core/version/pep440.js';
import type {Filetype} from '../core/distribution/filename.js';
import type {ReleaseMetadata} from './records.js';

// The upload form's fields, checked as warehouse's UploadForm and metadata.parse check them,
// with their messages. Form metadata is stored as sent and never compared with the file's:
// flit sends metadata_version 2.3 for files that say 2.5.

const coreMetadata = 'https://packaging.python.org/specifications/core-metadata';
const supportedMetadataVersions = new Set(['1.0', '1.1', '1.2', '2.1', '2.2', '2.3', '2.4', '2.5']);
const projectNamePattern = /^([A-Z\d]|[A-Z\d][A-Z\d._-]*[A-Z\d])$/i;
const hexDigest = /^[A-F\d]{64}$/i;

export type UploadForm = {
	readonly name: string;
	/** Normalised (`v1.0` is `1.0`). */
	readonly version: string;
	readonly canonicalVersion: string;
	readonly filetype: Filetype;
	readonly pyversion: string;
	readonly md5: string | undefined;
	readonly sha256: string | undefined;
	readonly blake2_256: string | undefined;
	readonly requiresPython: string | null;
	readonly comment: string | null;
	readonly metadata: ReleaseMetadata;
};

export type FormFields = ReadonlyMap<string, readonly string[]>;

/** Warehouse's `sanitize`: `UNKNOWN` values are dropped, NUL is spelled out. */
export function sanitizeFields(fields: FormFields): FormFields {
	const clean = new Map<string, string[]>();
	for (const [name, values] of fields) {
		const kept = values.filter(value => value.trim() !== 'UNKNOWN').map(value => value.replaceAll('\0', '\\x00'));
		if (kept.length > 0) {
			clean.set(name, kept);
		}
	}

	return clean;
}

function single(fields: FormFields, name: string): string | undefined {
	const value = fields.get(name)?.find(candidate => candidate !== '');
	return value === undefined || value === '' ? undefined : value;
}

const multipleUse = [
	'classifiers',
	'project_urls',
	'requires_dist',
	'provides_dist',
	'obsoletes_dist',
	'requires_external',
	'provides_extra',
	'dynamic',
	'license_file',
	'platform',
	'supported_platform',
];

const singleUse = [
	'summary',
	'description',
	'description_content_type',
	'keywords',
	'home_page',
	'download_url',
	'author',
	'author_email',
	'maintainer',
	'maintainer_email',
	'license',
	'license_expression',
	'requires_python',
	'metadata_version',
];

type Check = {readonly field: string; readonly message: string};

/** Validates the fields; returns the form, or the one message PyPI would answer with. */
export function validateUploadForm(fields: FormFields): {ok: true; form: UploadForm} | {ok: false; message: string} {
	const problems: Check[] = [];
	const metadataVersion = single(fields, 'metadata_version');
	if (metadataVersion === undefined) {
		problems.push({field: 'metadata_version', message: `None is not a valid metadata version. See ${coreMetadata} for more information.`});
	} else if (!supportedMetadataVersions.has(metadataVersion)) {
		problems.push({field: 'metadata_version', message: `'${metadataVersion}' is not a valid metadata version. See ${coreMetadata} for more information.`});
	}

	const name = single(fields, 'name');
	if (name === undefined) {
		problems.push({field: 'name', message: `'' is an invalid value for Name. Error: This field is required. See ${coreMetadata} for more information.`});
	} else if (!projectNamePattern.test(name)) {
		problems.push({
			field: 'name',
			message: `'${name}' is an invalid value for Name. Error: Start and end with a letter or numeral containing only ASCII numeric and '.', '_' and '-'. See ${coreMetadata} for more information.`,
		});
	}

	const rawVersion = single(fields, 'version');
	const version = rawVersion === undefined ? undefined : normalizeVersion(rawVersion);
	if (rawVersion === undefined) {
		problems.push({field: 'version', message: `'version' is a required field. See ${coreMetadata} for more information.`});
	} else if (version === undefined) {
		problems.push({field: 'version', message: `'${rawVersion}' is invalid for 'version'. See ${coreMetadata} for more information.`});
	} else if (hasLocalSegment(rawVersion)) {
		problems.push({
			field: 'version',
			message: `The use of local versions in '${rawVersion}' is not allowed. See https://packaging.python.org/en/latest/specifications/version-specifiers/#local-version-identifiers for more information.`,
		});
	}

	const blake2 = single(fields, 'blake2_256_digest');
	if (blake2 !== undefined && !hexDigest.test(blake2)) {
		problems.push({field: 'blake2_256_digest', message: 'Invalid value for blake2_256_digest. Error: Use a valid, hex-encoded, BLAKE2 message digest.'});
	}

	const filetype = single(fields, 'filetype');
	if (filetype === undefined) {
		problems.push({field: 'filetype', message: 'Invalid value for filetype. Error: This field is required.'});
	} else if (filetype !== 'sdist' && filetype !== 'bdist_wheel') {
		problems.push({field: 'filetype', message: 'Invalid value for filetype. Error: Use a known file type.'});
	}

	let pyversion = single(fields, 'pyversion');
	if (filetype === 'sdist') {
		if (pyversion === undefined) {
			pyversion = 'source';
		} else if (pyversion !== 'source') {
			problems.push({field: 'pyversion', message: "Invalid value for pyversion. Error: Use 'source' as Python version for an sdist."});
		}
	} else if (filetype !== undefined && pyversion === undefined) {
		problems.push({field: 'pyversion', message: 'Invalid value for pyversion. Error: Python version is required for binary distribution uploads.'});
	}

	const sha256 = single(fields, 'sha256_digest');
	if (sha256 !== undefined && !hexDigest.test(sha256)) {
		problems.push({field: 'sha256_digest', message: 'Invalid value for sha256_digest. Error: Use a valid, hex-encoded, SHA256 message digest.'});
	}

	const summary = single(fields, 'summary');
	if (summary !== undefined && summary.length > 512) {
		problems.push({field: 'summary', message: `'summary' field must be 512 characters or less. See ${coreMetadata} for more information.`});
	} else if (summary !== undefined && /[\r\n]/.test(summary)) {
		problems.push({field: 'summary', message: `'summary' must be a single line. See ${coreMetadata} for more information.`});
	}

	// Reported in warehouse's order: metadata version, name, version, then the rest alphabetically.
	const precedence = ['metadata_version', 'name', 'version'];
	const rank = (field: string): string => (precedence.includes(field) ? String(precedence.indexOf(field)) : `9${field}`);
	const first = problems.sort((left, right) => rank(left.field).localeCompare(rank(right.field)))[0];
	if (first !== undefined) {
		return {ok: false, message: first.message};
	}

	const md5 = single(fields, 'md5_digest');
	if (md5 === undefined && sha256 === undefined && blake2 === undefined) {
		return {ok: false, message: 'Error: Include at least one message digest.'};
	}

	const metadata: Record<string, string | readonly string[]> = {};
	for (const field of singleUse) {
		const value = single(fields, field);
		if (value !== undefined) {
			metadata[field] = value;
		}
	}

	for (const field of multipleUse) {
		const values = fields.get(field)?.filter(value => value !== '');
		if (values !== undefined && values.length > 0) {
			metadata[field] = values;
		}
	}

	return {
		ok: true,
		form: {
			name: name!,
			version: version!,
			canonicalVersion: canonicalVersion(version!)!,
			filetype: filetype as Filetype,
			pyversion: pyversion!,
			md5: md5?.toLowerCase(),
			sha256: sha256?.toLowerCase(),
			blake2_256: blake2?.toLowerCase(),
			requiresPython: single(fields, 'requires_python') ?? null,
			comment: single(fields, 'comment') ?? null,
			metadata,
		},
	};
}

// What one index of the sandbox remembers: projects, releases, files and every file name ever
// used. Plain data, persisted as one JSON document per index.

export type PackageType = 'sdist' | 'bdist_wheel';

export type FileRecord = {
	readonly filename: string;
	/** Normalised project name. */
	readonly project: string;
	/** The release's version string, as the release stores it. */
	readonly version: string;
	readonly packagetype: PackageType;
	readonly pythonVersion: string;
	readonly size: number;
	readonly md5: string;
	readonly sha256: string;
	readonly blake2_256: string;
	/** ISO 8601 with microseconds and `Z`, as PyPI writes it. */
	readonly uploadTime: string;
	readonly requiresPython: string | null;
	/** sha256 of the wheel's METADATA, served at `<file>.metadata`; null for sdists. */
	readonly metadataSha256: string | null;
	readonly comment: string | null;
	/** Milliseconds since the epoch after which the simple and JSON APIs show the file (`--delay`). */
	readonly visibleAfter: number;
	readonly serial: number;
};

/** Release metadata: the form fields of the release's first upload, as PyPI keeps them. */
export type ReleaseMetadata = Readonly<Record<string, string | readonly string[]>>;

export type StoredRelease = {
	readonly project: string;
	readonly version: string;
	readonly canonicalVersion: string;
	readonly created: string;
	readonly yanked: boolean;
	readonly yankedReason: string | null;
	/** The serial of the upload that created it. */
	readonly serial: number;
	readonly metadata: ReleaseMetadata;
};

export type ProjectRecord = {
	/** The display name: the name of the latest upload. */
	readonly name: string;
	readonly normalized: string;
	/** The serial of the last yank, un-yank or deletion (uploads count through their files). */
	readonly serial?: number;
};

export type IndexRecords = {
	readonly serial: number;
	readonly projects: Readonly<Record<string, ProjectRecord>>;
	readonly releases: readonly StoredRelease[];
	readonly files: readonly FileRecord[];
	/** Every file name ever stored, deleted ones included: PyPI never takes one twice. */
	readonly usedFilenames: readonly string[];
};

export const emptyRecords: IndexRecords = {serial: 0, projects: {}, releases: [], files: [], usedFilenames: []};

/** Where a file lives under the index's storage folder, and under `/files/` in URLs. */
export function storagePath(file: Pick<FileRecord, 'blake2_256' | 'filename'>): string {
	const digest = file.blake2_256;
	return `packages/${digest.slice(0, 2)}/${digest.slice(2, 4)}/${digest.slice(4)}/${file.filename}`;
}

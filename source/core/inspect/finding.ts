/** What a finding is about: `metadata` comes from `twine check`, the others from the archive's contents. */
export type FindingKind = 'unwanted-file' | 'secret' | 'filename' | 'metadata' | 'archive';

/** Something found in a built archive that would block its upload. */
export type Finding = {
	readonly kind: FindingKind;
	/** The archive's file name. */
	readonly archive: string;
	/** The member inside the archive, when the finding is about one (`outer.zip!inner/file` inside a nested archive). */
	readonly member?: string;
	readonly line?: number;
	readonly message: string;
	readonly fix: string;
};

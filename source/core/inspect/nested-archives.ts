import {gunzipSync} from 'node:zlib';
import {ArchiveError} from '../distribution/archive.js';

/** How an archive inside an archive is opened; `gz` is one compressed file, not a tar. */
export type NestedFormat = 'zip' | 'tar.gz' | 'tar' | 'gz';

/** The format of a member that is itself an archive, by its name (wheels, eggs and jars are zips). */
export function nestedArchiveFormat(member: string): NestedFormat | undefined {
	const name = member.toLowerCase();
	if (/\.(zip|whl|egg|jar)$/.test(name)) {
		return 'zip';
	}

	if (name.endsWith('.tar.gz') || name.endsWith('.tgz')) {
		return 'tar.gz';
	}

	if (name.endsWith('.tar')) {
		return 'tar';
	}

	return name.endsWith('.gz') ? 'gz' : undefined;
}

/** A gzip member's content; an `ArchiveError` rather than inflating past `limit` bytes (a gzip bomb). */
export function unpackGzipMember(bytes: Buffer, limit: number): Buffer {
	try {
		return gunzipSync(bytes, {maxOutputLength: Math.max(1, limit)});
	} catch (error: unknown) {
		const tooLarge = error instanceof RangeError;
		throw new ArchiveError(tooLarge ? 'too-large' : 'corrupt', tooLarge ? `It inflates to more than ${inMegabytes(limit)}` : `Not gzip data: ${error instanceof Error ? error.message : String(error)}`, {cause: error});
	}
}

function inMegabytes(bytes: number): string {
	return `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;
}

import {gunzipSync} from 'node:zlib';

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

/** A gzip member's content, refusing (RangeError) to inflate past `limit` bytes. */
export function unpackGzipMember(bytes: Buffer, limit: number): Buffer {
	return gunzipSync(bytes, {maxOutputLength: Math.max(1, limit)});
}

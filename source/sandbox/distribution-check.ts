import {ArchiveError, archiveFormat, walkArchive} from '../core/distribution/archive.js';
import {checkDistributionFilename} from '../core/distribution/filename.js';

// The checks PyPI runs on the uploaded file itself, after the form and the digests: the
// archive must open and hold what its kind requires, then the file name must fit the project
// and version. For wheels, the METADATA bytes are kept for the PEP 658 `.metadata` file.

export type DistributionVerdict = {readonly ok: true; readonly metadata: Buffer | undefined} | {readonly ok: false; readonly message: string};

type Inspected = {readonly names: ReadonlySet<string>; readonly unsupportedCompression: boolean; readonly metadata: Buffer | undefined};

function invalid(detail: string): DistributionVerdict {
	return {ok: false, message: `Invalid distribution file. ${detail}`};
}

/** `name, version, _ = filename.split("-", 2)`: the dist-info folder a wheel must hold. */
function wheelDistInfo(filename: string): string | undefined {
	const parts = filename.split('-');
	return parts.length < 3 ? undefined : `${parts[0]}-${parts[1]}.dist-info`;
}

export async function checkDistribution(file: string, input: {filename: string; projectName: string; version: string}): Promise<DistributionVerdict> {
	const {filename} = input;
	const format = archiveFormat(filename)!;
	const isWheel = filename.endsWith('.whl');
	const distInfo = isWheel ? wheelDistInfo(filename) : undefined;

	let inspected: Inspected;
	try {
		inspected = await inspect(file, format, distInfo === undefined ? undefined : `${distInfo}/METADATA`);
	} catch (error: unknown) {
		if (error instanceof ArchiveError) {
			return invalid(error.kind === 'not-zip' ? 'File is not a zipfile' : error.kind === 'not-tar' ? 'File is not a tarfile' : 'None');
		}

		throw error;
	}

	if (inspected.unsupportedCompression) {
		return invalid('File does not use a supported compression type');
	}

	if (isWheel) {
		if (distInfo === undefined) {
			return invalid('Unable to parse name and version from wheel filename');
		}

		if (!inspected.names.has(`${distInfo}/WHEEL`)) {
			return invalid(`WHEEL not found at ${distInfo}/WHEEL`);
		}
	} else {
		const tops = new Set([...inspected.names].map(name => name.split('/')[0]));
		if (tops.size !== 1) {
			return invalid('Incorrect number of top-level directories in sdist');
		}

		const [top] = tops;
		if (!inspected.names.has(`${top}/PKG-INFO`)) {
			return invalid(`PKG-INFO not found at ${top}/PKG-INFO`);
		}
	}

	const named = checkDistributionFilename(input);
	if (!named.ok) {
		return named;
	}

	if (isWheel) {
		if (!inspected.names.has(`${distInfo}/RECORD`)) {
			return {ok: false, message: `Wheel '${filename}' does not contain the required RECORD file: ${distInfo}/RECORD`};
		}

		if (inspected.metadata === undefined) {
			return {ok: false, message: `Wheel '${filename}' does not contain the required METADATA file: ${distInfo}/METADATA`};
		}
	}

	return {ok: true, metadata: inspected.metadata};
}

async function inspect(file: string, format: 'zip' | 'tar.gz', metadataMember: string | undefined): Promise<Inspected> {
	const names = new Set<string>();
	let unsupportedCompression = false;
	let metadata: Buffer | undefined;
	await walkArchive(file, format, async (entry, read) => {
		const name = entry.name.replace(/\/$/, '');
		if (name !== '') {
			names.add(name);
		}

		if (entry.compressionMethod !== undefined && entry.compressionMethod !== 0 && entry.compressionMethod !== 8) {
			unsupportedCompression = true;
			return 'stop';
		}

		if (entry.isFile && name === metadataMember) {
			metadata = await read();
		}

		return undefined;
	});
	return {names, unsupportedCompression, metadata};
}

import path from 'node:path';
import picomatch from 'picomatch';
import {ArchiveError, archiveFormat, walkArchive, type ArchiveSource} from '../distribution/archive.js';
import {checkDistributionFilename} from '../distribution/filename.js';
import type {Finding} from './finding.js';
import {nestedArchiveFormat, unpackGzipMember, type NestedFormat} from './nested-archives.js';
import {findSecretsInBytes} from './secrets.js';
import {unwantedReason} from './unwanted-files.js';

export type ArchiveInspection = {
	readonly archive: string;
	/** Every file, nested archives' members as `outer.zip!inner/file`. */
	readonly members: readonly string[];
	readonly findings: readonly Finding[];
	/** Findings that `--allow-file` accepted. */
	readonly allowed: readonly Finding[];
	/** Members left unscanned, with why (too large, nested too deep): for the log. */
	readonly notScanned: readonly string[];
};

export type InspectOptions = {
	readonly file: string;
	readonly projectName: string;
	readonly version: string;
	/** `--allow-file` globs: matched against the member path, the path below the top folder, and the base name. */
	readonly allowFiles: readonly string[];
};

/** Bounds that keep a hostile archive (a zip bomb, a zip quine) from hanging the inspection. */
export const inspectionLimits = {
	largestScannedMember: 5 * 1024 * 1024,
	largestNestedArchive: 32 * 1024 * 1024,
	/** Bytes one nested tar may inflate to. */
	nestedInflation: 64 * 1024 * 1024,
	/** Bytes read out of nested archives, all of them together, per inspected file. */
	nestedTotal: 256 * 1024 * 1024,
	nestedDepth: 3,
	nestedArchives: 1000,
};

type Walk = {
	readonly archive: string;
	readonly findings: Finding[];
	readonly allowed: Finding[];
	readonly members: string[];
	readonly notScanned: string[];
	readonly isAllowed: (member: string) => boolean;
	nestedBytes: number;
	nestedArchives: number;
};

/**
 * Lists an archive, and reports what PyPI would refuse (its file name) and what should not ship:
 * unwanted files and secret-looking text, in text, UTF-16 and binary members, and inside
 * archives nested in it (zip, wheel, tar, gzip), within `inspectionLimits`.
 */
export async function inspectArchive(options: InspectOptions): Promise<ArchiveInspection> {
	const archive = path.basename(options.file);
	const walk: Walk = {archive, findings: [], allowed: [], members: [], notScanned: [], isAllowed: allowMatcher(options.allowFiles), nestedBytes: 0, nestedArchives: 0};
	const result = (): ArchiveInspection => ({archive, members: walk.members, findings: walk.findings, allowed: walk.allowed, notScanned: walk.notScanned});

	const name = checkDistributionFilename({filename: archive, projectName: options.projectName, version: options.version});
	if (!name.ok) {
		walk.findings.push({kind: 'filename', archive, message: `PyPI would refuse this file name: ${name.message}`, fix: filenameFix(archive)});
	}

	const format = archiveFormat(archive);
	if (format === undefined) {
		return result();
	}

	try {
		await inspectMembers(walk, options.file, format, '', 0);
	} catch (error: unknown) {
		if (!(error instanceof ArchiveError)) {
			throw error;
		}

		walk.findings.push({kind: 'archive', archive, message: `The archive cannot be read: ${error.message}.`, fix: 'Build it again (a full disk or an interrupted build leaves a damaged archive), then run the same command again.'});
	}

	return result();
}

async function inspectMembers(walk: Walk, source: ArchiveSource, format: NestedFormat, prefix: string, depth: number): Promise<void> {
	const walkFormat = format === 'gz' ? undefined : format;
	if (walkFormat === undefined) {
		return;
	}

	const remaining = Math.max(0, inspectionLimits.nestedTotal - walk.nestedBytes);
	await walkArchive(
		source,
		walkFormat,
		async (entry, read) => {
			if (!entry.isFile) {
				return;
			}

			const member = `${prefix}${entry.name}`;
			walk.members.push(member);
			const report = (finding: Finding) => (walk.isAllowed(entry.name) || walk.isAllowed(member) ? walk.allowed : walk.findings).push(finding);
			const reason = unwantedReason(entry.name);
			if (reason !== undefined) {
				report({kind: 'unwanted-file', archive: walk.archive, member, message: `${member} is ${reason}.`, fix: excludeFix(entry.name)});
			}

			const nested = nestedArchiveFormat(entry.name);
			if (nested !== undefined) {
				await inspectNested(walk, member, entry.size, read, nested, depth, report);
				return;
			}

			if (entry.size > inspectionLimits.largestScannedMember) {
				walk.notScanned.push(`${member} (larger than ${inspectionLimits.largestScannedMember / 1024 / 1024} MB)`);
				return;
			}

			const bytes = await read();
			if (depth > 0) {
				walk.nestedBytes += bytes.length;
			}

			reportSecrets(walk, member, bytes, report);
		},
		{maxDecompressedBytes: depth === 0 ? undefined : Math.min(inspectionLimits.nestedInflation, remaining)},
	);
}

async function inspectNested(walk: Walk, member: string, size: number, read: () => Promise<Buffer>, format: NestedFormat, depth: number, report: (finding: Finding) => void): Promise<void> {
	const skip = (why: string) => {
		walk.notScanned.push(`${member} (${why})`);
	};

	if (depth + 1 > inspectionLimits.nestedDepth) {
		skip(`an archive nested more than ${inspectionLimits.nestedDepth} deep`);
		return;
	}

	if (size > inspectionLimits.largestNestedArchive || walk.nestedBytes + size > inspectionLimits.nestedTotal || walk.nestedArchives >= inspectionLimits.nestedArchives) {
		skip('a nested archive past the size limits of the inspection');
		return;
	}

	walk.nestedArchives++;
	const bytes = await read();
	walk.nestedBytes += bytes.length;
	try {
		if (format === 'gz') {
			const inner = unpackGzipMember(bytes, Math.min(inspectionLimits.largestScannedMember, inspectionLimits.nestedTotal - walk.nestedBytes));
			walk.nestedBytes += inner.length;
			reportSecrets(walk, `${member}!${path.posix.basename(member).replace(/\.gz$/i, '')}`, inner, report);
			return;
		}

		await inspectMembers(walk, bytes, format, `${member}!`, depth + 1);
	} catch (error: unknown) {
		if (!(error instanceof ArchiveError)) {
			throw error;
		}

		skip(`a nested archive that cannot be read: ${error.message}`);
	}
}

function reportSecrets(walk: Walk, member: string, bytes: Buffer, report: (finding: Finding) => void): void {
	for (const secret of findSecretsInBytes(bytes)) {
		const where = secret.line === undefined ? `${member} holds, in its binary content,` : `${member}:${secret.line} holds`;
		report({
			kind: 'secret',
			archive: walk.archive,
			member,
			line: secret.line,
			message: `${where} what looks like ${secret.kind} (${secret.preview}).`,
			fix: `Remove it from the source (and revoke it: it is in your git history), or exclude the file. ${excludeFix(member.split('!').at(-1)!)}`,
		});
	}
}

function allowMatcher(globs: readonly string[]): (member: string) => boolean {
	if (globs.length === 0) {
		return () => false;
	}

	const matches = picomatch([...globs], {dot: true});
	return member => {
		const belowTop = member.includes('/') ? member.slice(member.indexOf('/') + 1) : member;
		return matches(member) || matches(belowTop) || matches(path.posix.basename(member));
	};
}

function excludeFix(member: string): string {
	return `If it must ship, pass --allow-file '${path.posix.basename(member)}' to accept it knowingly.`;
}

function filenameFix(archive: string): string {
	if (archive.endsWith('.tar.gz')) {
		return (
			'Old setuptools (before 69.3) writes sdist names with dashes (my-pkg-1.0.tar.gz), which PyPI refuses since PEP 625; ' +
			'setuptools 69.3 or later writes my_pkg-1.0.tar.gz. Require "setuptools>=69.3" in [build-system] requires and build with isolation, ' +
			"or upgrade the interpreter's setuptools."
		);
	}

	return 'Build the wheel with a current build backend, and check the project name and version in the metadata.';
}

import path from 'node:path';
import picomatch from 'picomatch';
import {archiveFormat, walkArchive} from '../distribution/archive.js';
import {checkDistributionFilename} from '../distribution/filename.js';
import type {Finding} from '../release/types.js';
import {findSecrets, looksLikeText} from './secrets.js';
import {unwantedReason} from './unwanted-files.js';

export type ArchiveInspection = {
	readonly archive: string;
	readonly members: readonly string[];
	readonly findings: readonly Finding[];
	/** Findings that `--allow-file` accepted. */
	readonly allowed: readonly Finding[];
};

export type InspectOptions = {
	readonly file: string;
	readonly projectName: string;
	readonly version: string;
	/** `--allow-file` globs: matched against the member path, the path below the top folder, and the base name. */
	readonly allowFiles: readonly string[];
};

const largestScannedMember = 5 * 1024 * 1024;

/**
 * Lists an archive, and reports what PyPI would refuse (its file name) and what should not ship
 * (unwanted files, secret-looking text, with member and line).
 */
export async function inspectArchive(options: InspectOptions): Promise<ArchiveInspection> {
	const archive = path.basename(options.file);
	const findings: Finding[] = [];
	const allowed: Finding[] = [];
	const members: string[] = [];
	const isAllowed = allowMatcher(options.allowFiles);

	const name = checkDistributionFilename({filename: archive, projectName: options.projectName, version: options.version});
	if (!name.ok) {
		findings.push({kind: 'filename', archive, message: `PyPI would refuse this file name: ${name.message}`, fix: filenameFix(archive)});
	}

	const format = archiveFormat(archive);
	if (format === undefined) {
		return {archive, members, findings, allowed};
	}

	await walkArchive(options.file, format, async (entry, read) => {
		if (!entry.isFile) {
			return;
		}

		members.push(entry.name);
		const report = (finding: Finding) => (isAllowed(entry.name) ? allowed : findings).push(finding);
		const reason = unwantedReason(entry.name);
		if (reason !== undefined) {
			report({kind: 'unwanted-file', archive, member: entry.name, message: `${entry.name} is ${reason}.`, fix: excludeFix(entry.name)});
		}

		if (entry.size > largestScannedMember) {
			return;
		}

		const bytes = await read();
		if (!looksLikeText(bytes)) {
			return;
		}

		for (const secret of findSecrets(bytes.toString('utf8'))) {
			report({
				kind: 'secret',
				archive,
				member: entry.name,
				line: secret.line,
				message: `${entry.name}:${secret.line} holds what looks like ${secret.kind} (${secret.preview}).`,
				fix: `Remove it from the source (and revoke it: it is in your git history), or exclude the file. ${excludeFix(entry.name)}`,
			});
		}
	});

	return {archive, members, findings, allowed};
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

import type {VersionLocation, VersionLocationKind} from './types.js';

/** Splits text into lines without their endings (`\n` or `\r\n`). */
export function splitLines(text: string): string[] {
	return text.split(/\r?\n/);
}

export type Match = {readonly line: number; readonly column: number; readonly text: string; readonly version: string};

export function toLocations(file: string, kind: VersionLocationKind, matches: readonly Match[]): VersionLocation[] {
	return matches.map(match => ({file, kind, ...match}));
}

/**
 * `key = "value"` lines inside the TOML table `table` (`project`, `tool.poetry`).
 * A line scanner, not a parser, because edits must keep every other byte of the file.
 */
export function findTomlString(text: string, table: string, key: string): Match[] {
	const lines = splitLines(text);
	let current = '';
	const keyPattern = new RegExp(`^(\\s*${escapeRegExp(key)}\\s*=\\s*)(["'])([^"'\\n]*)\\2`);
	const matches: Match[] = [];
	for (const [index, line] of lines.entries()) {
		const header = /^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(#.*)?$/.exec(line);
		if (header) {
			current = header[1]!.replaceAll(/\s*\.\s*/g, '.').replaceAll('"', '');
			continue;
		}

		if (current !== table) {
			continue;
		}

		const match = keyPattern.exec(line);
		if (match) {
			matches.push({line: index + 1, column: match[1]!.length + 2, text: line, version: match[3]!});
		}
	}

	return matches;
}

/** `version = 1.2.3` in the `[metadata]` section of setup.cfg (only a literal, not `attr:`). */
export function findSetupCfgVersion(text: string): Match[] {
	const lines = splitLines(text);
	let section = '';
	const matches: Match[] = [];
	for (const [index, line] of lines.entries()) {
		const header = /^\[([^\]]+)\]/.exec(line);
		if (header) {
			section = header[1]!.trim();
			continue;
		}

		const match = /^(version\s*[=:]\s*)([0-9][^\s#;]*)/.exec(line);
		if (section === 'metadata' && match) {
			matches.push({line: index + 1, column: match[1]!.length + 1, text: line, version: match[2]!});
		}
	}

	return matches;
}

/** `NAME = "1.2.3"` (also `NAME: str = '1.2.3'`) at any indentation. */
export function findAssignment(text: string, name: string): Match[] {
	const pattern = new RegExp(`^(\\s*${escapeRegExp(name)}\\s*(?::\\s*[A-Za-z_][\\w.]*\\s*)?=\\s*)(["'])([^"'\\n]+)\\2`);
	return findByPattern(text, pattern);
}

/** `version="1.2.3"` as a keyword argument (setup.py). */
export function findVersionKeyword(text: string): Match[] {
	return findByPattern(text, /^(.*?\bversion\s*=\s*)(["'])([^"'\n]+)\2/);
}

/** The identifier in `version=NAME` (setup.py), if the version is a constant. */
export function findVersionIdentifier(text: string): string | undefined {
	return /\bversion\s*=\s*([A-Za-z_][\w]*)\s*[,)\n]/.exec(text)?.[1];
}

/** A configured pattern like `release = "{version}"`: `{version}` matches the version text. */
export function findPattern(text: string, pattern: string): Match[] {
	const [before = '', after = ''] = pattern.split('{version}');
	const regex = new RegExp(`^(.*?${escapeRegExp(before)})([0-9][0-9A-Za-z.+!_-]*?)(${escapeRegExp(after)})`);
	const lines = splitLines(text);
	const matches: Match[] = [];
	for (const [index, line] of lines.entries()) {
		const match = regex.exec(line);
		if (match) {
			matches.push({line: index + 1, column: match[1]!.length + 1, text: line, version: match[2]!});
		}
	}

	return matches;
}

function findByPattern(text: string, pattern: RegExp): Match[] {
	const matches: Match[] = [];
	for (const [index, line] of splitLines(text).entries()) {
		const match = pattern.exec(line);
		if (match) {
			// Groups: 1 = everything before the quote, 2 = the quote, 3 = the version.
			matches.push({line: index + 1, column: match[1]!.length + 2, text: line, version: match[3]!});
		}
	}

	return matches;
}

export function escapeRegExp(text: string): string {
	return text.replaceAll(/[.*+?^${}()|[\]\\]/g, String.raw`\$&`);
}

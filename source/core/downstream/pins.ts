import path from 'node:path';
import {normalizeName, requirementName} from '../names.js';
import {compareVersions, isValidVersion, parseVersion} from '../version/pep440.js';

/** A package this release published: the version to pin and the tag a git URL should name. */
export type ReleasedPackage = {readonly version: string; readonly tag: string};

/** Released packages by PEP 503 normalised name. */
export type ReleasedPackages = ReadonlyMap<string, ReleasedPackage>;

export type PinFileKind = 'requirements' | 'pyproject';

export type DownstreamPinChange = {
	/** 1-based. */
	readonly line: number;
	readonly before: string;
	readonly after: string;
	/** Normalised names of the released packages whose pins changed on this line. */
	readonly packages: readonly string[];
	/** The requirement carries `--hash=` values for the old files: only the lock command can renew them. */
	readonly staleHashes: boolean;
};

export type PinRewrite = {readonly text: string; readonly changes: readonly DownstreamPinChange[]};

/** `pyproject.toml` is read as TOML; everything else (`.in`, `.txt`) as a pip requirements file. */
export function pinFileKind(file: string): PinFileKind {
	return path.basename(file) === 'pyproject.toml' ? 'pyproject' : 'requirements';
}

/**
 * Points a downstream repository's pins at the released versions, keeping every other byte:
 * requirement lines (`name==X`, `name[extra]>=X ; marker  # comment`, hashed lines), PEP 621
 * dependency arrays, poetry dependency tables, and git URLs ending in `@<tag>`.
 * Only pins that name a version follow (`==`, `===`, `>=`, `~=` keeping its precision, poetry
 * `^`, `~` and bare versions); bounds (`<`, `<=`, `!=`, `>`) and unpinned names stay as written,
 * and a pin already at or past the released version is left alone, so a second run changes nothing.
 */
export function rewritePins(text: string, kind: PinFileKind, released: ReleasedPackages): PinRewrite {
	const byName = new Map([...released].map(([name, value]) => [normalizeName(name), value]));
	const pieces = text.split(/(\r?\n)/);
	const lines = pieces.filter((_, index) => index % 2 === 0);
	const rewritten = kind === 'requirements' ? rewriteRequirementsFile(lines, byName) : rewritePyproject(lines, byName);
	const changes: DownstreamPinChange[] = [];
	for (const [index, result] of rewritten.entries()) {
		if (result.text !== lines[index]) {
			changes.push({line: index + 1, before: lines[index]!, after: result.text, packages: result.packages, staleHashes: result.staleHashes});
			pieces[index * 2] = result.text;
		}
	}

	return {text: pieces.join(''), changes};
}

type LineResult = {text: string; packages: string[]; staleHashes: boolean};
type Lookup = ReadonlyMap<string, ReleasedPackage>;

function unchanged(text: string): LineResult {
	return {text, packages: [], staleHashes: false};
}

function rewriteRequirementsFile(lines: readonly string[], released: Lookup): LineResult[] {
	const results: LineResult[] = [];
	let continuation = false;
	for (const [index, line] of lines.entries()) {
		const continues = /\\\s*$/.test(line);
		if (continuation) {
			results.push(unchanged(line));
			continuation = continues;
			continue;
		}

		continuation = continues;
		// pip: a comment starts at a # at the line's start or after white space (URL fragments have none).
		const comment = /(^|\s)#/.exec(line);
		const content = comment === null ? line : line.slice(0, comment.index);
		const result = rewriteRequirementLine(content, released);
		if (result === undefined) {
			results.push(unchanged(line));
			continue;
		}

		let logical = line;
		for (let next = index + 1; /\\\s*$/.test(lines[next - 1] ?? '') && next < lines.length; next++) {
			logical += lines[next];
		}

		results.push({text: result.text + line.slice(content.length), packages: result.packages, staleHashes: logical.includes('--hash')});
	}

	return results;
}

/** One requirements line without its comment: options skipped, `-e URL` and bare URLs handled. */
function rewriteRequirementLine(content: string, released: Lookup): {text: string; packages: string[]} | undefined {
	const editable = /^(\s*(?:-e|--editable)(?:\s+|=))(.*)$/.exec(content);
	if (editable !== null) {
		const rest = rewriteRequirement(editable[2]!, released);
		return rest === undefined ? undefined : {text: editable[1]! + rest.text, packages: rest.packages};
	}

	if (/^\s*-/.test(content)) {
		return undefined;
	}

	return rewriteRequirement(content, released);
}

const versionToken = String.raw`[A-Za-z0-9.*+!_-]+`;
const specifierRun = new RegExp(String.raw`^(\s*\(?\s*)((?:(?:===|==|>=|<=|~=|!=|<|>)\s*${versionToken}\s*,?\s*)+)`);
const clausePattern = new RegExp(String.raw`(===|==|>=|<=|~=|!=|\^|~|<|>)?(\s*)(${versionToken})`, 'g');
const urlPattern = /\b(?:git\+)?[a-z][a-z0-9+.-]*:\/\/[^\s;"']+/i;

/** A PEP 508 requirement (`name[extra]>=X ; marker`, `name @ URL`) or a bare `git+URL#egg=name`. */
function rewriteRequirement(requirement: string, released: Lookup): {text: string; packages: string[]} | undefined {
	const bareUrl = /^(\s*["']?)(git\+[^\s"']+)/.exec(requirement);
	if (bareUrl !== null) {
		const url = bareUrl[2]!;
		const name = eggName(url);
		const target = name === undefined ? undefined : released.get(normalizeName(name));
		const rewritten = target === undefined ? url : rewriteUrlTag(url, target.tag);
		return rewritten === url ? undefined : {text: bareUrl[1]! + rewritten + requirement.slice(bareUrl[0].length), packages: [normalizeName(name!)]};
	}

	const name = requirementName(requirement);
	const target = name === undefined ? undefined : released.get(normalizeName(name));
	if (name === undefined || target === undefined) {
		return undefined;
	}

	const head = new RegExp(String.raw`^\s*${escapeRegExp(name)}(\s*\[[^\]]*\])?`).exec(requirement)!;
	const rest = requirement.slice(head[0].length);
	let rewritten = rest;
	if (/^\s*@/.test(rest)) {
		const url = urlPattern.exec(rest);
		if (url !== null) {
			rewritten = rest.slice(0, url.index) + rewriteUrlTag(url[0], target.tag) + rest.slice(url.index + url[0].length);
		}
	} else {
		const run = specifierRun.exec(rest);
		if (run !== null) {
			const [, gap = '', specifiers = ''] = run;
			rewritten = gap + rewriteClauses(specifiers, target.version, false) + rest.slice(run[0].length);
		}
	}

	return rewritten === rest ? undefined : {text: head[0] + rewritten, packages: [normalizeName(name)]};
}

/** `#egg=name` (or `egg=name==1.0+git`) in a URL's fragment. */
function eggName(url: string): string | undefined {
	const egg = /[#&]egg=([^&\s]+)/.exec(url);
	return egg === null ? undefined : requirementName(egg[1]!);
}

/**
 * `git+https://host/org/repo.git@v1.2.3#subdirectory=x` with its ref replaced by `tag`, when the
 * ref looks like a release tag; a branch or a commit hash is a choice we leave alone.
 */
export function rewriteUrlTag(url: string, tag: string): string {
	const fragmentStart = url.includes('#') ? url.indexOf('#') : url.length;
	const location = url.slice(0, fragmentStart);
	const pathStart = location.indexOf('/', location.indexOf('://') + 3);
	const at = location.lastIndexOf('@');
	if (pathStart === -1 || at < pathStart) {
		return url;
	}

	const reference = location.slice(at + 1);
	return isReleaseTag(reference) && reference !== tag ? location.slice(0, at + 1) + tag + url.slice(fragmentStart) : url;
}

/** `v1.2.3`, `0.9.1`, `zulip-v1.0`: a ref naming a version, not a branch (`main`) or a commit hash. */
function isReleaseTag(reference: string): boolean {
	return /\d/.test(reference) && !/^[0-9a-f]{7,40}$/i.test(reference);
}

/** Each version-naming clause of `>=0.9,<1.0` or poetry's `^0.9 || ~1.0` moved to `version`. */
function rewriteClauses(specifiers: string, version: string, poetry: boolean): string {
	return specifiers.replace(clausePattern, (clause, operator: string | undefined, space: string, written: string) => {
		if (operator === undefined && !poetry) {
			return clause;
		}

		const next = followedVersion(operator ?? '', written, version);
		return next === undefined ? clause : `${operator ?? ''}${space}${next}`;
	});
}

const followingOperators = new Set(['==', '===', '>=', '~=', '^', '~', '']);

/** What `operator written` becomes for the released `version`, or undefined to keep it. */
function followedVersion(operator: string, written: string, version: string): string | undefined {
	if (!followingOperators.has(operator)) {
		return undefined;
	}

	const release = parseVersion(version)?.release;
	if (release === undefined) {
		return undefined;
	}

	if (written.endsWith('.*')) {
		const prefix = written.slice(0, -2);
		const precision = prefix.split('.').length;
		const next = release.slice(0, precision).join('.');
		return isValidVersion(prefix) && compareVersions(prefix, next) < 0 ? `${next}.*` : undefined;
	}

	if (!isValidVersion(written)) {
		return undefined;
	}

	let next = version;
	const precision = parseVersion(written)!.release.length;
	if (operator === '~=' && precision < release.length) {
		next = release.slice(0, precision).join('.');
	}

	return compareVersions(written, next) < 0 ? next : undefined;
}

// --- pyproject.toml -------------------------------------------------------------------------

type Section =
	| {kind: 'other'}
	/** PEP 621 / PEP 735 arrays of requirement strings; `keys` undefined means every key. */
	| {kind: 'requirement-arrays'; keys: ReadonlySet<string> | undefined}
	| {kind: 'poetry-table'}
	| {kind: 'poetry-package'; name: string};

function sectionOf(header: string): Section {
	const parts = header.split('.').map(part => part.trim().replaceAll(/^["']|["']$/g, ''));
	const dotted = parts.join('.');
	if (dotted === 'project') {
		return {kind: 'requirement-arrays', keys: new Set(['dependencies'])};
	}

	if (dotted === 'project.optional-dependencies' || dotted === 'dependency-groups') {
		return {kind: 'requirement-arrays', keys: undefined};
	}

	const poetryTable = (table: readonly string[]) =>
		table.length >= 3 &&
		table[0] === 'tool' &&
		table[1] === 'poetry' &&
		((table.length === 3 && (table[2] === 'dependencies' || table[2] === 'dev-dependencies')) || (table.length === 5 && table[2] === 'group' && table[4] === 'dependencies'));
	if (poetryTable(parts)) {
		return {kind: 'poetry-table'};
	}

	if (poetryTable(parts.slice(0, -1))) {
		return {kind: 'poetry-package', name: normalizeName(parts.at(-1)!)};
	}

	return {kind: 'other'};
}

function rewritePyproject(lines: readonly string[], released: Lookup): LineResult[] {
	let section: Section = {kind: 'other'};
	let arrayDepth = 0;
	return lines.map(line => {
		if (arrayDepth > 0) {
			const scanned = scanArray(line, 0, arrayDepth, released);
			arrayDepth = scanned.depth;
			return scanned.result;
		}

		const header = /^\s*\[\[?([^\]]+)\]\]?\s*(?:#.*)?$/.exec(line);
		if (header !== null) {
			section = sectionOf(header[1]!);
			return unchanged(line);
		}

		const assignment = /^(\s*)(["']?)([A-Za-z0-9_.-]+)\2\s*=\s*/.exec(line);
		if (assignment === null) {
			return unchanged(line);
		}

		const key = assignment[3]!;
		const valueStart = assignment[0].length;
		switch (section.kind) {
			case 'requirement-arrays': {
				if (line[valueStart] !== '[' || (section.keys !== undefined && !section.keys.has(key))) {
					return unchanged(line);
				}

				const scanned = scanArray(line, valueStart + 1, 1, released);
				arrayDepth = scanned.depth;
				return scanned.result;
			}

			case 'poetry-table': {
				const target = released.get(normalizeName(key));
				return target === undefined ? unchanged(line) : rewritePoetryValue(line, valueStart, normalizeName(key), target, false);
			}

			case 'poetry-package': {
				const target = released.get(section.name);
				return target === undefined || (key !== 'version' && key !== 'tag') ? unchanged(line) : rewritePoetryValue(line, 0, section.name, target, true);
			}

			default: {
				return unchanged(line);
			}
		}
	});
}

/** Walks a line of a TOML array from `start`: each string in it is a requirement. */
function scanArray(line: string, start: number, depth: number, released: Lookup): {result: LineResult; depth: number} {
	let text = line;
	const packages: string[] = [];
	let index = start;
	while (index < text.length && depth > 0) {
		const character = text[index]!;
		if (character === '#') {
			break;
		}

		if (character === '[') {
			depth++;
		} else if (character === ']') {
			depth--;
		} else if (character === '"' || character === "'") {
			const end = stringEnd(text, index);
			const content = text.slice(index + 1, end);
			const rewritten = rewriteRequirement(content, released);
			if (rewritten !== undefined) {
				text = text.slice(0, index + 1) + rewritten.text + text.slice(end);
				packages.push(...rewritten.packages);
				index += rewritten.text.length + 1;
			} else {
				index = end;
			}
		}

		index++;
	}

	return {result: {text, packages, staleHashes: false}, depth};
}

function stringEnd(text: string, open: number): number {
	const quote = text[open]!;
	let index = open + 1;
	while (index < text.length && text[index] !== quote) {
		// Basic strings escape with a backslash; literal ('...') strings have no escapes.
		index += quote === '"' && text[index] === '\\' ? 2 : 1;
	}

	return Math.min(index, text.length);
}

/**
 * A poetry value from `from`: `"^X"`, `{version = "X", ...}`, `{git = "...", tag = "vX"}`, or
 * (in a `[tool.poetry.dependencies.name]` table) a `version = "X"` / `tag = "vX"` line.
 */
function rewritePoetryValue(line: string, from: number, name: string, target: ReleasedPackage, subtable: boolean): LineResult {
	const head = line.slice(0, from);
	let value = line.slice(from);
	if (!subtable && /^["']/.test(value)) {
		const end = stringEnd(value, 0);
		value = value[0] + rewriteClauses(value.slice(1, end), target.version, true) + value.slice(end);
	} else {
		const keyed = (key: string) => new RegExp(String.raw`(^|[{,\s])(${key}\s*=\s*)(["'])([^"'\n]*)\3`, 'g');
		value = value
			.replace(keyed('version'), (_, before: string, assign: string, quote: string, constraint: string) => `${before}${assign}${quote}${rewriteClauses(constraint, target.version, true)}${quote}`)
			.replace(keyed('tag'), (whole: string, before: string, assign: string, quote: string, tag: string) =>
				isReleaseTag(tag) ? `${before}${assign}${quote}${target.tag}${quote}` : whole,
			);
	}

	const text = head + value;
	return {text, packages: text === line ? [] : [name], staleHashes: false};
}

function escapeRegExp(text: string): string {
	return text.replaceAll(/[.*+?^${}()|[\]\\]/g, String.raw`\$&`);
}

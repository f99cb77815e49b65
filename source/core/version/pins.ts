import {compareVersions, isValidVersion} from './pep440.js';

/** A sibling released at a new version: its pins that name `from` should name `to`. */
export type PinBump = {
	/** PEP 503 normalised name. */
	readonly name: string;
	readonly from: string;
	readonly to: string;
};

export type PinChange = {readonly line: number; readonly name: string; readonly before: string; readonly after: string};

// Operators whose version is "the version we build against": they follow a release.
// `!=`, `<` and `>` name versions to avoid or exceed, so they stay as written.
const followingOperators = new Set(['==', '===', '>=', '<=', '~=', '^', '~', '']);
const versionToken = String.raw`[A-Za-z0-9.*+!_-]+`;
const clausePattern = new RegExp(String.raw`(===|==|>=|<=|~=|!=|\^|~|<|>)?(\s*)(${versionToken})`, 'g');

/**
 * Rewrites the version in every requirement on a bumped sibling that names its old version,
 * keeping the operator and every other byte: PEP 508 strings (`core>=1.0.0`, in setup.py,
 * setup.cfg, requirements or a pyproject list, comments included) and poetry's
 * `core = "^1.0.0"` / `core = {version = "^1.0.0"}` tables.
 */
export function rewritePins(text: string, bumps: readonly PinBump[]): {text: string; changes: PinChange[]} {
	const changes: PinChange[] = [];
	const lines = text.split(/(\r?\n)/);
	for (let index = 0; index < lines.length; index += 2) {
		let line = lines[index]!;
		for (const bump of bumps) {
			const rewritten = rewriteLine(line, bump);
			if (rewritten !== line) {
				changes.push({line: index / 2 + 1, name: bump.name, before: line, after: rewritten});
				line = rewritten;
			}
		}

		lines[index] = line;
	}

	return {text: lines.join(''), changes};
}

function namePattern(name: string): string {
	return name
		.split('-')
		.map(part => part.replaceAll(/[.*+?^${}()|[\]\\]/g, String.raw`\$&`))
		.join('[-_.]+');
}

function rewriteLine(line: string, bump: PinBump): string {
	const name = namePattern(bump.name);
	// poetry: `name = "^1.0"` or `name = { version = "^1.0", ... }` at the start of a line.
	const poetry = new RegExp(String.raw`^(\s*["']?${name}["']?\s*=\s*(?:\{[^}]*?\bversion\s*=\s*)?)(["'])([^"'\n]*)\2`, 'i');
	const poetryMatch = poetry.exec(line);
	if (poetryMatch !== null) {
		const [, prefix = '', quote = '', value = ''] = poetryMatch;
		const start = poetryMatch.index + prefix.length + quote.length;
		return line.slice(0, start) + rewriteClauses(value, bump) + line.slice(start + value.length);
	}

	// PEP 508: the name, not part of a longer name, then optional extras, then specifiers.
	const pep508 = new RegExp(
		String.raw`(^|[\s"'\[(,])(${name})(\s*\[[^\]]*\])?(\s*\(?\s*)((?:(?:===|==|>=|<=|~=|!=|<|>)\s*${versionToken}\s*,?\s*)+)`,
		'gi',
	);
	return line.replace(pep508, (whole, before: string, found: string, extras: string | undefined, gap: string, specifiers: string) => {
		const rewritten = rewriteClauses(specifiers, bump);
		return rewritten === specifiers ? whole : `${before}${found}${extras ?? ''}${gap}${rewritten}`;
	});
}

function rewriteClauses(specifiers: string, bump: PinBump): string {
	return specifiers.replace(clausePattern, (clause, operator: string | undefined, space: string, version: string) =>
		followingOperators.has(operator ?? '') && sameVersion(version, bump.from) ? `${operator ?? ''}${space}${bump.to}` : clause,
	);
}

function sameVersion(written: string, version: string): boolean {
	if (written === version) {
		return true;
	}

	return isValidVersion(written) && isValidVersion(version) && compareVersions(written, version) === 0;
}

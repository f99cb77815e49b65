import {compare, explain, valid} from '@renovatebot/pep440';
import {UsageError} from '../errors.js';

export const bumpParts = ['major', 'minor', 'patch', 'post', 'pre', 'dev'] as const;
export type BumpPart = (typeof bumpParts)[number];

export type PreLabel = 'a' | 'b' | 'rc';

export function isBumpPart(value: string): value is BumpPart {
	return (bumpParts as readonly string[]).includes(value);
}

export function isValidVersion(version: string): boolean {
	return valid(version) !== null;
}

/** Negative, zero or positive, by PEP 440 ordering. */
export function compareVersions(a: string, b: string): number {
	return compare(a, b);
}

/**
 * The version after `current` for `part`, PEP 440 style:
 * - major, minor, patch: the release segment; a pre-release of that release becomes final
 *   (`2.0.0rc1` + major = `2.0.0`);
 * - post: `1.2.0` -> `1.2.0.post1` -> `1.2.0.post2`; a dev release of a post release becomes
 *   that post release (`1.0.0.post1.dev1` -> `1.0.0.post1`);
 * - pre: the next pre-release (`1.2.0` -> `1.2.1a1`, `1.2.1a1` -> `1.2.1a2`), or with a label
 *   (`1.2.1a2` + rc -> `1.2.1rc1`);
 * - dev: `1.2.0` -> `1.2.1.dev1`, `1.2.1.dev1` -> `1.2.1.dev2`.
 * A local label (`+local`) never carries over: PyPI refuses it. A bump that would not give a
 * greater version (`1.0.0rc1` + pre-a) is refused, naming the bumps that would.
 */
export function bumpVersion(current: string, part: BumpPart, preLabel?: PreLabel): string {
	const next = computeBump(current, part, preLabel);
	if (compare(next, current) <= 0) {
		const asked = preLabel === undefined ? part : `${part}-${preLabel}`;
		const valid = versionCandidates(current);
		throw new UsageError(`--bump ${asked} on ${current} gives ${next}, which is not greater than ${current} under PEP 440 ordering.`, {
			hint: `Versions that would be valid: ${valid.map(candidate => `${candidate.version} (--bump ${candidate.part})`).join(', ')}.`,
		});
	}

	return next;
}

function computeBump(current: string, part: BumpPart, preLabel: PreLabel | undefined): string {
	const parsed = parseVersion(current);
	if (parsed === undefined) {
		throw new UsageError(`The current version "${current}" is not a valid PEP 440 version.`, {
			hint: 'Fix it in the project files, or pass the next version explicitly: --bump 1.2.3.',
		});
	}

	const {epoch, release, pre, post, dev} = parsed;
	switch (part) {
		case 'major':
		case 'minor':
		case 'patch': {
			const index = part === 'major' ? 0 : part === 'minor' ? 1 : 2;
			const padded = [...release];
			while (padded.length <= index) {
				padded.push(0);
			}

			// A pre-release or dev release of exactly this release becomes final: 2.0.0rc1 + major = 2.0.0.
			// A dev release of a post release (1.0.0.post1.dev1) comes after 1.0.0, so it moves on.
			const leadsToRelease = post === undefined && (pre !== undefined || dev !== undefined);
			const isFinalOfPre = leadsToRelease && padded.slice(index + 1).every(value => value === 0);
			const bumped = padded.map((value, position) => (position < index ? value : position === index ? (isFinalOfPre ? value : value + 1) : 0));
			return formatVersion({epoch, release: bumped});
		}

		case 'post':
			if (post !== undefined && dev !== undefined) {
				return formatVersion({epoch, release, pre, post});
			}

			return formatVersion({epoch, release, pre, post: (post ?? 0) + 1});

		case 'pre': {
			if (pre !== undefined && post === undefined) {
				if (dev !== undefined && (preLabel === undefined || preLabel === pre[0])) {
					return formatVersion({epoch, release, pre});
				}

				if (preLabel === undefined || preLabel === pre[0]) {
					return formatVersion({epoch, release, pre: [pre[0], pre[1] + 1]});
				}

				return formatVersion({epoch, release, pre: [preLabel, 1]});
			}

			const base = dev !== undefined && pre === undefined && post === undefined ? release : nextPatch(release);
			return formatVersion({epoch, release: base, pre: [preLabel ?? 'a', 1]});
		}

		case 'dev': {
			if (dev !== undefined) {
				return formatVersion({epoch, release, pre, post, dev: dev + 1});
			}

			if (pre !== undefined && post === undefined) {
				return formatVersion({epoch, release, pre: [pre[0], pre[1] + 1], dev: 1});
			}

			return formatVersion({epoch, release: nextPatch(release), dev: 1});
		}
	}
}

type VersionParts = {
	readonly epoch: number;
	readonly release: readonly number[];
	readonly pre?: readonly [PreLabel, number] | undefined;
	readonly post?: number | undefined;
	readonly dev?: number | undefined;
	readonly local?: string | undefined;
};

/** The parts of a version, normalised (`1.0-RC.1` has pre ['rc', 1]); undefined when invalid. */
export function parseVersion(version: string): VersionParts | undefined {
	// The library's typings say arrays for post and dev; at run time they are numbers.
	// Python's packaging.version strips surrounding white space before matching; so do we.
	const parsed = explain(version.trim()) as unknown as {
		epoch: number;
		release: number[];
		pre: [string, number] | null;
		post: number | null;
		dev: number | null;
		local: string | null;
	} | null;
	if (parsed === null) {
		return undefined;
	}

	return {
		epoch: parsed.epoch,
		release: parsed.release,
		pre: parsed.pre === null ? undefined : [normalizePreLabel(parsed.pre[0]), parsed.pre[1]],
		post: parsed.post ?? undefined,
		dev: parsed.dev ?? undefined,
		local: parsed.local ?? undefined,
	};
}

export function formatVersion(parts: VersionParts): string {
	return [
		parts.epoch > 0 ? `${parts.epoch}!` : '',
		parts.release.join('.'),
		parts.pre === undefined ? '' : `${parts.pre[0]}${parts.pre[1]}`,
		parts.post === undefined ? '' : `.post${parts.post}`,
		parts.dev === undefined ? '' : `.dev${parts.dev}`,
		parts.local === undefined ? '' : `+${parts.local}`,
	].join('');
}

/** `str(packaging.version.Version(v))`: `v1.0-r4` becomes `1.0.post4`; undefined when not PEP 440. */
export function normalizeVersion(version: string): string | undefined {
	const parsed = parseVersion(version);
	return parsed === undefined ? undefined : formatVersion(parsed);
}

/** `packaging.utils.canonicalize_version`: trailing zeros dropped, so `1.0.0` and `1` are one release. */
export function canonicalVersion(version: string): string | undefined {
	const parsed = parseVersion(version);
	if (parsed === undefined) {
		return undefined;
	}

	const release = [...parsed.release];
	while (release.length > 1 && release.at(-1) === 0) {
		release.pop();
	}

	return formatVersion({...parsed, release});
}

export function hasLocalSegment(version: string): boolean {
	return parseVersion(version)?.local !== undefined;
}

/** Pre-releases and dev releases, as `Version.is_prerelease` says. */
export function isPrerelease(version: string): boolean {
	const parsed = parseVersion(version);
	return parsed !== undefined && (parsed.pre !== undefined || parsed.dev !== undefined);
}

/**
 * Resolves `--bump`'s value against the current version: a part name, `keep`, or an explicit
 * PEP 440 version that must be greater than the current one.
 */
export function nextVersion(current: string, bump: string): string {
	if (bump === 'keep') {
		return current;
	}

	if (isBumpPart(bump)) {
		return bumpVersion(current, bump);
	}

	for (const label of ['a', 'b', 'rc'] as const) {
		if (bump === `pre-${label}` || bump === `pre${label}`) {
			return bumpVersion(current, 'pre', label);
		}
	}

	const problem = versionProblem(bump, current);
	if (problem !== undefined) {
		throw new UsageError(problem, {hint: `Pass one of ${[...bumpParts, 'keep'].join(', ')}, or a valid PEP 440 version greater than ${current}.`});
	}

	return bump;
}

/**
 * Why `candidate` cannot follow `current`, in a sentence; undefined when it can.
 * Used to validate a version typed by hand, as it is typed.
 */
export function versionProblem(candidate: string, current: string): string | undefined {
	const trimmed = candidate.trim();
	if (trimmed === '') {
		return 'Type a version, for example 1.2.3.';
	}

	const parsed = parseVersion(trimmed);
	if (parsed === undefined) {
		return `"${trimmed}" is not a valid PEP 440 version (examples: 1.2.3, 1.2.3rc1, 1.2.3.post1, 1.2.3.dev1).`;
	}

	if (parsed.local !== undefined) {
		return `"${trimmed}" has a local version label (+${parsed.local}), which PyPI refuses.`;
	}

	if (valid(current) !== null && compare(trimmed, current) <= 0) {
		return `"${trimmed}" is not greater than the current version ${current}.`;
	}

	return undefined;
}

/** Every bump offered to the user that gives a greater version, with the version it gives. */
export function versionCandidates(current: string): Array<{part: string; version: string}> {
	const candidates: Array<{part: string; version: string}> = [];
	const offer = (part: string, version: string): void => {
		if (compare(version, current) > 0 && !candidates.some(candidate => candidate.version === version)) {
			candidates.push({part, version});
		}
	};

	for (const part of bumpParts) {
		offer(part, computeBump(current, part, undefined));
	}

	for (const label of ['a', 'b', 'rc'] as const) {
		offer(`pre-${label}`, computeBump(current, 'pre', label));
	}

	return candidates;
}

function normalizePreLabel(label: string): PreLabel {
	label = label.toLowerCase();
	if (label === 'alpha') {
		return 'a';
	}

	if (label === 'beta') {
		return 'b';
	}

	return label === 'c' || label === 'pre' || label === 'preview' ? 'rc' : (label as PreLabel);
}

function nextPatch(release: readonly number[]): number[] {
	const [major = 0, minor = 0, patch = 0] = release;
	return [major, minor, patch + 1];
}

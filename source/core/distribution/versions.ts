import {compare, parse} from '@renovatebot/pep440';

// The shape `parse` really returns (its declared type describes `explain` instead).
type ParsedVersion = {
	readonly epoch: number;
	readonly release: readonly number[];
	readonly pre: readonly [string, number] | null;
	readonly post: readonly [string, number] | null;
	readonly dev: readonly [string, number] | null;
	readonly local: ReadonlyArray<string | number> | null;
};

function parseVersion(version: string): ParsedVersion | undefined {
	// Python's packaging.version strips surrounding whitespace before matching.
	return (parse(version.trim()) as unknown as ParsedVersion | null) ?? undefined;
}

function render(parsed: ParsedVersion, release: readonly number[]): string {
	let text = parsed.epoch === 0 ? '' : `${parsed.epoch}!`;
	text += release.join('.');
	if (parsed.pre) {
		text += `${parsed.pre[0]}${parsed.pre[1]}`;
	}

	if (parsed.post) {
		text += `.post${parsed.post[1]}`;
	}

	if (parsed.dev) {
		text += `.dev${parsed.dev[1]}`;
	}

	if (parsed.local) {
		text += `+${parsed.local.join('.')}`;
	}

	return text;
}

/** `str(packaging.version.Version(v))`: `v1.0-r4` becomes `1.0.post4`; undefined when not PEP 440. */
export function normalizeVersion(version: string): string | undefined {
	const parsed = parseVersion(version);
	return parsed === undefined ? undefined : render(parsed, parsed.release);
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

	return render(parsed, release);
}

export function hasLocalSegment(version: string): boolean {
	return Boolean(parseVersion(version)?.local);
}

/** Pre-releases and dev releases, as `Version.is_prerelease` says. */
export function isPrerelease(version: string): boolean {
	const parsed = parseVersion(version);
	return parsed !== undefined && Boolean(parsed.pre ?? parsed.dev);
}

/** PEP 440 ordering, for sorting versions that are known to be valid. */
export function compareVersions(left: string, right: string): number {
	return compare(left, right);
}

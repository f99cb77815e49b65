import {UsageError} from '../errors.js';
import {normalizeName} from '../names.js';
import type {Plan, PythonPackage} from '../plan/types.js';
import {nextVersion} from '../version/pep440.js';

export type ReleaseTargets = {
	readonly versioning: 'synchronized' | 'independent';
	/** The version of a synchronized release. */
	readonly version: string | undefined;
	/** Normalised name -> {previous, next}, for every package released. */
	readonly packages: ReadonlyMap<string, {readonly previous: string; readonly next: string}>;
};

/**
 * The next version of each package from the `--bump` values: one PART or VERSION for all
 * (synchronized), or NAME=PART for each package released on its own (independent).
 */
export function releaseTargets(plan: Plan, bumps: readonly string[]): ReleaseTargets {
	if (bumps.length === 0) {
		throw new UsageError('--ci needs --bump to know the next version.', {
			hint: 'Pass --bump major|minor|patch|post|pre|dev|keep|VERSION, or --bump NAME=PART for each package released on its own.',
		});
	}

	const named = bumps.filter(bump => bump.includes('='));
	if (named.length === 0) {
		if (bumps.length > 1) {
			throw new UsageError(`--bump was given ${bumps.length} times (${bumps.join(', ')}); a synchronized release takes one.`, {
				hint: 'Use one --bump PART, or NAME=PART for each package.',
			});
		}

		return synchronized(plan, bumps[0]!);
	}

	if (named.length !== bumps.length) {
		throw new UsageError(`--bump mixes a part for all packages with NAME=PART values: ${bumps.join(', ')}.`, {
			hint: 'Use one --bump PART for all, or NAME=PART for each package released on its own.',
		});
	}

	const packages = new Map<string, {previous: string; next: string}>();
	for (const bump of named) {
		const [name = '', part = ''] = bump.split('=', 2);
		const found = plan.packages.find(candidate => candidate.normalizedName === normalizeName(name));
		if (found === undefined) {
			throw new UsageError(`--bump ${bump}: there is no package "${name}" in ${plan.root}.`, {
				hint: `The packages are: ${plan.packages.map(candidate => candidate.name).join(', ')}.`,
			});
		}

		packages.set(found.normalizedName, {previous: found.version, next: next(found, part)});
	}

	return {versioning: 'independent', version: undefined, packages};
}

function synchronized(plan: Plan, part: string): ReleaseTargets {
	const versions = new Set(plan.packages.map(candidate => candidate.version));
	if (versions.size > 1) {
		throw new UsageError(
			`--bump ${part} gives every package one version, but they hold different ones: ${plan.packages.map(candidate => `${candidate.name} ${candidate.version}`).join(', ')}.`,
			{hint: 'Bump each package on its own with --bump NAME=PART, or make the versions agree first.'},
		);
	}

	if (plan.packages.length === 0) {
		throw new UsageError(`No Python package was found in ${plan.root}.`, {hint: 'Run wizard plan to see what discovery finds.'});
	}

	const first = plan.packages[0]!;
	const version = next(first, part);
	return {
		versioning: 'synchronized',
		version,
		packages: new Map(plan.packages.map(candidate => [candidate.normalizedName, {previous: candidate.version, next: version}])),
	};
}

function next(found: PythonPackage, part: string): string {
	return part === 'keep' ? found.version : nextVersion(found.version, part);
}

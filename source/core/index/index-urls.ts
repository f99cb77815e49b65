import {UsageError} from '../errors.js';
import {normalizeName} from '../names.js';
import {builtInRepositories, type Repository} from '../credentials/repositories.js';

/** Where an index answers besides its upload URL, and what to call it. */
export type IndexUrls = {
	readonly uploadUrl: string;
	/** The simple API root, with a trailing slash: project pages are `${simpleBase}<name>/`. */
	readonly simpleBase: string;
	/** The JSON API root, with a trailing slash: `${jsonBase}<name>/json`. */
	readonly jsonBase: string;
	/** A release's page for people, `{name}` and `{version}` to fill in; undefined when the index has none. */
	readonly projectPagePattern: string | undefined;
	/** `PyPI`, `TestPyPI`, `sandbox testpypi (127.0.0.1:8080)`, or the repository's name. */
	readonly displayName: string;
};

/** Explicit values for an index whose URLs cannot be derived from its upload URL. */
export type IndexUrlOverrides = Partial<Omit<IndexUrls, 'uploadUrl'>>;

const knownIndexes: Readonly<Record<string, Omit<IndexUrls, 'uploadUrl'>>> = {
	'https://upload.pypi.org/legacy/': {
		simpleBase: 'https://pypi.org/simple/',
		jsonBase: 'https://pypi.org/pypi/',
		projectPagePattern: 'https://pypi.org/project/{name}/{version}/',
		displayName: 'PyPI',
	},
	'https://test.pypi.org/legacy/': {
		simpleBase: 'https://test.pypi.org/simple/',
		jsonBase: 'https://test.pypi.org/pypi/',
		projectPagePattern: 'https://test.pypi.org/project/{name}/{version}/',
		displayName: 'TestPyPI',
	},
};

const sandboxIndexNames = new Set(['testpypi', 'pypi']);

/**
 * The simple API, JSON API and project page of the index behind `repository`: `pypi`,
 * `testpypi`, an upload URL, or a resolved {@link Repository}. PyPI's and TestPyPI's are known;
 * any other URL ending in `/legacy/` has its APIs as siblings (`/simple/`, `/pypi/`), as the
 * sandbox and devpi-style servers lay them out. `overrides` win over everything derived.
 */
export function indexUrlsFor(repository: string | Repository, overrides: IndexUrlOverrides = {}): IndexUrls {
	const named = typeof repository === 'string' ? builtInRepositories.find(candidate => candidate.name === repository) : repository;
	const uploadUrl = named?.uploadUrl ?? (repository as string);
	if (!/^https?:\/\//i.test(uploadUrl)) {
		throw new UsageError(`"${uploadUrl}" is neither a built-in index name nor an http(s) upload URL.`, {
			hint: 'Use pypi, testpypi, or an upload URL such as https://upload.pypi.org/legacy/.',
		});
	}

	const url = new URL(uploadUrl);
	const withSlash = url.pathname.endsWith('/') ? url.href : `${url.origin}${url.pathname}/`;
	const known = knownIndexes[withSlash.toLowerCase()];
	if (known !== undefined) {
		return {uploadUrl, ...known, ...defined(overrides)};
	}

	const derived = derivedUrls(new URL(withSlash), named?.origin === 'pypirc' ? named.name : undefined);
	const simpleBase = overrides.simpleBase ?? derived?.simpleBase;
	const jsonBase = overrides.jsonBase ?? derived?.jsonBase;
	if (simpleBase === undefined || jsonBase === undefined) {
		throw new UsageError(`Cannot tell where the simple and JSON APIs of ${uploadUrl} are: only an upload URL ending in /legacy/ has them as known siblings.`, {
			hint: 'Give the index URLs explicitly (its simple API, such as https://HOST/simple/, and its JSON API root).',
		});
	}

	return {
		uploadUrl,
		simpleBase: withTrailingSlash(simpleBase),
		jsonBase: withTrailingSlash(jsonBase),
		projectPagePattern: 'projectPagePattern' in overrides ? overrides.projectPagePattern : derived?.projectPagePattern,
		displayName: overrides.displayName ?? derived?.displayName ?? url.host,
	};
}

function derivedUrls(url: URL, sectionName: string | undefined): Omit<IndexUrls, 'uploadUrl'> | undefined {
	const match = /^(?<parent>.*\/)legacy\/$/.exec(url.pathname);
	if (match?.groups === undefined) {
		return undefined;
	}

	const parent = `${url.origin}${match.groups['parent']}`;
	const jsonBase = `${parent}pypi/`;
	const sandboxIndex = /^\/([^/]+)\/$/.exec(match.groups['parent']!)?.[1];
	const isSandbox = sandboxIndex !== undefined && sandboxIndexNames.has(sandboxIndex);
	return {
		simpleBase: `${parent}simple/`,
		jsonBase,
		// The sandbox has no pages for people; its JSON release view is the nearest thing.
		projectPagePattern: isSandbox ? `${jsonBase}{name}/{version}/json` : undefined,
		displayName: sectionName ?? (isSandbox ? `sandbox ${sandboxIndex} (${url.host})` : `${url.host}${match.groups['parent']!.replace(/\/$/, '')}`),
	};
}

/** The page of `name` `version` on the index, or undefined when it has no such pages. */
export function projectPageUrl(urls: IndexUrls, name: string, version: string): string | undefined {
	return urls.projectPagePattern?.replaceAll('{name}', encodeURIComponent(normalizeName(name))).replaceAll('{version}', encodeURIComponent(version));
}

/** The simple API page installers read for `name`. */
export function simplePageUrl(simpleBase: string, name: string): string {
	return `${withTrailingSlash(simpleBase)}${encodeURIComponent(normalizeName(name))}/`;
}

function withTrailingSlash(url: string): string {
	return url.endsWith('/') ? url : `${url}/`;
}

function defined(overrides: IndexUrlOverrides): IndexUrlOverrides {
	return Object.fromEntries(Object.entries(overrides).filter(([key, value]) => value !== undefined || key === 'projectPagePattern'));
}

import {readFile} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {closest} from '../closest.js';
import {ConfigError, UsageError} from '../errors.js';
import {parseIni} from '../ini.js';

/** An index to upload to, as a REPOSITORY argument names it. */
export type Repository = {
	/** `pypi`, `testpypi`, a `~/.pypirc` section, or the URL itself. */
	readonly name: string;
	readonly uploadUrl: string;
	readonly username?: string;
	/** From `~/.pypirc` (plain text there, never copied anywhere else). */
	readonly password?: string;
	readonly origin: 'built-in' | 'pypirc' | 'url';
};

export const builtInRepositories: readonly Repository[] = [
	{name: 'pypi', uploadUrl: 'https://upload.pypi.org/legacy/', origin: 'built-in'},
	{name: 'testpypi', uploadUrl: 'https://test.pypi.org/legacy/', origin: 'built-in'},
];

type Environment = Readonly<Record<string, string | undefined>>;

/** `testpypi (https://test.pypi.org/legacy/)`, or the URL alone when it is the name. */
export function repositoryLabel(repository: Repository): string {
	return repository.name === repository.uploadUrl ? repository.uploadUrl : `${repository.name} (${repository.uploadUrl})`;
}

export function pypircPath(env: Environment = process.env): string {
	return path.join(env['HOME'] || os.homedir(), '.pypirc');
}

/**
 * Resolves `testpypi`, `pypi`, a `~/.pypirc` section name, or an http(s) upload URL. A section
 * overrides the built-in of the same name, as it does for twine.
 */
export async function resolveRepository(argument: string, env: Environment = process.env): Promise<Repository> {
	if (/^https?:\/\//i.test(argument)) {
		return repositoryFromUrl(argument);
	}

	const known = await knownRepositories(env);
	const match = known.find(repository => repository.name === argument);
	if (match !== undefined) {
		return match;
	}

	const names = known.map(repository => repository.name);
	const suggestion = closest(argument, names);
	throw new UsageError(`Unknown repository "${argument}".`, {
		hint: `${suggestion === undefined ? '' : `Did you mean "${suggestion}"? `}Known: ${names.join(', ')} (sections of ${pypircPath(env)} count too), or give an upload URL such as https://upload.pypi.org/legacy/.`,
	});
}

/** The built-ins, then every `~/.pypirc` section that names an index. */
export async function knownRepositories(env: Environment = process.env): Promise<Repository[]> {
	const file = pypircPath(env);
	const sections = await readPypirc(file);
	const fromFile = [...sections.entries()]
		.filter(([name]) => name !== 'distutils')
		.map(([name, values]) => repositoryFromSection(file, name, values));
	const fromFileNames = new Set(fromFile.map(repository => repository.name));
	return [...builtInRepositories.filter(repository => !fromFileNames.has(repository.name)), ...fromFile];
}

function repositoryFromSection(file: string, name: string, values: ReadonlyMap<string, string>): Repository {
	const builtIn = builtInRepositories.find(repository => repository.name === name);
	const url = values.get('repository') || builtIn?.uploadUrl;
	if (url === undefined) {
		throw new ConfigError(file, `section [${name}] has no "repository = URL" line, so its upload URL is unknown.`, {
			hint: `Add for example "repository = https://upload.pypi.org/legacy/" under [${name}].`,
		});
	}

	if (!/^https?:\/\//i.test(url)) {
		throw new ConfigError(file, `section [${name}] has repository = ${url}, which is not an http(s) URL.`);
	}

	return {
		name,
		uploadUrl: canonicalUploadUrl(url),
		...(values.has('username') ? {username: values.get('username')} : {}),
		...(values.get('password') ? {password: values.get('password')} : {}),
		origin: 'pypirc',
	};
}

function repositoryFromUrl(url: string): Repository {
	const uploadUrl = canonicalUploadUrl(url);
	const builtIn = builtInRepositories.find(repository => repository.uploadUrl === uploadUrl);
	return builtIn ?? {name: uploadUrl, uploadUrl, origin: 'url'};
}

/** PyPI's own upload URLs in the exact spelling twine's keyring lookup uses; others unchanged. */
function canonicalUploadUrl(url: string): string {
	const withSlash = url.endsWith('/') ? url : `${url}/`;
	return builtInRepositories.find(repository => repository.uploadUrl === withSlash.toLowerCase())?.uploadUrl ?? url;
}

/** ~/.pypirc's sections and values; a missing file is an empty one. */
export async function readPypirc(file: string): Promise<Map<string, Map<string, string>>> {
	let text: string;
	try {
		text = await readFile(file, 'utf8');
	} catch (error: unknown) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
			return new Map();
		}

		throw new ConfigError(file, `cannot be read (${(error as Error).message}).`);
	}

	return new Map([...parseIni(text, {file, strict: true})].map(([name, section]) => [name, new Map([...section].map(([key, entry]) => [key, entry.value]))]));
}

import {satisfies} from '@renovatebot/pep440';
import {parseWheelFilename} from '../distribution/filename.js';
import {IndexRequestError} from '../index/index-errors.js';
import {projectFiles, type IndexFile} from '../index/simple-api.js';
import {normalizeName, requirementName} from '../names.js';
import {canonicalVersion} from '../version/pep440.js';

// Why `pip install NAME==VERSION` found nothing: a cache that answered with an older page, a
// version the index does not list yet, or a requirement nothing can satisfy. The index is asked
// directly (cache-busting) to tell them apart.

/** One requirement pip found no distribution for. */
export type MissingRequirement = {
	/** As pip printed it: `beta-x==1.0.0`. */
	readonly requirement: string;
	/** PEP 503 normalised. */
	readonly name: string;
	/** `==1.0.0`, `>=2`; empty for any version. */
	readonly specifier: string;
	/** The requirement that pulled it in (`beta-x==1.0.0`), undefined for the one asked for. */
	readonly requiredBy: string | undefined;
	/** What pip saw on the indexes (`from versions: ...`); undefined when pip did not say. */
	readonly seenVersions: readonly string[] | undefined;
};

export type PipFailure = {
	readonly missing: readonly MissingRequirement[];
	/** The resolver found versions that cannot be installed together (ResolutionImpossible). */
	readonly conflict: boolean;
	/** pip retried connections or could not reach an index. */
	readonly networkTrouble: boolean;
	/** pip's own explanation: its ERROR lines and the lines that go with them. */
	readonly lines: readonly string[];
};

const couldNotFind = /Could not find a version that satisfies the requirement (.+?)(?: \(from ([^()]*(?:\([^()]*\))?[^()]*)\))? \(from versions: ([^)]*)\)/;
const noMatching = /No matching distribution found for (.+?)\s*$/;
// pip's own explanation; its generic advice after `To fix this you could try to:` is left out.
const explaining = /^(ERROR:|WARNING: (Retrying|Location)|\s*The conflict is caused by|\s+\S+ \S+ depends on|\s+The user requested)/;
const network = /Retrying \(Retry\(|NewConnectionError|ConnectionError|Max retries exceeded|Read timed out|ProxyError|SSLError/;

/** Reads what pip printed when `pip install` failed. */
export function parsePipFailure(output: string): PipFailure {
	const lines = output.split(/\r?\n/);
	const missing = new Map<string, MissingRequirement>();
	for (const line of lines) {
		const found = couldNotFind.exec(line);
		if (found !== null) {
			const requirement = found[1]!.trim();
			const seen = found[3]!.trim();
			missing.set(requirement, {
				...splitRequirement(requirement),
				requiredBy: found[2]?.trim(),
				seenVersions: seen === 'none' || seen === '' ? [] : seen.split(',').map(version => version.trim()),
			});
			continue;
		}

		const notFound = noMatching.exec(line);
		if (notFound !== null && !missing.has(notFound[1]!)) {
			missing.set(notFound[1]!, {...splitRequirement(notFound[1]!), requiredBy: undefined, seenVersions: undefined});
		}
	}

	return {
		missing: [...missing.values()],
		conflict: lines.some(line => line.includes('ResolutionImpossible') || line.includes('conflicting dependencies')),
		networkTrouble: lines.some(line => network.test(line)),
		lines: lines.filter(line => explaining.test(line)).map(line => line.trimEnd()),
	};
}

function splitRequirement(requirement: string): Pick<MissingRequirement, 'requirement' | 'name' | 'specifier'> {
	const name = requirementName(requirement) ?? requirement;
	return {requirement, name: normalizeName(name), specifier: requirement.slice(name.length).replace(/^\[[^\]]*\]/, '').split(';')[0]!.trim()};
}

/** Where a fix applies: to the install check's retry, or to the user's own installer caches. */
export type FixScope = 'install-check' | 'your-environment';

export type InstallFixId = 'retry-no-cache-dir' | 'wait-and-retry' | 'uv-refresh-package' | 'uv-cache-clean' | 'poetry-cache-clear';

/** A choice a front end can offer; `command` is what it runs or what the user would type. */
export type InstallFix = {
	readonly id: InstallFixId;
	readonly description: string;
	readonly command: string | undefined;
	readonly scope: FixScope;
};

export type InstallDiagnosis =
	| {
			/** An index lists a matching file that pip did not see: a cache answered with an older page. */
			readonly kind: 'stale-cache';
			readonly installer: 'pip';
			readonly requirement: MissingRequirement;
			/** The simple base of the index whose page lists it. */
			readonly listedOn: string;
			readonly listedFiles: readonly string[];
			/** Which cache, in words (pip's HTTP cache and where it is, or a proxy or CDN between). */
			readonly cache: string;
			readonly fixes: readonly InstallFix[];
			readonly message: string;
	  }
	| {
			/** One of the release's own packages is not on the index yet: propagation. */
			readonly kind: 'not-visible';
			readonly requirement: MissingRequirement;
			readonly index: string;
			readonly fixes: readonly InstallFix[];
			readonly message: string;
	  }
	| {
			/** A requirement no index can satisfy, or versions that conflict: pip's lines say which. */
			readonly kind: 'resolution-failure';
			readonly requirement: MissingRequirement | undefined;
			readonly pipLines: readonly string[];
			readonly fixes: readonly InstallFix[];
			readonly message: string;
	  }
	| {
			readonly kind: 'index-unreachable';
			readonly index: string;
			readonly reason: string;
			readonly fixes: readonly InstallFix[];
			readonly message: string;
	  };

/** Installers the project itself uses, whose caches may be as stale as pip's answer. */
export type ProjectInstallers = {
	readonly uv?: boolean;
	/** The poetry source the project installs from (`pypi` unless it names another). */
	readonly poetry?: boolean | {readonly source: string};
};

export type DiagnoseInput = {
	/** The package the check asked for. */
	readonly name: string;
	readonly version: string;
	readonly failure: PipFailure;
	/** The indexes pip read, first the one the release uploaded to. */
	readonly indexes: readonly string[];
	/** The release's own packages (name -> version): missing ones are waiting for propagation. */
	readonly ownPackages?: ReadonlyMap<string, string>;
	/** Wheel tags the environment's interpreter accepts (`py3-none-any`, ...); default: pure wheels only. */
	readonly compatibleTags?: ReadonlySet<string>;
	/** `3.11.7`: files whose Requires-Python excludes it do not count. */
	readonly pythonVersion?: string;
	readonly installers?: ProjectInstallers;
	/** pip's cache folder in the check, or undefined when it ran with --no-cache-dir. */
	readonly pipCacheDir: string | undefined;
};

export type IndexListings = ReadonlyMap<string, ReadonlyMap<string, readonly IndexFile[]>>;

/** The version a distribution's file name carries (`alpha_x-1.0.0-py3-none-any.whl` -> `1.0.0`). */
export function fileVersion(filename: string): string | undefined {
	if (filename.endsWith('.whl')) {
		const parsed = parseWheelFilename(filename);
		return parsed.ok ? parsed.version : undefined;
	}

	const stem = /^(.+)-([^-]+)\.(?:tar\.gz|zip|tar\.bz2|tgz)$/.exec(filename);
	return stem?.[2];
}

/** The file is of a version the requirement accepts (pip takes a yanked file only for an exact pin). */
function listsMatch(file: IndexFile, requirement: MissingRequirement): boolean {
	const version = fileVersion(file.filename);
	return version !== undefined && matches(version, requirement.specifier) && (file.yanked === false || requirement.specifier.startsWith('=='));
}

/** This interpreter could install the file: its Requires-Python and, for a wheel, one of its tags. */
function installable(file: IndexFile, input: DiagnoseInput): boolean {
	if (file.requiresPython !== undefined && input.pythonVersion !== undefined && !safeSatisfies(input.pythonVersion, file.requiresPython)) {
		return false;
	}

	if (!file.filename.endsWith('.whl')) {
		return true;
	}

	const parsed = parseWheelFilename(file.filename);
	return parsed.ok && parsed.kind === 'wheel' && parsed.tags.some(tag => (input.compatibleTags ?? pureTags).has(`${tag.python}-${tag.abi}-${tag.platform}`));
}

const pureTags: ReadonlySet<string> = new Set(['py3-none-any', 'py2.py3-none-any']);

function matches(version: string, specifier: string): boolean {
	const exact = /^===?\s*([^\s,]+)$/.exec(specifier);
	if (exact !== null) {
		return canonicalVersion(exact[1]!) === canonicalVersion(version) || exact[1] === version;
	}

	return specifier === '' || safeSatisfies(version, specifier);
}

function safeSatisfies(version: string, specifier: string): boolean {
	try {
		return satisfies(version, specifier);
	} catch {
		return false;
	}
}

/**
 * Decides what a failed install means from what pip printed and what the indexes list now
 * (`listings`: simple base -> normalised project -> files, read with a cache-busting query).
 */
export function classifyInstallFailure(input: DiagnoseInput, listings: IndexListings): InstallDiagnosis {
	const {failure} = input;
	const requirement = failure.missing[0];
	const own = input.ownPackages ?? new Map([[normalizeName(input.name), input.version]]);
	const pipSays = failure.lines.length > 0 ? failure.lines : ['(pip printed no ERROR line)'];
	if (requirement === undefined || failure.conflict) {
		return {
			kind: 'resolution-failure',
			requirement,
			pipLines: pipSays,
			fixes: [],
			message: `pip could not install ${input.name}==${input.version}${failure.conflict ? ': the requirements conflict' : ''}.`,
		};
	}

	// pip saw a matching version and still refused it (Requires-Python, an unusable wheel): no cache is to blame.
	const sawIt = requirement.seenVersions?.some(version => matches(version, requirement.specifier)) ?? false;
	const listed = input.indexes.flatMap(index => (listings.get(index)?.get(requirement.name) ?? []).filter(file => listsMatch(file, requirement)).map(file => ({index, file})));
	const usable = listed.filter(({file}) => installable(file, input));
	if (usable.length > 0 && !sawIt) {
		const index = usable[0]!.index;
		return staleCache(input, requirement, index, usable.filter(entry => entry.index === index).map(entry => entry.file));
	}

	const ownVersion = own.get(requirement.name);
	if (ownVersion !== undefined && listed.length === 0 && matches(ownVersion, requirement.specifier)) {
		return {
			kind: 'not-visible',
			requirement,
			index: input.indexes[0]!,
			fixes: [{id: 'wait-and-retry', description: `Wait until ${input.indexes[0]!} lists ${requirement.name} ${ownVersion}, then run the install check again.`, command: undefined, scope: 'install-check'}],
			message: `${input.indexes[0]!} does not list ${requirement.name} ${ownVersion} yet: the upload has not propagated to its simple page.`,
		};
	}

	const via = requirement.requiredBy === undefined ? '' : ` (required by ${requirement.requiredBy})`;
	const why =
		listed.length === 0
			? `${input.indexes.join(' and ')} list no file for it`
			: `${listed.map(entry => entry.file.filename).join(', ')} ${listed.length === 1 ? 'is' : 'are'} listed, but not for this Python (Requires-Python or wheel tags)`;
	return {
		kind: 'resolution-failure',
		requirement,
		pipLines: pipSays,
		fixes: [],
		message: `No index offers an installable ${requirement.requirement}${via}: ${why}.`,
	};
}

function staleCache(input: DiagnoseInput, requirement: MissingRequirement, index: string, files: readonly IndexFile[]): InstallDiagnosis {
	const cache =
		input.pipCacheDir === undefined
			? `a cache between pip and ${index} (a proxy or the index's CDN); pip ran without its own cache`
			: `pip's HTTP cache (${input.pipCacheDir}), or a cache between pip and ${index} (a proxy or the index's CDN)`;
	return {
		kind: 'stale-cache',
		installer: 'pip',
		requirement,
		listedOn: index,
		listedFiles: files.map(file => file.filename),
		cache,
		fixes: staleCacheFixes(requirement, input),
		message: `${index} lists ${files.map(file => file.filename).join(', ')}, but pip did not see ${requirement.requirement}: it was answered from ${cache}.`,
	};
}

/** The narrowest fixes first: a retry that deletes nothing, then the project's own installers' caches. */
export function staleCacheFixes(requirement: Pick<MissingRequirement, 'name' | 'requirement'>, input: Pick<DiagnoseInput, 'installers' | 'pipCacheDir'>): InstallFix[] {
	const fixes: InstallFix[] = [];
	if (input.pipCacheDir !== undefined) {
		fixes.push({
			id: 'retry-no-cache-dir',
			description: "Run the install check again without pip's cache (--no-cache-dir); nothing is deleted.",
			command: 'pip install --no-cache-dir',
			scope: 'install-check',
		});
	}

	fixes.push({
		id: 'wait-and-retry',
		description: 'Wait a minute for the proxy or CDN to fetch the page again, then run the install check again.',
		command: undefined,
		scope: 'install-check',
	});
	if (input.installers?.uv === true) {
		fixes.push(
			{
				id: 'uv-refresh-package',
				description: `uv keeps index pages for 10 minutes: refresh only ${requirement.name} on the next install.`,
				command: `uv pip install --refresh-package ${requirement.name} '${requirement.requirement}'`,
				scope: 'your-environment',
			},
			{id: 'uv-cache-clean', description: `Remove everything uv cached for ${requirement.name}.`, command: `uv cache clean ${requirement.name}`, scope: 'your-environment'},
		);
	}

	if (input.installers?.poetry !== undefined && input.installers.poetry !== false) {
		const source = input.installers.poetry === true ? 'pypi' : input.installers.poetry.source;
		fixes.push({
			id: 'poetry-cache-clear',
			description: `Poetry keeps its own copy of the ${source} index pages: clear it.`,
			command: `poetry cache clear --all ${source}`,
			scope: 'your-environment',
		});
	}

	return fixes;
}

export type DiagnoseOptions = DiagnoseInput & {readonly signal?: AbortSignal | undefined};

/** Asks every index for the missing requirement's page (bypassing caches), then classifies. */
export async function diagnoseInstallFailure(input: DiagnoseOptions): Promise<InstallDiagnosis> {
	const requirement = input.failure.missing[0];
	const listings = new Map<string, Map<string, readonly IndexFile[]>>();
	if (requirement !== undefined && !input.failure.conflict) {
		for (const index of input.indexes) {
			try {
				const listing = await projectFiles(index, requirement.name, {cacheBust: true, signal: input.signal});
				listings.set(index, new Map([[requirement.name, listing.files]]));
			} catch (error: unknown) {
				if (!(error instanceof IndexRequestError)) {
					throw error;
				}

				return {
					kind: 'index-unreachable',
					index,
					reason: error.message,
					fixes: [{id: 'wait-and-retry', description: `Run the install check again once ${index} answers.`, command: undefined, scope: 'install-check'}],
					message: `pip could not install ${input.name}==${input.version}, and ${index} cannot be asked why: ${error.message}`,
				};
			}
		}
	}

	return classifyInstallFailure(input, listings);
}

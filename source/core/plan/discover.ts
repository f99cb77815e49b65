import {readFile} from 'node:fs/promises';
import {availableParallelism} from 'node:os';
import path from 'node:path';
import {mapLimit} from '../concurrency.js';
import {checkBuildToggles} from '../config/check-build-toggles.js';
import {loadConfig} from '../config/load.js';
import {describeUnusablePath, resolveRepositoryPath} from '../config/repository-path.js';
import type {WizardConfig} from '../config/types.js';
import {ConfigError, UsageError} from '../errors.js';
import {normalizeName} from '../names.js';
import {compareVersions, isValidVersion} from '../version/pep440.js';
import {findPattern, toLocations} from '../version/scan.js';
import {readBackendMetadata} from './backend-metadata.js';
import {findConfiguredFolders, findProjectFolders} from './find-projects.js';
import {dependencyBatches} from './graph.js';
import {separateTestFixtures} from './test-fixtures.js';
import {readProject, requirementText, type ProjectDraft, type RequirementText} from './read-project.js';
import type {VersionLocation} from '../version/types.js';
import type {ExcludedProject, Plan, PythonPackage, SiblingRequirement} from './types.js';

export type PlanOptions = {
	/** Interpreter for backend metadata; default: config `python`, else `python3`. */
	readonly python?: string | undefined;
	readonly signal?: AbortSignal | undefined;
	readonly config?: WizardConfig | undefined;
};

/**
 * Discovers the repository's packages, their versions, version locations and dependencies, and
 * the batches they publish in. Changes nothing.
 */
export async function loadPlan(rootInput: string, options: PlanOptions = {}): Promise<Plan> {
	const root = path.resolve(rootInput);
	const config = options.config ?? (await loadConfig(root));
	const python = options.python ?? config.python ?? 'python3';
	await checkBuildToggles(root, config.buildToggles, config.source ?? 'pyproject.toml');

	const discovered = config.packages === undefined ? await findProjectFolders(root) : await findConfiguredFolders(root, config.packages);
	// Configured globs are the user's word; discovery leaves test fixtures out.
	const {kept: folders, fixtures} = config.packages === undefined ? await separateTestFixtures(root, discovered) : {kept: discovered, fixtures: []};
	const drafts = (await Promise.all(folders.map(async folder => readProject(root, folder)))).filter(draft => draft !== undefined);
	if (drafts.length === 0) {
		throw new UsageError(
			config.packages === undefined
				? `No Python project found in ${root} (no pyproject.toml, setup.cfg or setup.py with a name).`
				: `No Python project matches the packages globs ${JSON.stringify(config.packages)} of ${config.source ?? 'the configuration'} in ${root}.`,
			{hint: 'Run wizard in the folder of your repository, or pass it: wizard plan path/to/repo.'},
		);
	}

	const resolved = await mapLimit(drafts, availableParallelism(), async draft => resolveDraft(root, draft, python, options.signal));
	const byName = new Map<string, (typeof resolved)[number]>();
	for (const item of resolved) {
		const previous = byName.get(item.normalizedName);
		if (previous !== undefined) {
			throw new ConfigError(item.metadataFile, `the name "${item.name}" is also used by ${previous.metadataFile}`, {
				hint: 'Two packages of one repository cannot share a name (PEP 503 normalised). Rename one, or limit discovery with packages = [...] in [tool.pypi-wizard].',
			});
		}

		byName.set(item.normalizedName, item);
	}

	const warnings: string[] = [];
	const configuredLocations = await findConfiguredLocations(root, config);
	const sharedVersionLocations: VersionLocation[] = [];
	for (const location of configuredLocations) {
		const owner = ownerOf(location.file, resolved);
		if (owner === undefined) {
			sharedVersionLocations.push(location);
		} else {
			owner.versionLocations.push(location);
		}
	}

	const packages: PythonPackage[] = resolved.map(item => {
		const siblingRequirements: SiblingRequirement[] = item.requirements
			.filter(requirement => byName.has(normalizeName(requirement.name)) && normalizeName(requirement.name) !== item.normalizedName)
			.map(requirement => ({name: normalizeName(requirement.name), text: requirement.text, file: requirement.file}));
		const dependencies = [...new Set(siblingRequirements.map(requirement => requirement.name))].sort();
		warnings.push(...item.disagreements.map(disagreement => `${item.name}: ${disagreement}`));
		const staticWarning = staticDependencyWarning(item, dependencies, byName);
		if (staticWarning !== undefined) {
			warnings.push(staticWarning);
		}

		const versionLocations = dedupeLocations(item.versionLocations);
		for (const location of versionLocations) {
			if (location.version !== item.version) {
				warnings.push(`${item.name}: ${location.file}:${location.line} holds ${location.version}, but the package version is ${item.version}.`);
			}
		}

		if (versionLocations.length === 0) {
			warnings.push(`${item.name}: no version location found; its version ${item.version} comes from the build backend. Add a version-files entry to [tool.pypi-wizard] so the bump can write it.`);
		}

		return {
			name: item.name,
			normalizedName: item.normalizedName,
			version: item.version,
			path: item.folder.path,
			absolutePath: path.join(root, item.folder.path),
			backend: item.backend,
			metadataSource: item.metadataSource,
			projectFiles: item.folder.files,
			dependencies,
			siblingRequirements,
			versionLocations,
		};
	});
	packages.sort((a, b) => a.normalizedName.localeCompare(b.normalizedName));

	const batches = dependencyBatches(
		new Map(packages.map(item => [item.normalizedName, item.dependencies])),
		name => byName.get(name)?.metadataFile ?? name,
	);

	const versions = new Set(packages.map(item => item.version));
	let versioning = config.versioning ?? (versions.size <= 1 ? 'synchronized' : 'independent');
	if (config.versioning === undefined && versions.size > 1) {
		warnings.push(
			`The packages hold different versions (${packages.map(item => `${item.name} ${item.version}`).join(', ')}), so each is versioned on its own. Set versioning = "synchronized" in [tool.pypi-wizard] to release them under one version.${strayAdvice(packages)}`,
		);
	} else if (versioning === 'synchronized' && versions.size > 1) {
		warnings.push(`versioning is "synchronized" but the packages disagree: ${packages.map(item => `${item.name} ${item.version}`).join(', ')}. The next release writes one version into all of them.${strayAdvice(packages)}`);
	}

	for (const location of sharedVersionLocations) {
		if (versioning === 'synchronized' && versions.size === 1 && location.version !== packages[0]!.version) {
			warnings.push(`${location.file}:${location.line} holds ${location.version}, but the packages are at ${packages[0]!.version}.`);
		}
	}

	const packagePaths = packages.map(item => item.path).sort((a, b) => a.localeCompare(b));
	const excluded: ExcludedProject[] = fixtures.map(({folder, reason}) => ({
		path: folder.path,
		reason,
		include: `packages = ${JSON.stringify([...packagePaths, folder.path]).replaceAll('","', '", "')}`,
	}));

	versioning = versioning === 'independent' ? 'independent' : 'synchronized';
	return {root, versioning, packages, batches, sharedVersionLocations, buildToggles: config.buildToggles, excluded, warnings};
}

type ResolvedDraft = ProjectDraft & {
	readonly name: string;
	readonly normalizedName: string;
	readonly version: string;
	readonly requirements: readonly RequirementText[];
	readonly metadataSource: 'static' | 'backend';
	readonly versionLocations: VersionLocation[];
	/** What the static tables list, when they list anything. */
	readonly staticRequirements: readonly RequirementText[] | undefined;
	/** Where the static tables and the backend disagree on name or version (the backend wins). */
	readonly disagreements: readonly string[];
};

async function resolveDraft(root: string, draft: ProjectDraft, python: string, signal: AbortSignal | undefined): Promise<ResolvedDraft> {
	let {name, version, requirements} = draft;
	let metadataSource: 'static' | 'backend' = 'static';
	const disagreements: string[] = [];
	if (name === undefined || version === undefined || requirements === undefined || draft.setupPyMayAddMetadata) {
		const hasSetupPy = draft.folder.files.includes('setup.py');
		const isPyprojectOnly = !hasSetupPy && draft.buildBackend === undefined && !draft.folder.files.includes('setup.cfg');
		if (isPyprojectOnly && name === undefined) {
			throw new ConfigError(draft.metadataFile, 'the project has no name', {hint: 'Add name = "..." to the [project] table (or [tool.poetry]).'});
		}

		const metadata = await readBackendMetadata(python, path.join(root, draft.folder.path), {
			displayName: draft.metadataFile,
			buildBackend: draft.buildBackend,
			buildRequires: draft.buildRequires,
			signal,
		});
		// The backend writes the wheel's metadata, so where the tables say otherwise it wins.
		const backendSays = `the build backend (${hasSetupPy ? relativeTo(draft, 'setup.py') : draft.metadataFile})`;
		if (name !== undefined && normalizeName(name) !== normalizeName(metadata.name)) {
			disagreements.push(`${draft.metadataFile} names the project "${name}", but ${backendSays} reports "${metadata.name}"; the plan uses "${metadata.name}".`);
		}

		if (version !== undefined && version !== metadata.version) {
			disagreements.push(`${draft.metadataFile} holds version ${version}, but ${backendSays} reports ${metadata.version}; the plan uses ${metadata.version}.`);
		}

		const fallbackFile = hasSetupPy ? relativeTo(draft, 'setup.py') : draft.metadataFile;
		const staticFiles = new Map((requirements ?? []).map(requirement => [normalizeName(requirement.name), requirement.file]));
		name = metadata.name;
		version = metadata.version;
		requirements = metadata.requiresDist.flatMap(text => {
			const found = requirementText(text, fallbackFile)[0];
			return found === undefined ? [] : [{...found, file: staticFiles.get(normalizeName(found.name)) ?? fallbackFile}];
		});
		metadataSource = 'backend';
	}

	if (name === undefined) {
		throw new ConfigError(draft.metadataFile, 'the project has no name', {hint: 'Add name = "..." to the [project] table.'});
	}

	if (version === undefined) {
		throw new ConfigError(draft.metadataFile, `the project "${name}" has no version`, {
			hint: 'Add version = "0.1.0" to the [project] table, or declare where a dynamic version comes from.',
		});
	}

	const current = version;
	return {
		...draft,
		name,
		normalizedName: normalizeName(name),
		version,
		requirements,
		metadataSource,
		versionLocations: [...draft.versionLocations, ...draft.locationsIfCurrent.filter(location => sameVersion(location.version, current))],
		staticRequirements: draft.requirements,
		disagreements,
	};
}

function relativeTo(draft: ProjectDraft, file: string): string {
	return draft.folder.path === '.' ? file : `${draft.folder.path}/${file}`;
}

function sameVersion(written: string, version: string): boolean {
	return written === version || (isValidVersion(written) && isValidVersion(version) && compareVersions(written, version) === 0);
}

/**
 * When most packages agree and a few stand alone at their own version, those may be strays
 * (an example, a fixture discovery did not recognise): name the `packages` setting without them.
 */
function strayAdvice(packages: readonly PythonPackage[]): string {
	const counts = new Map<string, number>();
	for (const item of packages) {
		counts.set(item.version, (counts.get(item.version) ?? 0) + 1);
	}

	const [common, commonCount] = [...counts].sort((a, b) => b[1] - a[1])[0]!;
	const strays = packages.filter(item => item.version !== common && counts.get(item.version) === 1);
	if (commonCount < 2 || strays.length === 0) {
		return '';
	}

	const kept = packages.filter(item => item.version === common).map(item => item.path).sort((a, b) => a.localeCompare(b));
	return ` If ${strays.map(item => `${item.path} (${item.name} ${item.version})`).join(', ')} ${strays.length === 1 ? 'is' : 'are'} not a release package, leave ${strays.length === 1 ? 'it' : 'them'} out with packages = ${JSON.stringify(kept).replaceAll('","', '", "')} in [tool.pypi-wizard].`;
}

/** The static tables list other sibling dependencies than the backend writes: say both. */
function staticDependencyWarning(item: ResolvedDraft, dependencies: readonly string[], byName: ReadonlyMap<string, unknown>): string | undefined {
	if (item.metadataSource !== 'backend' || item.requirementsSource === undefined || item.staticRequirements === undefined) {
		return undefined;
	}

	const declared = [...new Set(item.staticRequirements.map(requirement => normalizeName(requirement.name)).filter(name => byName.has(name) && name !== item.normalizedName))].sort();
	if (declared.join() === dependencies.join()) {
		return undefined;
	}

	const listed = declared.length === 0 ? 'lists no dependency on a sibling' : `lists the sibling dependencies ${declared.join(', ')}`;
	const written = dependencies.length === 0 ? 'writes none' : `writes Requires-Dist on ${dependencies.join(', ')}`;
	const backendFile = item.folder.files.includes('setup.py') ? relativeTo(item, 'setup.py') : item.metadataFile;
	return `${item.name}: ${item.requirementsSource} ${listed}, but the build backend (${backendFile}) ${written}. The batches follow the backend, as the wheel will.`;
}

async function findConfiguredLocations(root: string, config: WizardConfig): Promise<VersionLocation[]> {
	const found = await Promise.all(
		config.versionFiles.map(async ({path: file, pattern}, index) => {
			// A symlink inside the repository is edited through its target, which is what git tracks as changed.
			const resolved = await resolveRepositoryPath(root, file);
			if (resolved.kind !== 'inside') {
				throw new ConfigError(config.source ?? 'pyproject.toml', `version-files[${index}].path: ${describeUnusablePath(file, resolved)}`, {
					hint: 'Paths in version-files name files of this repository, relative to its root.',
				});
			}

			const text = await readFile(resolved.absolute, 'utf8').catch((error: unknown) => {
				throw new ConfigError(config.source ?? 'pyproject.toml', `version-files[${index}].path: "${file}" cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`, {
					hint: 'Name a text file of this repository, relative to its root.',
				});
			});

			const matches = findPattern(text, pattern);
			if (matches.length === 0) {
				throw new ConfigError(config.source ?? 'pyproject.toml', `version-files: the pattern '${pattern}' matches no line of ${file}`, {
					hint: 'Write the pattern as the line reads, with {version} where the version stands.',
				});
			}

			return toLocations(resolved.relative, 'configured', matches);
		}),
	);
	return found.flat();
}

/** The package whose folder holds `file`, the deepest one; undefined for the root-only case. */
function ownerOf(file: string, packages: readonly ResolvedDraft[]): ResolvedDraft | undefined {
	let owner: ResolvedDraft | undefined;
	for (const item of packages) {
		const folder = item.folder.path;
		const inside = folder === '.' || file.startsWith(`${folder}/`);
		if (inside && (owner === undefined || folder.length > owner.folder.path.length || owner.folder.path === '.')) {
			owner = item;
		}
	}

	return owner;
}

function dedupeLocations(locations: readonly VersionLocation[]): VersionLocation[] {
	const seen = new Set<string>();
	return locations.filter(location => {
		const key = `${location.file}:${location.line}:${location.column}`;
		if (seen.has(key)) {
			return false;
		}

		seen.add(key);
		return true;
	});
}

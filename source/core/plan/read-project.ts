import {readFile} from 'node:fs/promises';
import path from 'node:path';
import {ConfigError} from '../errors.js';
import {requirementName} from '../names.js';
import {isTable, parseToml, tableAt, type TomlTable} from '../config/toml.js';
import type {VersionLocation} from '../version/types.js';
import {iniList, parseSetupCfg} from './setup-cfg.js';
import type {ProjectFolder} from './find-projects.js';
import {findVersionLocations, type ProjectSources} from '../version/locations.js';

/** What the project files say, before any build backend is asked. */
export type ProjectDraft = {
	readonly folder: ProjectFolder;
	readonly name: string | undefined;
	readonly version: string | undefined;
	/** Requirement strings, or undefined when they are dynamic. */
	readonly requirements: readonly RequirementText[] | undefined;
	readonly backend: string;
	readonly buildBackend: string | undefined;
	/** `[build-system].requires`, for the install hint when the backend is missing. */
	readonly buildRequires: readonly string[];
	readonly versionLocations: readonly VersionLocation[];
	/** Version modules beside the project file: locations only when they hold its version. */
	readonly locationsIfCurrent: readonly VersionLocation[];
	/** Where the static requirements were read (`pyproject.toml [project]`), for messages. */
	readonly requirementsSource: string | undefined;
	/**
	 * A setup.py that can change what the static tables say (it passes install_requires or
	 * extras_require, or the pyproject lists dynamic fields): only the backend knows the result.
	 */
	readonly setupPyMayAddMetadata: boolean;
	/** The file whose metadata is authoritative, for messages. */
	readonly metadataFile: string;
};

export type RequirementText = {
	readonly name: string;
	readonly text: string;
	readonly file: string;
};

const backendNames: Record<string, string> = {
	'setuptools.build_meta': 'setuptools',
	'setuptools.build_meta:__legacy__': 'setuptools',
	'hatchling.build': 'hatchling',
	'flit_core.buildapi': 'flit-core',
	'poetry.core.masonry.api': 'poetry-core',
	'poetry.masonry.api': 'poetry-core',
	'pdm.backend': 'pdm-backend',
	'pdm.pep517.api': 'pdm-backend',
	maturin: 'maturin',
	'scikit_build_core.build': 'scikit-build-core',
};

/**
 * Reads a folder's project files. Returns undefined when the folder only configures tools
 * (a pyproject.toml with neither a project table nor a build system, and no setup.py).
 */
export async function readProject(root: string, folder: ProjectFolder): Promise<ProjectDraft | undefined> {
	const absolute = path.join(root, folder.path);
	const relative = (file: string): string => (folder.path === '.' ? file : `${folder.path}/${file}`);
	const read = async (file: string): Promise<string | undefined> =>
		folder.files.includes(file as ProjectFolder['files'][number]) ? readFile(path.join(absolute, file), 'utf8') : undefined;
	const [pyprojectText, setupCfgText, setupPyText] = await Promise.all([read('pyproject.toml'), read('setup.cfg'), read('setup.py')]);
	const pyproject = pyprojectText === undefined ? undefined : parseToml(pyprojectText, relative('pyproject.toml'));
	const setupCfg = setupCfgText === undefined ? undefined : parseSetupCfg(setupCfgText, relative('setup.cfg'));
	const sources: ProjectSources = {absolute, relative, pyprojectText, pyproject, setupCfgText, setupCfg, setupPyText};

	const project = pyproject === undefined ? undefined : tableAt(pyproject, 'project');
	const poetry = pyproject === undefined ? undefined : tableAt(pyproject, 'tool', 'poetry');
	const buildSystem = pyproject === undefined ? undefined : tableAt(pyproject, 'build-system');
	const metadata = setupCfg?.get('metadata');
	const isProject =
		project !== undefined ||
		(poetry !== undefined && typeof poetry['name'] === 'string') ||
		buildSystem !== undefined ||
		setupPyText !== undefined ||
		metadata?.get('name') !== undefined;
	if (!isProject) {
		return undefined;
	}

	const buildBackend = typeof buildSystem?.['build-backend'] === 'string' ? buildSystem['build-backend'] : undefined;
	const backend = buildBackend === undefined ? 'setuptools' : (backendNames[buildBackend] ?? buildBackend);
	const buildRequires = Array.isArray(buildSystem?.['requires']) ? buildSystem['requires'].filter(item => typeof item === 'string') : [];

	let name: string | undefined;
	let version: string | undefined;
	let requirements: RequirementText[] | undefined;
	let requirementsSource: string | undefined;
	let metadataFile = relative(folder.files[0]!);
	const dynamic = Array.isArray(project?.['dynamic']) ? (project['dynamic'] as unknown[]) : [];

	if (project !== undefined) {
		metadataFile = relative('pyproject.toml');
		name = typeof project['name'] === 'string' ? project['name'] : undefined;
		version = typeof project['version'] === 'string' && !dynamic.includes('version') ? project['version'] : undefined;
		if (name === undefined && poetry?.['name'] === undefined) {
			throw new ConfigError(metadataFile, 'the project has no name', {hint: 'Add name = "..." to the [project] table.'});
		}

		if (version === undefined && !dynamic.includes('version') && poetry?.['version'] === undefined) {
			throw new ConfigError(metadataFile, `the project "${name}" has no version`, {
				hint: 'Add version = "0.1.0" to the [project] table, or list "version" in dynamic and say where it comes from.',
			});
		}
		if (!dynamic.includes('dependencies')) {
			requirements = pep621Requirements(project, relative('pyproject.toml'));
			requirementsSource = `${relative('pyproject.toml')} [project]`;
		}
	}

	if (poetry !== undefined && (project === undefined || name === undefined)) {
		metadataFile = relative('pyproject.toml');
		name ??= typeof poetry['name'] === 'string' ? poetry['name'] : undefined;
		version ??= typeof poetry['version'] === 'string' ? poetry['version'] : undefined;
		if (requirements === undefined) {
			requirements = poetryRequirements(poetry, relative('pyproject.toml'));
			requirementsSource = `${relative('pyproject.toml')} [tool.poetry]`;
		}
	} else if (poetry !== undefined && requirements !== undefined && isTable(poetry['dependencies'])) {
		// poetry 2 projects keep [project] and may still list constraints in [tool.poetry.dependencies].
		requirements = [...requirements, ...poetryRequirements(poetry, relative('pyproject.toml'))];
	}

	if (project === undefined && poetry === undefined && metadata !== undefined) {
		metadataFile = relative('setup.cfg');
		name = metadata.get('name')?.value;
		const rawVersion = metadata.get('version')?.value;
		version = rawVersion !== undefined && /^[0-9]/.test(rawVersion) ? rawVersion : undefined;
		const options = setupCfg?.get('options');
		if (setupPyText === undefined || !/install_requires\s*=/.test(setupPyText)) {
			requirements = [
				...iniList(options?.get('install_requires')?.value),
				...[...(setupCfg?.get('options.extras_require')?.values() ?? [])].flatMap(entry => iniList(entry.value)),
			].flatMap(text => requirementText(text, relative('setup.cfg')));
			requirementsSource = `${relative('setup.cfg')} [options]`;
		}
	}

	const {locations: versionLocations, locationsIfCurrent, declaredVersion} = await findVersionLocations(sources, name);
	version ??= declaredVersion;
	const setupPyMayAddMetadata = setupPyText !== undefined && (dynamic.length > 0 || /\b(install_requires|extras_require)\s*=/.test(setupPyText));

	return {
		folder,
		name,
		version,
		requirements,
		requirementsSource,
		setupPyMayAddMetadata,
		backend,
		buildBackend,
		buildRequires,
		versionLocations,
		locationsIfCurrent,
		metadataFile,
	};
}

function pep621Requirements(project: TomlTable, file: string): RequirementText[] {
	const lists: unknown[] = [project['dependencies']];
	const optional = project['optional-dependencies'];
	if (isTable(optional)) {
		lists.push(...Object.values(optional));
	}

	return lists.flatMap(list => (Array.isArray(list) ? list.filter(item => typeof item === 'string').flatMap(text => requirementText(text, file)) : []));
}

function poetryRequirements(poetry: TomlTable, file: string): RequirementText[] {
	const dependencies = tableAt(poetry, 'dependencies') ?? {};
	return Object.entries(dependencies)
		.filter(([name]) => name.toLowerCase() !== 'python')
		.map(([name, value]) => {
			let constraint = '*';
			if (typeof value === 'string') {
				constraint = value;
			} else if (isTable(value) && typeof value['version'] === 'string') {
				constraint = value['version'];
			} else if (isTable(value) && typeof value['path'] === 'string') {
				constraint = `path ${value['path']}`;
			}

			return {name, text: `${name} = ${JSON.stringify(constraint)}`, file};
		});
}

export function requirementText(text: string, file: string): RequirementText[] {
	const name = requirementName(text);
	return name === undefined ? [] : [{name, text: text.trim(), file}];
}

import {readdir, readFile} from 'node:fs/promises';
import path from 'node:path';
import {isTable, tableAt, type TomlTable} from '../config/toml.js';
import type {IniDocument} from '../ini.js';
import {
	findAssignment,
	findSetupCfgVersion,
	findTomlString,
	findVersionIdentifier,
	findVersionKeyword,
	splitLines,
	toLocations,
	type Match,
} from './scan.js';
import type {VersionLocation} from './types.js';

export type ProjectSources = {
	readonly absolute: string;
	/** A path inside the project, made relative to the repository root. */
	readonly relative: (file: string) => string;
	readonly pyprojectText?: string | undefined;
	readonly pyproject?: TomlTable | undefined;
	readonly setupCfgText?: string | undefined;
	readonly setupCfg?: IniDocument | undefined;
	readonly setupPyText?: string | undefined;
};

export type FoundVersions = {
	readonly locations: VersionLocation[];
	/**
	 * `__version__` in a version module beside the project file (not inside a package): a
	 * location only when it holds the project's current version, which may be known only later.
	 */
	readonly locationsIfCurrent: VersionLocation[];
	/** A dynamic version read from where the backend would read it, when that is plain text. */
	readonly declaredVersion: string | undefined;
};

const versionModuleNames = new Set(['__init__.py', '__about__.py', '_version.py', 'version.py']);
const notSourceFolders = new Set(['tests', 'test', 'docs', 'doc', 'examples', 'example', 'build', 'dist', 'node_modules', '__pycache__', 'benchmarks']);

/** Every place in the project that holds its version (SPEC §4), with file, line and text. */
export async function findVersionLocations(sources: ProjectSources, projectName: string | undefined): Promise<FoundVersions> {
	const {relative} = sources;
	const locations: VersionLocation[] = [];
	const project = sources.pyproject === undefined ? undefined : tableAt(sources.pyproject, 'project');
	const dynamic = Array.isArray(project?.['dynamic']) ? (project['dynamic'] as unknown[]) : [];

	if (sources.pyprojectText !== undefined) {
		if (project !== undefined && !dynamic.includes('version')) {
			locations.push(...toLocations(relative('pyproject.toml'), 'pyproject-project', findTomlString(sources.pyprojectText, 'project', 'version')));
		}

		locations.push(...toLocations(relative('pyproject.toml'), 'pyproject-poetry', findTomlString(sources.pyprojectText, 'tool.poetry', 'version')));
	}

	if (sources.setupCfgText !== undefined) {
		locations.push(...toLocations(relative('setup.cfg'), 'setup-cfg', findSetupCfgVersion(sources.setupCfgText)));
	}

	const {packageModules: moduleFiles, folderModules} = await candidateModuleFiles(sources.absolute);
	const extraFiles = new Set<string>();

	if (sources.setupPyText !== undefined) {
		locations.push(...toLocations(relative('setup.py'), 'setup-py', findVersionKeyword(sources.setupPyText)));
		const identifier = findVersionIdentifier(sources.setupPyText);
		if (identifier !== undefined && identifier !== '__version__') {
			const inSetup = findAssignment(sources.setupPyText, identifier);
			locations.push(...toLocations(relative('setup.py'), 'setup-py-constant', inSetup));
			if (inSetup.length === 0) {
				const module = importedFrom(sources.setupPyText, identifier);
				const file = module === undefined ? undefined : await moduleFile(sources.absolute, module);
				if (file !== undefined) {
					const text = await readFile(path.join(sources.absolute, file), 'utf8');
					locations.push(...toLocations(relative(file), 'setup-py-constant', findAssignment(text, identifier)));
					extraFiles.add(file);
				}
			}
		}
	}

	const declared = await declaredVersionSource(sources, projectName);
	if (declared?.kind === 'module' && !moduleFiles.includes(declared.file)) {
		moduleFiles.push(declared.file);
	}

	const ifCurrent = folderModules.filter(file => !moduleFiles.includes(file) && !extraFiles.has(file));

	const moduleMatches = new Map<string, Match[]>();
	await Promise.all(
		[...moduleFiles, ...ifCurrent]
			.filter(file => !extraFiles.has(file))
			.map(async file => {
				const text = await readFile(path.join(sources.absolute, file), 'utf8').catch(() => '');
				const attribute = declared?.kind === 'module' && declared.file === file ? declared.attribute : '__version__';
				const matches = findAssignment(text, attribute);
				if (matches.length > 0) {
					moduleMatches.set(file, matches);
				}
			}),
	);
	const locationsIfCurrent: VersionLocation[] = [];
	for (const file of [...moduleMatches.keys()].sort()) {
		(ifCurrent.includes(file) ? locationsIfCurrent : locations).push(...toLocations(relative(file), 'version-module', moduleMatches.get(file)!));
	}

	let declaredVersion: string | undefined;
	if (declared?.kind === 'module') {
		declaredVersion = moduleMatches.get(declared.file)?.[0]?.version;
	} else if (declared?.kind === 'file') {
		const text = await readFile(path.join(sources.absolute, declared.file), 'utf8').catch(() => undefined);
		const first = text === undefined ? undefined : splitLines(text)[0];
		if (first !== undefined && /^\s*[0-9]/.test(first)) {
			const version = first.trim();
			locations.push({file: relative(declared.file), kind: 'version-file', line: 1, column: first.indexOf(version) + 1, text: first, version});
			declaredVersion = version;
		}
	}

	return {locations, locationsIfCurrent, declaredVersion};
}

type DeclaredSource = {kind: 'module'; file: string; attribute: string} | {kind: 'file'; file: string};

/** Where a dynamic version is declared to come from, when it is a plain file or attribute. */
async function declaredVersionSource(sources: ProjectSources, projectName: string | undefined): Promise<DeclaredSource | undefined> {
	const pyproject = sources.pyproject;
	const hatchPath = pyproject === undefined ? undefined : tableAt(pyproject, 'tool', 'hatch', 'version')?.['path'];
	if (typeof hatchPath === 'string') {
		return {kind: 'module', file: hatchPath.replace(/^\.\//, ''), attribute: '__version__'};
	}

	const setuptoolsVersion = pyproject === undefined ? undefined : tableAt(pyproject, 'tool', 'setuptools', 'dynamic')?.['version'];
	if (isTable(setuptoolsVersion)) {
		if (typeof setuptoolsVersion['attr'] === 'string') {
			return attributeSource(sources.absolute, setuptoolsVersion['attr']);
		}

		const file = Array.isArray(setuptoolsVersion['file']) ? setuptoolsVersion['file'][0] : setuptoolsVersion['file'];
		if (typeof file === 'string') {
			return {kind: 'file', file};
		}
	}

	const cfgVersion = sources.setupCfg?.get('metadata')?.get('version')?.value;
	if (cfgVersion?.startsWith('attr:')) {
		return attributeSource(sources.absolute, cfgVersion.slice(5).trim());
	}

	if (cfgVersion?.startsWith('file:')) {
		return {kind: 'file', file: cfgVersion.slice(5).split(',')[0]!.trim()};
	}

	const buildBackend = pyproject === undefined ? undefined : tableAt(pyproject, 'build-system')?.['build-backend'];
	if (buildBackend === 'flit_core.buildapi' && projectName !== undefined) {
		const configured = pyproject === undefined ? undefined : tableAt(pyproject, 'tool', 'flit', 'module')?.['name'];
		const module = typeof configured === 'string' ? configured : projectName.replaceAll('-', '_');
		const file = await moduleFile(sources.absolute, module);
		return file === undefined ? undefined : {kind: 'module', file, attribute: '__version__'};
	}

	return undefined;
}

async function attributeSource(folder: string, attribute: string): Promise<DeclaredSource | undefined> {
	const dot = attribute.lastIndexOf('.');
	if (dot === -1) {
		return undefined;
	}

	const file = await moduleFile(folder, attribute.slice(0, dot));
	return file === undefined ? undefined : {kind: 'module', file, attribute: attribute.slice(dot + 1)};
}

/** The file of a dotted module name, in the flat or the src layout. */
async function moduleFile(folder: string, module: string): Promise<string | undefined> {
	const parts = module.split('.');
	for (const base of ['', 'src/']) {
		for (const candidate of [`${base}${parts.join('/')}/__init__.py`, `${base}${parts.join('/')}.py`]) {
			// eslint-disable-next-line no-await-in-loop -- a handful of candidates, first hit wins
			if (await readFile(path.join(folder, candidate)).then(() => true, () => false)) {
				return candidate;
			}
		}
	}

	return undefined;
}

/** `from pkg.version import NAME` or `from pkg import NAME` in setup.py. */
function importedFrom(text: string, identifier: string): string | undefined {
	const pattern = new RegExp(String.raw`^\s*from\s+([\w.]+)\s+import\s+[^\n]*\b${identifier}\b`, 'm');
	return pattern.exec(text)?.[1];
}

/**
 * Files that may hold `__version__`: version modules in the project folder itself (setup.py
 * reads them; they ship in no package), and in its top-level packages and `src/<package>/`.
 * Folders holding another project are left to that project.
 */
async function candidateModuleFiles(folder: string): Promise<{packageModules: string[]; folderModules: string[]}> {
	const files: string[] = [];
	const folderModules: string[] = [];
	const list = async (relative: string): Promise<Array<{name: string; isDirectory: boolean; isFile: boolean}>> =>
		(await readdir(path.join(folder, relative), {withFileTypes: true}).catch(() => [])).map(entry => ({
			name: entry.name,
			isDirectory: entry.isDirectory(),
			isFile: entry.isFile(),
		}));
	const isOtherProject = (entries: ReadonlyArray<{name: string}>): boolean =>
		entries.some(entry => entry.name === 'pyproject.toml' || entry.name === 'setup.py' || entry.name === 'setup.cfg');

	const top = await list('');
	for (const entry of top) {
		if (entry.isFile && versionModuleNames.has(entry.name)) {
			folderModules.push(entry.name);
		}
	}

	const packageFolders: string[] = [];
	for (const entry of top) {
		if (!entry.isDirectory || entry.name.startsWith('.') || notSourceFolders.has(entry.name) || entry.name.endsWith('.egg-info')) {
			continue;
		}

		if (entry.name === 'src') {
			const inner = await list('src');
			packageFolders.push(...inner.filter(child => child.isDirectory && !child.name.startsWith('.') && !child.name.endsWith('.egg-info')).map(child => `src/${child.name}`));
		} else {
			packageFolders.push(entry.name);
		}
	}

	await Promise.all(
		packageFolders.map(async packageFolder => {
			const entries = await list(packageFolder);
			if (isOtherProject(entries) || !entries.some(entry => entry.name === '__init__.py')) {
				return;
			}

			for (const entry of entries) {
				if (entry.isFile && versionModuleNames.has(entry.name)) {
					files.push(`${packageFolder}/${entry.name}`);
				}
			}
		}),
	);
	return {packageModules: files.sort(), folderModules: folderModules.sort()};
}

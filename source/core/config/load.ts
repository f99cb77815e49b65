import {existsSync} from 'node:fs';
import path from 'node:path';
import {closest} from '../closest.js';
import {isConstantPart} from '../downstream/version-constant.js';
import {ConfigError} from '../errors.js';
import {normalizeName} from '../names.js';
import {defaultTimeoutSeconds, readTimeout} from './timeout.js';
import {defaultWaitSeconds, readWait} from './wait.js';
import {isTable, readToml, tableAt, type TomlTable} from './toml.js';
import type {DownstreamConfig, WizardConfig} from './types.js';

const keys = [
	'packages',
	'versioning',
	'tag',
	'commit-message',
	'test',
	'smoke',
	'version-files',
	'build-toggle',
	'downstream',
	'build',
	'python',
	'timeout',
	'install-check',
	'test-repository',
	'repository',
	'wait',
];

export const defaultConfig: WizardConfig = {
	source: undefined,
	packages: undefined,
	versioning: undefined,
	tag: 'v{version}',
	commitMessage: 'Release {version}',
	test: undefined,
	smoke: {},
	versionFiles: [],
	buildToggles: [],
	downstream: [],
	build: {isolation: true, source: 'commit'},
	python: undefined,
	timeout: defaultTimeoutSeconds,
	installCheck: {systemSitePackages: false},
	repositories: {test: undefined, production: undefined},
	wait: {timeout: defaultWaitSeconds},
};

/**
 * Reads `[tool.pypi-wizard]` from the root `pyproject.toml`, or `pypi-wizard.toml`.
 * Every key is optional; an invalid one names the file, the key and what was expected.
 */
export async function loadConfig(root: string): Promise<WizardConfig> {
	const standalone = path.join(root, 'pypi-wizard.toml');
	if (existsSync(standalone)) {
		const {data} = await readToml(standalone, 'pypi-wizard.toml');
		// Accept both a bare file and one that repeats the [tool.pypi-wizard] header.
		return validateConfig(tableAt(data, 'tool', 'pypi-wizard') ?? data, 'pypi-wizard.toml', '');
	}

	const pyproject = path.join(root, 'pyproject.toml');
	if (existsSync(pyproject)) {
		const {data} = await readToml(pyproject, 'pyproject.toml');
		const table = tableAt(data, 'tool', 'pypi-wizard');
		if (table !== undefined) {
			return validateConfig(table, 'pyproject.toml', 'tool.pypi-wizard.');
		}
	}

	return defaultConfig;
}

export function validateConfig(table: TomlTable, file: string, prefix: string): WizardConfig {
	const fail = (key: string, expected: string, hint?: string): never => {
		throw new ConfigError(file, `${prefix}${key}: ${expected}`, hint === undefined ? {} : {hint});
	};

	for (const key of Object.keys(table)) {
		if (!keys.includes(key)) {
			const suggestion = closest(key, keys);
			fail(key, 'unknown key', suggestion === undefined ? `Known keys: ${keys.join(', ')}.` : `Did you mean "${suggestion}"?`);
		}
	}

	const stringList = (key: string, value: unknown): string[] => {
		if (typeof value === 'string') {
			return [value];
		}

		if (!Array.isArray(value) || !value.every(item => typeof item === 'string')) {
			return fail(key, `expected a string or a list of strings, got ${describe(value)}`);
		}

		return value as string[];
	};

	const string = (key: string, value: unknown): string =>
		typeof value === 'string' && value.length > 0 ? value : fail(key, `expected a non-empty string, got ${describe(value)}`);

	const tables = (key: string, value: unknown): TomlTable[] => {
		const list = isTable(value) ? [value] : value;
		if (!Array.isArray(list) || !list.every(item => isTable(item))) {
			return fail(key, `expected a table or an array of tables ([[${prefix}${key}]]), got ${describe(value)}`);
		}

		return list as TomlTable[];
	};

	let versioning: WizardConfig['versioning'];
	if (table['versioning'] !== undefined) {
		const value = table['versioning'];
		if (value !== 'synchronized' && value !== 'independent') {
			fail('versioning', `expected "synchronized" or "independent", got ${describe(value)}`);
		}

		versioning = value as WizardConfig['versioning'];
	}

	const tag = table['tag'] === undefined ? defaultConfig.tag : string('tag', table['tag']);
	if (!tag.includes('{version}')) {
		fail('tag', `expected a template containing {version}, got "${tag}"`, 'For example: tag = "v{version}".');
	}

	const commitMessage = table['commit-message'] === undefined ? defaultConfig.commitMessage : string('commit-message', table['commit-message']);

	const smoke: Record<string, string[]> = {};
	if (table['smoke'] !== undefined) {
		if (!isTable(table['smoke'])) {
			fail('smoke', `expected a table of package name = command(s), got ${describe(table['smoke'])}`);
		}

		for (const [name, commands] of Object.entries(table['smoke'] as TomlTable)) {
			smoke[normalizeName(name)] = stringList(`smoke.${name}`, commands);
		}
	}

	const versionFiles = (table['version-files'] === undefined ? [] : tables('version-files', table['version-files'])).map((entry, index) => {
		const key = `version-files[${index}]`;
		const pattern = string(`${key}.pattern`, entry['pattern']);
		if (!pattern.includes('{version}')) {
			fail(`${key}.pattern`, `expected a pattern containing {version}, got "${pattern}"`, `For example: pattern = 'release = "{version}"'.`);
		}

		return {path: string(`${key}.path`, entry['path']), pattern};
	});

	const buildToggles = (table['build-toggle'] === undefined ? [] : tables('build-toggle', table['build-toggle'])).map((entry, index) => {
		const key = `build-toggle[${index}]`;
		return {
			path: string(`${key}.path`, entry['path']),
			duringBuild: string(`${key}.during-build`, entry['during-build']),
			otherwise: string(`${key}.otherwise`, entry['otherwise']),
		};
	});

	const downstream = (table['downstream'] === undefined ? [] : tables('downstream', table['downstream'])).map((entry, index): DownstreamConfig => {
		const key = `downstream[${index}]`;
		let bump: DownstreamConfig['bump'];
		if (entry['bump'] !== undefined) {
			if (!isTable(entry['bump'])) {
				fail(`${key}.bump`, `expected { file = "...", name = "...", part = "..." }, got ${describe(entry['bump'])}`);
			}

			const table_ = entry['bump'] as TomlTable;
			bump = {file: string(`${key}.bump.file`, table_['file']), name: string(`${key}.bump.name`, table_['name']), part: string(`${key}.bump.part`, table_['part'])};
			if (!isConstantPart(bump.part)) {
				fail(`${key}.bump.part`, `expected "major", "minor" or "patch", got "${bump.part}"`);
			}
		}

		return {
			path: string(`${key}.path`, entry['path']),
			pins: entry['pins'] === undefined ? [] : stringList(`${key}.pins`, entry['pins']),
			bump,
			lock: entry['lock'] === undefined ? undefined : string(`${key}.lock`, entry['lock']),
		};
	});

	let isolation = true;
	let buildSource: WizardConfig['build']['source'] = 'commit';
	if (table['build'] !== undefined) {
		const build = table['build'];
		if (!isTable(build)) {
			fail('build', `expected a table like { isolation = false }, got ${describe(build)}`);
		}

		const value = (build as TomlTable)['isolation'];
		if (value !== undefined && typeof value !== 'boolean') {
			fail('build.isolation', `expected true or false, got ${describe(value)}`);
		}

		isolation = value !== false;
		const source = (build as TomlTable)['source'];
		if (source !== undefined && source !== 'commit' && source !== 'working-tree') {
			fail('build.source', `expected "commit" or "working-tree", got ${describe(source)}`, 'source = "working-tree" builds the files as they lie in the repository (for uncommitted generated assets); the default "commit" builds a clean checkout of the release commit.');
		}

		buildSource = (source as WizardConfig['build']['source'] | undefined) ?? 'commit';
	}

	let systemSitePackages = false;
	if (table['install-check'] !== undefined) {
		const installCheck = table['install-check'];
		if (!isTable(installCheck)) {
			fail('install-check', `expected a table like { system-site-packages = true }, got ${describe(installCheck)}`);
		}

		for (const key of Object.keys(installCheck as TomlTable)) {
			if (key !== 'system-site-packages') {
				fail(`install-check.${key}`, 'unknown key', 'The key it takes: system-site-packages.');
			}
		}

		const value = (installCheck as TomlTable)['system-site-packages'];
		if (value !== undefined && typeof value !== 'boolean') {
			fail('install-check.system-site-packages', `expected true or false, got ${describe(value)}`);
		}

		systemSitePackages = value === true;
	}

	return {
		source: file,
		packages: table['packages'] === undefined ? undefined : stringList('packages', table['packages']),
		versioning,
		tag,
		commitMessage,
		test: table['test'] === undefined ? undefined : stringList('test', table['test']),
		smoke,
		versionFiles,
		buildToggles,
		downstream,
		build: {isolation, source: buildSource},
		python: table['python'] === undefined ? undefined : string('python', table['python']),
		timeout: readTimeout(table['timeout'], fail),
		installCheck: {systemSitePackages},
		repositories: {
			test: table['test-repository'] === undefined ? undefined : string('test-repository', table['test-repository']),
			production: table['repository'] === undefined ? undefined : string('repository', table['repository']),
		},
		wait: readWait(table['wait'], fail),
	};
}

function describe(value: unknown): string {
	if (value === undefined) {
		return 'nothing';
	}

	if (Array.isArray(value)) {
		return `a list (${JSON.stringify(value)})`;
	}

	if (isTable(value)) {
		return 'a table';
	}

	return `${typeof value} ${JSON.stringify(value)}`;
}

import {mkdir} from 'node:fs/promises';
import path from 'node:path';
import {performance} from 'node:perf_hooks';
import {formatCommand, type ExecResult} from '../exec.js';
import type {CommandRunner} from '../git/runner.js';
import {canonicalVersion} from '../version/pep440.js';
import {pipOverrides} from './pip-environment.js';
import {createPipProbes, type PipProbes} from './pip-probes.js';
import {diagnoseInstallFailure, parsePipFailure, type InstallDiagnosis, type ProjectInstallers} from './stale-cache.js';
import {createVenv, type VirtualEnvironment} from './venv.js';
import {modulesFromRecord, recordPaths, topLevelModules} from './wheel-modules.js';

// SPEC §3 step 5: install the version just uploaded into a fresh environment, from the indexes
// users will install from, and prove it imports. Everything it writes stays inside `folder`.

export type InstallCheckOptions = {
	/** The interpreter the environment is made from. */
	readonly python: string;
	/** The check's own folder (absolute): the environment, pip's cache and the smoke commands' cwd. */
	readonly folder: string;
	readonly name: string;
	readonly version: string;
	/** The simple API the release uploaded to (the test index). */
	readonly testSimple: string;
	/** Where dependencies that are not part of the release come from. */
	readonly productionSimple: string;
	/** Shell commands run in the environment; undefined: import every top-level module; []: none. */
	readonly smoke: readonly string[] | undefined;
	/** The wheel uploaded, whose RECORD names the modules to import; without it the installed RECORD is read. */
	readonly wheel?: string | undefined;
	/** The environment also sees the interpreter's packages: third-party dependencies offline. */
	readonly systemSitePackages?: boolean | undefined;
	/** pip's cache; default `<folder>/pip-cache`. */
	readonly pipCacheDir?: string | undefined;
	/** A fix chosen after a stale-cache diagnosis. */
	readonly retry?: 'no-cache-dir' | undefined;
	/** The release's packages (name -> version): a missing one is propagation, not a bad pin. */
	readonly ownPackages?: ReadonlyMap<string, string> | undefined;
	/** The project's own installers, whose caches the diagnosis offers to clear. */
	readonly installers?: ProjectInstallers | undefined;
	/** The environment the check starts from (its PIP_* settings are filtered); default process.env. */
	readonly environment?: Readonly<Record<string, string | undefined>> | undefined;
	/** Shared by the checks of one release, so the interpreter's pip is asked once; default: asked for this check. */
	readonly pipProbes?: PipProbes | undefined;
	readonly run: CommandRunner;
	readonly signal?: AbortSignal | undefined;
};

export type SmokeResult = {
	/** As a person would type it in the environment: `python -c 'import alpha'`, `finops --help`. */
	readonly command: string;
	readonly exitCode: number;
	readonly durationMs: number;
	/** The last lines it printed. */
	readonly tail: readonly string[];
};

type Common = {readonly durationMs: number; readonly pipCommand: string};

export type InstallCheckResult =
	| (Common & {readonly status: 'passed'; readonly installedVersion: string; readonly smoke: readonly SmokeResult[]})
	| (Common & {readonly status: 'install-failed'; readonly exitCode: number; readonly tail: readonly string[]; readonly diagnosis: InstallDiagnosis})
	/** pip succeeded, but the environment reports another version (or none) of the package. */
	| (Common & {readonly status: 'wrong-version'; readonly installedVersion: string | undefined})
	| (Common & {readonly status: 'smoke-failed'; readonly installedVersion: string; readonly smoke: readonly SmokeResult[]; readonly failed: readonly SmokeResult[]});

/** pip's arguments for the check, after `pip` (`--extra-index-url` only when the two indexes differ). */
export function pipInstallArguments(options: Pick<InstallCheckOptions, 'name' | 'version' | 'testSimple' | 'productionSimple' | 'retry'>): string[] {
	return [
		'install',
		'--no-input',
		'--disable-pip-version-check',
		'--index-url',
		options.testSimple,
		...(sameUrl(options.testSimple, options.productionSimple) ? [] : ['--extra-index-url', options.productionSimple]),
		...(options.retry === 'no-cache-dir' ? ['--no-cache-dir'] : []),
		`${options.name}==${options.version}`,
	];
}

function sameUrl(left: string, right: string): boolean {
	const slash = (url: string) => (url.endsWith('/') ? url : `${url}/`);
	return slash(left) === slash(right);
}

// The installed version on the first line (nothing when it is not installed); with a second
// argument, then its RECORD, a NUL line and its top_level.txt: one start-up for both questions.
const installedProbe = [
	'import importlib.metadata as m, sys',
	'try:',
	'    d = m.distribution(sys.argv[1])',
	'except m.PackageNotFoundError:',
	'    sys.exit()',
	'print(d.version)',
	'if len(sys.argv) > 2:',
	"    print(d.read_text('RECORD') or '')",
	"    print('\\0')",
	"    print(d.read_text('top_level.txt') or '')",
].join('\n');
const tagsProbe = "import platform\nfrom pip._vendor.packaging.tags import sys_tags\nprint(platform.python_version())\nfor tag in sys_tags():\n    print(tag)";

/**
 * Creates a fresh environment in `folder`, installs NAME==VERSION from the test index (with the
 * production index for the other dependencies), checks the installed version and runs the smoke
 * commands. A failed install comes back diagnosed: a stale cache, a version not visible yet, or
 * a requirement nothing satisfies.
 */
export async function installCheck(options: InstallCheckOptions): Promise<InstallCheckResult> {
	const started = performance.now();
	const elapsed = () => Math.round(performance.now() - started);
	const {run, signal} = options;
	await mkdir(options.folder, {recursive: true});
	const environment = options.environment ?? process.env;
	const interpreterPip = (options.pipProbes ?? createPipProbes())(options.python, options.folder, run);
	const launcher = await interpreterPip.launcher;
	const venv = await createVenv(
		{python: options.python, folder: path.join(options.folder, 'venv'), systemSitePackages: options.systemSitePackages, withPip: launcher.pipInsideVenv},
		run,
	);
	const pipSettings = pipOverrides(await interpreterPip.configuredNetwork, environment);
	signal?.throwIfAborted();

	const pipCacheDir = options.retry === 'no-cache-dir' ? undefined : (options.pipCacheDir ?? path.join(options.folder, 'pip-cache'));
	const env = {
		...pipSettings,
		...insideEnvironment(venv, environment),
		...(pipCacheDir === undefined ? {PIP_CACHE_DIR: undefined} : {PIP_CACHE_DIR: pipCacheDir}),
	};
	const pipArguments = pipInstallArguments(options);
	const pipCommand = formatCommand('pip', pipArguments);
	const pip = launcher.command(venv);
	signal?.throwIfAborted();
	const install = await run(pip.file, [...pip.prefix, ...pipArguments], {cwd: options.folder, env, allowFailure: true, package: options.name});
	if (install.exitCode !== 0) {
		signal?.throwIfAborted();
		// The environment's interpreter is the base one: same version, same tags; the base has pip's packaging.
		const probe = await run(options.python, ['-c', tagsProbe], {cwd: options.folder, env, allowFailure: true, quiet: true});
		const [pythonVersion, ...tags] = probe.exitCode === 0 ? probe.stdout.trim().split(/\r?\n/) : [];
		const diagnosis = await diagnoseInstallFailure({
			name: options.name,
			version: options.version,
			failure: parsePipFailure(`${install.stdout}\n${install.stderr}`),
			indexes: sameUrl(options.testSimple, options.productionSimple) ? [options.testSimple] : [options.testSimple, options.productionSimple],
			ownPackages: options.ownPackages,
			compatibleTags: tags.length > 0 ? new Set(tags) : undefined,
			pythonVersion,
			installers: options.installers,
			pipCacheDir,
			signal,
		});
		return {status: 'install-failed', durationMs: elapsed(), pipCommand, exitCode: install.exitCode, tail: install.tail, diagnosis};
	}

	// Without a wheel (an sdist-only release) the modules to import are the ones pip recorded.
	const readRecord = options.smoke === undefined && options.wheel === undefined;
	// A RECORD that cannot be read fails the step, as any command would; a missing package is a wrong version.
	const installed = await run(venv.python, ['-c', installedProbe, options.name, ...(readRecord ? ['record'] : [])], {cwd: options.folder, env, allowFailure: !readRecord, quiet: true});
	const [versionLine = '', ...recordLines] = installed.exitCode === 0 ? installed.stdout.split('\n') : [];
	const installedVersion = versionLine.trim() || undefined;
	if (installedVersion === undefined || canonicalVersion(installedVersion) !== canonicalVersion(options.version)) {
		return {status: 'wrong-version', durationMs: elapsed(), pipCommand, installedVersion};
	}

	const smokeFolder = path.join(options.folder, 'smoke');
	await mkdir(smokeFolder, {recursive: true});
	const commands = options.smoke === undefined ? (await defaultModules(options.wheel, recordLines.join('\n'))).map(module => importCommand(venv, module)) : options.smoke.map(command => shellCommand(command));
	const smoke: SmokeResult[] = [];
	for (const command of commands) {
		signal?.throwIfAborted();
		const commandStarted = performance.now();
		const result: ExecResult = await run(command.file, command.args, {cwd: smokeFolder, env, allowFailure: true, package: options.name});
		smoke.push({command: command.display, exitCode: result.exitCode, durationMs: Math.round(performance.now() - commandStarted), tail: result.tail});
	}

	const failed = smoke.filter(result => result.exitCode !== 0);
	return failed.length > 0
		? {status: 'smoke-failed', durationMs: elapsed(), pipCommand, installedVersion, smoke, failed}
		: {status: 'passed', durationMs: elapsed(), pipCommand, installedVersion, smoke};
}

type SmokeCommand = {readonly file: string; readonly args: readonly string[]; readonly display: string};

function importCommand(venv: VirtualEnvironment, module: string): SmokeCommand {
	return {file: venv.python, args: ['-c', `import ${module}`], display: formatCommand('python', ['-c', `import ${module}`])};
}

function shellCommand(command: string): SmokeCommand {
	return process.platform === 'win32' ? {file: 'cmd.exe', args: ['/d', '/s', '/c', command], display: command} : {file: 'sh', args: ['-c', command], display: command};
}

/** The top-level modules of the wheel, or, without one, of what pip recorded (`installedProbe`'s RECORD and top_level.txt). */
async function defaultModules(wheel: string | undefined, recorded: string): Promise<string[]> {
	if (wheel !== undefined) {
		return topLevelModules(wheel);
	}

	const [record = '', topLevel] = recorded.split('\0');
	return modulesFromRecord(recordPaths(record), topLevel);
}

/**
 * What makes a command run inside the environment and nowhere else: its scripts first on PATH,
 * no PYTHONPATH or PYTHONHOME from the caller, no user site-packages.
 */
function insideEnvironment(venv: VirtualEnvironment, environment: Readonly<Record<string, string | undefined>>): Record<string, string | undefined> {
	const pathKey = Object.keys(environment).find(key => key.toUpperCase() === 'PATH') ?? 'PATH';
	const inherited = environment[pathKey];
	return {
		[pathKey]: inherited === undefined || inherited === '' ? venv.bin : `${venv.bin}${path.delimiter}${inherited}`,
		VIRTUAL_ENV: venv.folder,
		PYTHONPATH: undefined,
		PYTHONHOME: undefined,
		PYTHONNOUSERSITE: '1',
		// With system site-packages, an import would otherwise write __pycache__ beside the interpreter's packages.
		PYTHONDONTWRITEBYTECODE: '1',
	};
}

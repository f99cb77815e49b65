import {existsSync, readdirSync, readFileSync, statSync} from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import {formatCommand} from '../../exec.js';
import {cachesOutside} from '../../python/caches-outside.js';
import type {ReleaseContext} from '../context.js';
import type {Step} from '../engine.js';
import {explainCommandError} from '../step-failure.js';

export type TestCommand = {
	/** Folder relative to the root. */
	readonly folder: string;
	readonly command: string;
	readonly args: readonly string[];
	/** Added to the environment: bytecode off, pytest's cache out of the tree, the packages' import roots for the default pytest. */
	readonly env: Readonly<Record<string, string>>;
	/** As shown to the user. */
	readonly display: string;
	/** Why this command, when the wizard chose it. */
	readonly reason?: string;
};

// Tests leave nothing in the user's tree: no __pycache__ (pytest's rewritten asserts included).
const noBytecode = {PYTHONDONTWRITEBYTECODE: '1'};

/**
 * The configured test commands, run by the shell in the root; else, in the root and each package
 * folder, the project's own runner (tox, nox, hatch) where one is configured and installed, or
 * pytest where it is set up, with every released package importable as its build lays it out.
 */
export function testCommands(context: ReleaseContext): TestCommand[] {
	// Commands we do not write ourselves get pytest's cache sent to the release folder; the default
	// pytest runs without it (-p no:cacheprovider).
	const outside = {...cachesOutside(path.join(context.record().folder, 'caches')), ...noBytecode};
	const configured = context.config.test;
	if (configured !== undefined) {
		const shell = process.platform === 'win32' ? ['cmd', '/d', '/s', '/c'] : ['sh', '-c'];
		return configured.map(line => ({folder: '.', command: shell[0]!, args: [...shell.slice(1), line], env: outside, display: line}));
	}

	const releases = Object.values(context.record().packages);
	const folders = [...new Set(['.', ...releases.map(release => release.path)])];
	const roots = [...new Set(releases.flatMap(release => importRoots(context.root, release.path)))];
	const commands: TestCommand[] = [];
	for (const folder of folders) {
		const absolute = path.join(context.root, folder);
		const runner = projectRunner(absolute, path.join(context.record().folder, 'test-environments', folder === '.' ? 'root' : folder.replaceAll('/', '_')));
		const where = folder === '.' ? '' : ` (in ${folder})`;
		if (runner?.installed === true) {
			commands.push({folder, command: runner.command, args: runner.args, env: outside, display: `${formatCommand(runner.command, runner.args)}${where}`, reason: `${runner.config} configures ${runner.command}: running the project's own test runner`});
			continue;
		}

		if (!usesPytest(absolute)) {
			continue;
		}

		const args = ['-m', 'pytest', '-p', 'no:cacheprovider'];
		const pythonPath = roots.map(root => path.relative(absolute, path.join(context.root, root)) || '.');
		const inherited = process.env['PYTHONPATH'];
		const env = {...noBytecode, PYTHONPATH: [...roots.map(root => path.join(context.root, root)), ...(inherited ? [inherited] : [])].join(path.delimiter)};
		const notInstalled = runner === undefined ? '' : `${runner.config} configures ${runner.command}, which is not installed; `;
		commands.push({
			folder,
			command: context.options.python,
			args,
			env,
			display: `${pythonPath.some(root => root !== '.') ? `PYTHONPATH=${pythonPath.join(path.delimiter)} ` : ''}${formatCommand(context.options.python, args)}${where}`,
			reason: `${notInstalled}running pytest with each package importable as its build lays it out (${roots.join(', ')})`,
		});
	}

	return commands;
}

type ProjectRunner = {readonly command: string; readonly args: readonly string[]; readonly config: string; readonly installed: boolean};

/** tox, nox or hatch where the folder configures one; their environments go to `environments`, not the user's tree. */
function projectRunner(folder: string, environments: string): ProjectRunner | undefined {
	const read = (name: string) => (existsSync(path.join(folder, name)) ? readFileSync(path.join(folder, name), 'utf8') : '');
	const pyproject = read('pyproject.toml');
	if (/^\[(?:tox|testenv\b)/m.test(read('tox.ini')) || /^\[tool\.tox\]/m.test(pyproject)) {
		return {command: 'tox', args: ['--workdir', environments], config: existsSync(path.join(folder, 'tox.ini')) ? 'tox.ini' : 'pyproject.toml', installed: onPath('tox')};
	}

	if (existsSync(path.join(folder, 'noxfile.py'))) {
		return {command: 'nox', args: ['--envdir', environments], config: 'noxfile.py', installed: onPath('nox')};
	}

	if (/^\[tool\.hatch\.envs\b/m.test(pyproject)) {
		return {command: 'hatch', args: ['test'], config: 'pyproject.toml [tool.hatch.envs]', installed: onPath('hatch')};
	}

	return undefined;
}

function onPath(command: string): boolean {
	const extensions = process.platform === 'win32' ? ['.exe', '.cmd', '.bat', ''] : [''];
	return (process.env['PATH'] ?? '').split(path.delimiter).some(folder => folder !== '' && extensions.some(extension => existsSync(path.join(folder, command + extension))));
}

/**
 * Where a package's modules are imported from once installed: the folder its build maps the
 * packages from (`package_dir`, `[tool.setuptools.package-dir]`), else `src/` where it holds a
 * package (the src layout), else the package folder. Relative to the repository root.
 */
function importRoots(root: string, packagePath: string): string[] {
	const folder = path.join(root, packagePath);
	const read = (name: string) => (existsSync(path.join(folder, name)) ? readFileSync(path.join(folder, name), 'utf8') : '');
	const declared =
		/package_dir\s*=\s*\{\s*["']{2}\s*:\s*["']([^"']+)["']/.exec(read('setup.py'))?.[1] ??
		/^package_dir\s*=\s*\n?\s*=\s*(\S+)/m.exec(read('setup.cfg'))?.[1] ??
		/^\[tool\.setuptools\.package-dir\][^[]*?^\s*""\s*=\s*"([^"]+)"/ms.exec(read('pyproject.toml'))?.[1];
	if (declared !== undefined && isFolder(path.join(folder, declared))) {
		return [path.posix.join(packagePath, declared)];
	}

	const source = path.join(folder, 'src');
	if (isFolder(source) && readdirSync(source).some(entry => entry.endsWith('.py') || existsSync(path.join(source, entry, '__init__.py')))) {
		return [path.posix.join(packagePath, 'src')];
	}

	return [packagePath];
}

function isFolder(candidate: string): boolean {
	return existsSync(candidate) && statSync(candidate).isDirectory();
}

function usesPytest(folder: string): boolean {
	if (existsSync(path.join(folder, 'tests')) || existsSync(path.join(folder, 'pytest.ini')) || existsSync(path.join(folder, 'conftest.py'))) {
		return true;
	}

	const mentions = (file: string, marker: string) => existsSync(path.join(folder, file)) && readFileSync(path.join(folder, file), 'utf8').includes(marker);
	return mentions('pyproject.toml', '[tool.pytest') || mentions('setup.cfg', '[tool:pytest]') || mentions('tox.ini', '[pytest]');
}

export const testsStep: Step<ReleaseContext> = {
	id: 'tests',
	title: 'Tests',
	skip(context) {
		const commands = testCommands(context);
		if (commands.length === 0) {
			return 'no test command is configured, and no pytest configuration or tests/ folder was found';
		}

		return context.options.dryRun ? `[dry run] not run: ${commands.map(command => command.display).join('; ')}` : undefined;
	},
	async run(context, io) {
		const commands = testCommands(context);
		for (const test of commands) {
			io.progress(test.reason === undefined ? test.display : `${test.display}: ${test.reason}`);
			try {
				await io.exec(test.command, test.args, {cwd: path.join(context.root, test.folder), env: test.env});
			} catch (error: unknown) {
				throw explainCommandError('tests', error, `The tests failed (${test.display})`, 'Fix the tests, commit, then resume with the command below: the release resumes at the tests.');
			}
		}

		return `${commands.length} command(s) passed`;
	},
};

import path from 'node:path';
import type {CommandRunner} from '../git/runner.js';

export type VirtualEnvironment = {
	readonly folder: string;
	/** The environment's interpreter. */
	readonly python: string;
	/** Where its scripts are: first on PATH for commands that should run inside it. */
	readonly bin: string;
};

export type CreateVenvOptions = {
	/** The interpreter the environment is made from. */
	readonly python: string;
	/** The environment's folder (absolute); created by venv, or replaced when it exists. */
	readonly folder: string;
	/** The environment also sees the interpreter's installed packages (offline rehearsals). */
	readonly systemSitePackages?: boolean | undefined;
	/** false: no pip inside (`--without-pip`), for a pip run from outside with `--python`. Default true. */
	readonly withPip?: boolean | undefined;
	readonly platform?: NodeJS.Platform;
};

/** Where venv puts its scripts and interpreter: `Scripts\python.exe` on Windows, `bin/python` elsewhere. */
export function venvLayout(folder: string, platform: NodeJS.Platform = process.platform): VirtualEnvironment {
	const join = platform === 'win32' ? path.win32.join : path.posix.join;
	const bin = join(folder, platform === 'win32' ? 'Scripts' : 'bin');
	return {folder, bin, python: join(bin, platform === 'win32' ? 'python.exe' : 'python')};
}

/** `python -m venv --clear FOLDER`: a fresh environment, with pip in it unless `withPip` is false. */
export async function createVenv(options: CreateVenvOptions, run: CommandRunner): Promise<VirtualEnvironment> {
	const args = [
		'-m',
		'venv',
		'--clear',
		...(options.systemSitePackages === true ? ['--system-site-packages'] : []),
		...(options.withPip === false ? ['--without-pip'] : []),
		options.folder,
	];
	await run(options.python, args, {cwd: path.dirname(options.folder), quiet: true});
	return venvLayout(options.folder, options.platform);
}

import type {CommandRunner} from '../git/runner.js';
import type {VirtualEnvironment} from './venv.js';

// Installing pip into every check's environment costs seconds (ensurepip unpacks and installs a
// wheel); pip 22.3 and later can install into another environment from outside (`--python`).

export type PipLauncher = {
	/** Whether the environment needs its own pip. */
	readonly pipInsideVenv: boolean;
	/** The command and the arguments before pip's own (`install ...`) for `venv`. */
	command(venv: VirtualEnvironment): {readonly file: string; readonly prefix: readonly string[]};
};

/** True from pip 22.3, the first with `--python`. */
export function supportsPythonOption(pipVersion: string): boolean {
	const [major = 0, minor = 0] = pipVersion.split('.').map(part => Number.parseInt(part, 10));
	return major > 22 || (major === 22 && minor >= 3);
}

const pipVersionProbe = "import importlib.metadata as m\ntry:\n    print(m.version('pip'))\nexcept m.PackageNotFoundError:\n    pass";

/** The interpreter's pip, aimed at the environment, when it can; else the environment's own pip. */
export async function choosePipLauncher(python: string, cwd: string, run: CommandRunner): Promise<PipLauncher> {
	const probe = await run(python, ['-c', pipVersionProbe], {cwd, allowFailure: true, quiet: true});
	const version = probe.exitCode === 0 ? probe.stdout.trim() : '';
	if (version !== '' && supportsPythonOption(version)) {
		return {pipInsideVenv: false, command: venv => ({file: python, prefix: ['-m', 'pip', '--python', venv.python]})};
	}

	return {pipInsideVenv: true, command: venv => ({file: venv.python, prefix: ['-m', 'pip']})};
}

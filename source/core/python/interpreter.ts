import {existsSync} from 'node:fs';
import {PreconditionError} from '../errors.js';
import {ExecTimeoutError, type CommandTimeout} from '../exec.js';
import type {CommandRunner} from '../git/runner.js';

/** What the release needs from the interpreter. */
export const requiredModules = ['build', 'twine', 'pip', 'venv'] as const;
export type RequiredModule = (typeof requiredModules)[number];

const debianPackages: Record<RequiredModule, string> = {
	build: 'python3-build',
	twine: 'twine',
	pip: 'python3-pip',
	venv: 'python3-venv',
};

export type Interpreter = {readonly command: string; readonly executable: string; readonly version: string};

// Prints the interpreter's identity, then the required modules it cannot import.
const probe = [
	'import importlib.util, sys',
	'print(sys.executable)',
	'print("%d.%d.%d" % sys.version_info[:3])',
	'print(",".join(m for m in sys.argv[1:] if importlib.util.find_spec(m) is None))',
].join('; ');

/**
 * Checks that `python` runs and can import build, twine, pip and venv; otherwise a precondition
 * error with the exact command that installs what is missing.
 */
export async function checkInterpreter(python: string, cwd: string, run: CommandRunner, timeout?: CommandTimeout): Promise<Interpreter> {
	let result;
	try {
		result = await run(python, ['-c', probe, ...requiredModules], {cwd, allowFailure: true, quiet: true, ...(timeout === undefined ? {} : {timeout})});
	} catch (error: unknown) {
		if (error instanceof ExecTimeoutError) {
			throw new PreconditionError(`The Python interpreter "${python}" did not answer within ${error.timeout.seconds} s, so it was stopped.`, {
				hint: `It should print its version at once: check that "${python} -c pass" returns, or pass another interpreter with --python PATH. The limit is ${error.timeout.setting}.`,
			});
		}

		result = undefined;
	}

	if (result === undefined || result.exitCode !== 0) {
		throw new PreconditionError(`The Python interpreter "${python}" could not be started.`, {
			hint: 'Pass the interpreter to use with --python PATH, or set python = "PATH" in [tool.pypi-wizard].',
		});
	}

	const [executable = python, version = '', missingList = ''] = result.stdout.trim().split('\n');
	const missing = missingList.split(',').filter(Boolean) as RequiredModule[];
	if (missing.length > 0) {
		throw new PreconditionError(`The Python interpreter ${executable} cannot import ${missing.join(', ')}.`, {
			hint: `Install ${missing.length === 1 ? 'it' : 'them'} with:\n  ${installCommand(executable, missing)}\nor pass another interpreter with --python PATH.`,
		});
	}

	return {command: python, executable, version};
}

/** The command that installs `missing` for this interpreter: apt for Debian's own Python, else pip. */
export function installCommand(executable: string, missing: readonly RequiredModule[]): string {
	if (isDebianSystemPython(executable)) {
		return `sudo apt-get install -y ${missing.map(module => debianPackages[module]).join(' ')}`;
	}

	const fromPip = missing.filter(module => module === 'build' || module === 'twine');
	const commands: string[] = [];
	if (missing.includes('pip')) {
		commands.push(`${executable} -m ensurepip --upgrade`);
	}

	if (fromPip.length > 0) {
		commands.push(`${executable} -m pip install --upgrade ${fromPip.join(' ')}`);
	}

	if (missing.includes('venv')) {
		commands.push(`reinstall Python with its venv module (${executable} lacks it)`);
	}

	return commands.join(' && ');
}

function isDebianSystemPython(executable: string): boolean {
	return /^\/usr\/bin\/python3(\.\d+)?$/.test(executable) && existsSync('/etc/debian_version');
}

import {execFileSync} from 'node:child_process';
import {existsSync} from 'node:fs';

/** Debian's interpreter: the one with build, twine, pip, venv and the backends installed. */
export const python = process.env['WIZARD_TEST_PYTHON'] ?? '/usr/bin/python3';

const checked = new Map<string, string | undefined>();

/**
 * Fails the calling test (never skips it) when a tool it needs is missing, naming the tool
 * and the Debian package that provides it.
 */
export function requirePythonModules(modules: readonly string[], debianPackages: string): void {
	const key = modules.join(',');
	if (!checked.has(key)) {
		let problem: string | undefined;
		if (existsSync(python)) {
			try {
				execFileSync(python, ['-c', modules.map(module => `import ${module}`).join('; ')], {stdio: 'pipe'});
			} catch (error: unknown) {
				problem = String((error as {stderr?: Buffer}).stderr ?? error).trim().split('\n').at(-1);
			}
		} else {
			problem = `${python} does not exist`;
		}

		checked.set(key, problem);
	}

	const problem = checked.get(key);
	if (problem !== undefined) {
		throw new Error(`This test needs the Python modules ${key} under ${python} (${problem}). Install them with: apt-get install -y ${debianPackages}`);
	}
}

export function requireCommand(command: string, debianPackage: string): void {
	try {
		execFileSync('sh', ['-c', `command -v ${command}`], {stdio: 'pipe'});
	} catch {
		throw new Error(`This test needs the command ${command}. Install it with: apt-get install -y ${debianPackage}`);
	}
}

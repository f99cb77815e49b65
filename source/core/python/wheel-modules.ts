import path from 'node:path';
import {walkArchive} from '../distribution/archive.js';
import {WizardError, exitCodes} from '../errors.js';

// What `import` can reach after a wheel is installed, read from the wheel's RECORD: the list of
// every file it installs (PEP 376/427), which no build backend can leave out.

const identifier = /^[A-Za-z_]\w*$/;
const extensionModule = /^([A-Za-z_]\w*)\.(?:[\w-]+\.)?(?:so|pyd)$/;

/** A RECORD line is CSV: `path,hash,size`, the path quoted when it holds a comma or a quote. */
export function recordPaths(record: string): string[] {
	const paths: string[] = [];
	for (const line of record.split(/\r?\n/)) {
		if (line.trim() === '') {
			continue;
		}

		if (line.startsWith('"')) {
			const end = /^"((?:[^"]|"")*)"/.exec(line);
			paths.push((end?.[1] ?? line.slice(1)).replaceAll('""', '"'));
		} else {
			paths.push(line.split(',')[0]!);
		}
	}

	return paths;
}

/**
 * The importable top-level modules among `paths` (as RECORD lists them): top-level `.py` files
 * and extension modules, packages with an `__init__.py`. A folder with Python code but no
 * `__init__.py` is a PEP 420 namespace shared with other distributions: importing it proves
 * nothing, so its own packages and modules are named instead (`acme.core`). `*.dist-info`,
 * `__pycache__` and scripts or data under `*.data/` are skipped; `*.data/purelib` and
 * `*.data/platlib` install beside the rest and count. `topLevel` (setuptools' top_level.txt)
 * is used only when RECORD names no module.
 */
export function modulesFromRecord(paths: readonly string[], topLevel?: string): string[] {
	const installed = paths.flatMap(file => {
		const parts = file.replaceAll('\\', '/').split('/').filter(part => part !== '' && part !== '.');
		if (parts.length === 0 || parts[0]!.endsWith('.dist-info')) {
			return [];
		}

		if (parts[0]!.endsWith('.data')) {
			return parts[1] === 'purelib' || parts[1] === 'platlib' ? [parts.slice(2)] : [];
		}

		return [parts];
	});
	const modules = new Set(modulesUnder(installed, []));
	if (modules.size === 0 && topLevel !== undefined) {
		for (const name of topLevel.split(/\s+/)) {
			if (identifier.test(name)) {
				modules.add(name);
			}
		}
	}

	return [...modules].sort();
}

function modulesUnder(files: ReadonlyArray<readonly string[]>, prefix: readonly string[]): string[] {
	const modules: string[] = [];
	const folders = new Map<string, Array<readonly string[]>>();
	for (const parts of files) {
		const [first, ...rest] = parts;
		if (first === undefined) {
			continue;
		}

		if (rest.length === 0) {
			const name = moduleName(first);
			if (name !== undefined && name !== '__init__') {
				modules.push([...prefix, name].join('.'));
			}
		} else if (identifier.test(first) && first !== '__pycache__') {
			folders.set(first, [...(folders.get(first) ?? []), rest]);
		}
	}

	for (const [folder, inside] of folders) {
		const isPackage = inside.some(parts => parts.length === 1 && moduleName(parts[0]!) === '__init__');
		if (isPackage) {
			modules.push([...prefix, folder].join('.'));
		} else {
			modules.push(...modulesUnder(inside, [...prefix, folder]));
		}
	}

	return modules;
}

function moduleName(file: string): string | undefined {
	if (file.endsWith('.py')) {
		const name = file.slice(0, -3);
		return identifier.test(name) ? name : undefined;
	}

	return extensionModule.exec(file)?.[1];
}

/** The wheel cannot say what it installs: no RECORD, or not a wheel at all. */
export class WheelContentsError extends WizardError {
	constructor(wheel: string, problem: string) {
		super(`${wheel}: ${problem}`, exitCodes.stepFailed, {
			hint: 'Configure the smoke commands for this package ([tool.pypi-wizard] install-check.smoke), or rebuild the wheel with a current build backend.',
		});
	}
}

/** The importable top-level modules the wheel at `wheelPath` installs (see {@link modulesFromRecord}). */
export async function topLevelModules(wheelPath: string): Promise<string[]> {
	let record: string | undefined;
	let topLevel: string | undefined;
	try {
		await walkArchive(wheelPath, 'zip', async (entry, read) => {
			const [folder, file, ...deeper] = entry.name.split('/');
			if (!entry.isFile || deeper.length > 0 || folder?.endsWith('.dist-info') !== true) {
				return;
			}

			if (file === 'RECORD') {
				record = (await read()).toString('utf8');
			} else if (file === 'top_level.txt') {
				topLevel = (await read()).toString('utf8');
			}
		});
	} catch (error: unknown) {
		throw new WheelContentsError(path.basename(wheelPath), `cannot be read as a wheel (${error instanceof Error ? error.message : String(error)}).`);
	}

	if (record === undefined) {
		throw new WheelContentsError(path.basename(wheelPath), 'has no *.dist-info/RECORD, so the modules it installs are unknown.');
	}

	return modulesFromRecord(recordPaths(record), topLevel);
}

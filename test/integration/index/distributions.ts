import {execa} from 'execa';
import {createHash} from 'node:crypto';
import {appendFile, readFile} from 'node:fs/promises';
import path from 'node:path';
import {twineOutputEnvironment, type TwineRun} from '../../../source/core/index/upload-result.js';
import {python, requirePythonModules} from '../../helpers/tools.js';
import {buildProject, cleanEnv, uploadToken, writeProject} from '../sandbox/fixtures.js';

// Real distributions (hatchling, built offline) and real twine uploads for the index client's tests.

export type Built = {readonly path: string; readonly filename: string; readonly sha256: string};

/**
 * Builds NAME VERSION; `variant` changes the module's bytes, so two variants give files with
 * the same names and other contents (the file-name-reuse case).
 */
export async function buildDistributions(name: string, version: string, variant = 'a'): Promise<Built[]> {
	const folder = await writeProject({backend: 'hatchling', name, version});
	await appendFile(path.join(folder, name.replaceAll('-', '_'), '__init__.py'), `VARIANT = ${JSON.stringify(variant)}\n`);
	const files = await buildProject(folder, 'hatchling');
	return Promise.all(files.map(async file => ({path: file, filename: path.basename(file), sha256: createHash('sha256').update(await readFile(file)).digest('hex')})));
}

export type TwineOptions = {
	readonly token?: string;
	readonly args?: readonly string[];
	/** Twine's own formatting as a plain pipe gets it (rich wraps at 80 columns), unless false. */
	readonly parseable?: boolean;
};

/** `twine upload --non-interactive --disable-progress-bar`, the token only in the environment. */
export async function twine(uploadUrl: string, files: readonly Built[], options: TwineOptions = {}): Promise<Omit<TwineRun, 'repository'>> {
	requirePythonModules(['twine'], 'twine');
	const result = await execa(python, ['-m', 'twine', 'upload', '--non-interactive', '--disable-progress-bar', '--repository-url', uploadUrl, ...(options.args ?? []), ...files.map(file => file.path)], {
		reject: false,
		env: cleanEnv({PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: process.env['HOME'] ?? '/tmp', TWINE_USERNAME: '__token__', TWINE_PASSWORD: options.token ?? uploadToken, ...(options.parseable === false ? {} : twineOutputEnvironment)}),
		// Nothing inherited: no COLUMNS from the runner decides how rich wraps twine's messages.
		extendEnv: false,
	});
	return {exitCode: result.exitCode ?? -1, stdout: String(result.stdout), stderr: String(result.stderr), files: files.map(file => file.path)};
}

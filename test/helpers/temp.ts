import {mkdtemp, mkdir, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll} from 'vitest';

const made: string[] = [];

afterAll(async () => {
	await Promise.all(made.splice(0).map(async folder => rm(folder, {recursive: true, force: true})));
});

/** A fresh temp folder, removed after the test file. */
export async function temporaryFolder(prefix = 'wizard-'): Promise<string> {
	const folder = await mkdtemp(path.join(tmpdir(), prefix));
	made.push(folder);
	return folder;
}

export type FileTree = Readonly<Record<string, string>>;

/** Writes `files` (relative path -> content) under `root`. */
export async function writeTree(root: string, files: FileTree): Promise<string> {
	await Promise.all(
		Object.entries(files).map(async ([relative, content]) => {
			const file = path.join(root, relative);
			await mkdir(path.dirname(file), {recursive: true});
			await writeFile(file, content);
		}),
	);
	return root;
}

/** A temp folder holding `files`. */
export async function repository(files: FileTree): Promise<string> {
	return writeTree(await temporaryFolder(), files);
}

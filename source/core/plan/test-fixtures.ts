import {access} from 'node:fs/promises';
import path from 'node:path';
import type {ProjectFolder} from './find-projects.js';

/** Folder names that hold tests and their data, never a package the repository releases. */
const testFolderNames = new Set(['tests', 'test', 'testing', 'fixtures', 'testdata', 'test_data']);

export type FixtureFolder = {readonly folder: ProjectFolder; readonly reason: string};

/**
 * Splits discovered project folders into candidates and test fixtures: a project under a
 * `tests`/`fixtures` folder, or inside a Python package (a folder with `__init__.py`) of
 * another project, is test data or a vendored copy, not something to release.
 */
export async function separateTestFixtures(root: string, folders: readonly ProjectFolder[]): Promise<{kept: ProjectFolder[]; fixtures: FixtureFolder[]}> {
	const paths = folders.map(folder => folder.path);
	const results = await Promise.all(
		folders.map(async folder => {
			const reasons: string[] = [];
			const owner = enclosingProject(folder.path, paths);
			if (owner !== undefined) {
				const packageFolder = await firstPackageBetween(root, owner, folder.path);
				if (packageFolder !== undefined) {
					reasons.push(`inside the Python package ${packageFolder} of ${owner === '.' ? 'the root project' : owner}`);
				}
			}

			const testFolder = folder.path.split('/').find(part => testFolderNames.has(part.toLowerCase()));
			if (testFolder !== undefined && folder.path !== '.') {
				reasons.push(`under a ${testFolder} folder`);
			}

			return reasons.length === 0 ? undefined : {folder, reason: `${reasons.join(', ')}: a test fixture, not a release package`};
		}),
	);
	const fixtures = results.filter(result => result !== undefined);
	const fixturePaths = new Set(fixtures.map(fixture => fixture.folder.path));
	return {kept: folders.filter(folder => !fixturePaths.has(folder.path)), fixtures};
}

/** The deepest other project folder that contains `folder`. */
function enclosingProject(folder: string, paths: readonly string[]): string | undefined {
	let owner: string | undefined;
	for (const candidate of paths) {
		const contains = candidate !== folder && (candidate === '.' || folder.startsWith(`${candidate}/`));
		if (contains && (owner === undefined || owner === '.' || candidate.length > owner.length)) {
			owner = candidate;
		}
	}

	return owner;
}

/** The outermost folder strictly between `owner` and `folder` that holds an `__init__.py`. */
async function firstPackageBetween(root: string, owner: string, folder: string): Promise<string | undefined> {
	const below = owner === '.' ? folder : folder.slice(owner.length + 1);
	const parts = below.split('/').slice(0, -1);
	for (let index = 1; index <= parts.length; index++) {
		const candidate = owner === '.' ? parts.slice(0, index).join('/') : `${owner}/${parts.slice(0, index).join('/')}`;
		// eslint-disable-next-line no-await-in-loop -- a few folders, outermost first
		if (await access(path.join(root, candidate, '__init__.py')).then(() => true, () => false)) {
			return candidate;
		}
	}

	return undefined;
}

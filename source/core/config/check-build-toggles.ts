import {readFile} from 'node:fs/promises';
import {ConfigError} from '../errors.js';
import {describeUnusablePath, resolveRepositoryPath} from './repository-path.js';
import type {BuildToggle} from './types.js';

/**
 * Checks every build toggle against the repository before anything is written: its path stays
 * inside the repository and exists, its two texts differ, and the file holds the `otherwise`
 * text the build will replace. Plan and release call it up front, so a broken toggle is a
 * configuration error (exit 2) and never a failure after the release commit.
 */
export async function checkBuildToggles(root: string, toggles: readonly BuildToggle[], configFile: string): Promise<void> {
	for (const [index, toggle] of toggles.entries()) {
		const key = `build-toggle[${index}]`;
		if (toggle.duringBuild === toggle.otherwise) {
			throw new ConfigError(configFile, `${key}: during-build and otherwise are the same text ("${toggle.otherwise}"), so the build would change nothing.`, {
				hint: 'Give during-build the text the build needs (IS_PYPA_PACKAGE = True) and otherwise the committed one (IS_PYPA_PACKAGE = False).',
			});
		}

		// eslint-disable-next-line no-await-in-loop -- a handful of toggles, reported in order
		const resolved = await resolveRepositoryPath(root, toggle.path);
		if (resolved.kind !== 'inside') {
			throw new ConfigError(configFile, `${key}.path: ${describeUnusablePath(toggle.path, resolved)}.`, {
				hint: 'A build toggle names a file of this repository, relative to its root (zulip_bots/setup.py).',
			});
		}

		// eslint-disable-next-line no-await-in-loop -- as above
		const text = await readFile(resolved.absolute, 'utf8').catch((error: unknown) => {
			throw new ConfigError(configFile, `${key}.path: "${toggle.path}" cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)}).`, {
				hint: 'A build toggle names a text file of this repository, relative to its root.',
			});
		});
		if (!text.includes(toggle.otherwise)) {
			const state = text.includes(toggle.duringBuild) ? `holds the during-build text "${toggle.duringBuild}" instead` : `holds neither it nor "${toggle.duringBuild}"`;
			throw new ConfigError(configFile, `${key}: otherwise = "${toggle.otherwise}" is not in ${toggle.path}, which ${state}.`, {
				hint: `Commit ${toggle.path} with "${toggle.otherwise}", or write the toggle's texts as the file has them.`,
			});
		}
	}
}

/** `zulip_bots/setup.py: IS_PYPA_PACKAGE = False -> IS_PYPA_PACKAGE = True while building`, one per toggle. */
export function describeBuildToggles(toggles: readonly BuildToggle[]): string[] {
	return toggles.map(toggle => `${toggle.path}: "${toggle.otherwise}" -> "${toggle.duringBuild}" while building`);
}

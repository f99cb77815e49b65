import {copyFile, mkdir, readFile} from 'node:fs/promises';
import {copyFileAtomic, writeFileAtomic} from './atomic-write.js';
import path from 'node:path';
import type {WizardConfig} from './config/types.js';
import {ConfigError} from './errors.js';

/** A build toggle in effect in the user's tree: the file and where its original bytes are kept. */
export type AppliedToggle = {readonly path: string; readonly backup: string};

export type PreparedToggles = {
	/** Each toggled file and the copy of its original bytes. */
	readonly applied: readonly AppliedToggle[];
	/** Writes the during-build text into every file. */
	apply(): Promise<void>;
};

type PlannedToggle = {readonly file: string; readonly after: string};

/**
 * Switches every configured toggle on in a throwaway checkout of the release commit. Nothing to
 * back up or restore: the checkout is removed after the build, and the user's files are never read.
 */
export async function applyTogglesInCheckout(checkout: string, toggles: WizardConfig['buildToggles'], configFile: string): Promise<void> {
	for (const {file, after} of await planToggles(checkout, toggles, configFile)) {
		// Replaced, not written through: a symbolic link in the checkout must not carry the edit out of it.
		await writeFileAtomic(file, after);
	}
}

/**
 * For `build.source = "working-tree"`: checks every configured toggle against its file and copies
 * each file's original bytes into `backupFolder`, before anything is changed. The caller records
 * the backups first, so a crash at any later instant can still be undone.
 */
export async function prepareToggles(root: string, toggles: WizardConfig['buildToggles'], backupFolder: string, configFile: string): Promise<PreparedToggles> {
	const planned = (await planToggles(root, toggles, configFile)).map((toggle, index) => ({...toggle, backup: path.join(backupFolder, `${index}-${path.basename(toggle.file)}`)}));
	await mkdir(backupFolder, {recursive: true});
	for (const {file, backup} of planned) {
		await copyFile(file, backup);
	}

	return {
		applied: planned.map(({file, backup}) => ({path: file, backup})),
		async apply() {
			for (const {file, after} of planned) {
				await writeFileAtomic(file, after);
			}
		},
	};
}

/** Puts back each toggled file's original bytes. */
export async function restoreToggles(applied: readonly AppliedToggle[]): Promise<void> {
	for (const toggle of applied) {
		await copyFileAtomic(toggle.backup, toggle.path);
	}
}

/** Each toggled file under `root` and its text with the toggle on, or a configuration error. */
async function planToggles(root: string, toggles: WizardConfig['buildToggles'], configFile: string): Promise<PlannedToggle[]> {
	const planned: PlannedToggle[] = [];
	for (const toggle of toggles) {
		const file = path.resolve(root, toggle.path);
		let text: string;
		try {
			text = await readFile(file, 'utf8');
		} catch {
			throw new ConfigError(configFile, `build-toggle path "${toggle.path}" does not exist.`, {hint: 'Fix the path (relative to the repository root) or remove the toggle.'});
		}

		if (!text.includes(toggle.otherwise)) {
			const state = text.includes(toggle.duringBuild) ? `holds the during-build text "${toggle.duringBuild}" instead` : 'does not hold it';
			throw new ConfigError(configFile, `build-toggle for ${toggle.path}: otherwise = "${toggle.otherwise}" is not in the file, which ${state}.`, {
				hint: `Commit ${toggle.path} with "${toggle.otherwise}", or fix the toggle's otherwise text.`,
			});
		}

		planned.push({file, after: text.replaceAll(toggle.otherwise, toggle.duringBuild)});
	}

	return planned;
}

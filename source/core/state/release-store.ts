import {createHash} from 'node:crypto';
import {mkdirSync, readFileSync, realpathSync, rmSync} from 'node:fs';
import path from 'node:path';
import {writeFileAtomicSync} from '../atomic-write.js';
import type {ReleaseRecord} from '../release/types.js';
import {wizardConfigFolder} from './config-folder.js';
import {unwritableFolder} from './unwritable-folder.js';
import {readRecord} from './record-schema.js';

/** What the record file holds: nothing, a record (perhaps migrated from an older schema), or damage. */
export type SavedRelease =
	| {readonly kind: 'none'}
	| {readonly kind: 'valid'; readonly record: ReleaseRecord; readonly migratedFrom?: number}
	| {readonly kind: 'damaged'; readonly problem: string};

export type ReleaseStore = {
	/** The JSON file holding the record. */
	readonly file: string;
	/** This repository's folder for logs, build output and toggle backups. */
	readonly folder: string;
	/** The lock file of a run in progress (undefined where nothing is saved). */
	readonly lockFile: string | undefined;
	read(): SavedRelease;
	/** The saved record, or undefined when there is none or it is damaged. */
	load(): ReleaseRecord | undefined;
	/** Replaces the record atomically, flushed to the disk. */
	save(record: ReleaseRecord): void;
	/** Removes the record, damaged or not. */
	clear(): void;
};

/**
 * The saved release of the repository at `root`, one file per repository under the user's
 * config directory (`$XDG_CONFIG_HOME/pypi-wizard/releases/` on Linux): two releases of two
 * repositories never write the same file. The file holds `{"release": RECORD}`.
 */
export function openReleaseStore(root: string): ReleaseStore {
	const id = repositoryId(root);
	const releases = path.join(wizardConfigFolder(), 'releases');
	const file = path.join(releases, `${id}.json`);
	return {
		file,
		folder: path.join(releases, id),
		lockFile: path.join(releases, `${id}.lock`),
		read: () => readSaved(file),
		load() {
			const saved = readSaved(file);
			return saved.kind === 'valid' ? saved.record : undefined;
		},
		save(record) {
			try {
				mkdirSync(releases, {recursive: true});
				writeFileAtomicSync(file, `${JSON.stringify({release: record}, undefined, '\t')}\n`);
			} catch (error: unknown) {
				throw unwritableFolder(releases, error);
			}
		},
		clear() {
			try {
				rmSync(file, {force: true});
			} catch (error: unknown) {
				throw unwritableFolder(releases, error);
			}
		},
	};
}

function readSaved(file: string): SavedRelease {
	let text: string;
	try {
		text = readFileSync(file, 'utf8');
	} catch (error: unknown) {
		const code = (error as NodeJS.ErrnoException).code;
		return code === 'ENOENT' ? {kind: 'none'} : {kind: 'damaged', problem: `it cannot be read (${code ?? String(error)})`};
	}

	if (text.trim() === '') {
		return {kind: 'damaged', problem: 'the file is empty'};
	}

	let json: unknown;
	try {
		json = JSON.parse(text);
	} catch (error: unknown) {
		return {kind: 'damaged', problem: `it is not valid JSON (${(error as Error).message.replaceAll(/\s+/g, ' ')})`};
	}

	if (typeof json !== 'object' || json === null || Array.isArray(json)) {
		return {kind: 'damaged', problem: 'expected a JSON object with a "release" key'};
	}

	// `{}` is what an older version left after discarding a record.
	const release = (json as {release?: unknown}).release;
	if (release === undefined) {
		return {kind: 'none'};
	}

	const reading = readRecord(release);
	return reading.kind === 'damaged' ? reading : {kind: 'valid', record: reading.record, ...(reading.migratedFrom === undefined ? {} : {migratedFrom: reading.migratedFrom})};
}

/** `my-repo-0123456789ab`: readable, and unique per real path. */
export function repositoryId(root: string): string {
	let real = path.resolve(root);
	try {
		real = realpathSync(real);
	} catch {
		// A folder that does not exist yet still gets a stable id.
	}

	const slug = path.basename(real).replaceAll(/[^\w.-]+/g, '-').slice(0, 40) || 'root';
	return `${slug}-${createHash('sha256').update(real).digest('hex').slice(0, 12)}`;
}

/** A store that keeps the record in memory only: a dry run writes nothing. */
export function memoryReleaseStore(folder: string): ReleaseStore {
	let record: ReleaseRecord | undefined;
	return {
		file: '(not saved: dry run)',
		folder,
		lockFile: undefined,
		read: () => (record === undefined ? {kind: 'none'} : {kind: 'valid', record}),
		load: () => record,
		save(next) {
			record = next;
		},
		clear() {
			record = undefined;
		},
	};
}

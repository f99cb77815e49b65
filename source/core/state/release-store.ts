import {createHash} from 'node:crypto';
import {realpathSync} from 'node:fs';
import path from 'node:path';
import Conf from 'conf';
import type {ReleaseRecord} from '../release/types.js';

export type ReleaseStore = {
	/** The JSON file holding the record. */
	readonly file: string;
	/** This repository's folder for logs, build output and toggle backups. */
	readonly folder: string;
	load(): ReleaseRecord | undefined;
	/** Replaces the record; conf writes to a temporary file and renames it over the old one. */
	save(record: ReleaseRecord): void;
	clear(): void;
};

/**
 * The saved release of the repository at `root`, one file per repository under the user's
 * config directory (`$XDG_CONFIG_HOME/pypi-wizard/releases/` on Linux): two releases of two
 * repositories never write the same file.
 */
export function openReleaseStore(root: string): ReleaseStore {
	const id = repositoryId(root);
	const conf = new Conf<{release?: ReleaseRecord}>({
		projectName: 'pypi-wizard',
		projectSuffix: '',
		configName: `releases/${id}`,
		accessPropertiesByDotNotation: false,
		clearInvalidConfig: false,
	});
	return {
		file: conf.path,
		folder: path.join(path.dirname(conf.path), id),
		load: () => conf.get('release'),
		save(record) {
			conf.set('release', record);
		},
		clear() {
			conf.delete('release');
		},
	};
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
		load: () => record,
		save(next) {
			record = next;
		},
		clear() {
			record = undefined;
		},
	};
}

import type {IndexStore} from './store.js';
import type {UploadLog} from './upload-log.js';

export const indexNames = ['testpypi', 'pypi'] as const;
export type IndexName = (typeof indexNames)[number];

/** One of the sandbox's two indexes, and where its URLs start. */
export type SandboxIndex = {
	readonly name: IndexName;
	readonly store: IndexStore;
	/** `/testpypi`: every path of this index starts with it. */
	readonly basePath: string;
	/** The help page warehouse links its messages to, for the index this one stands in for. */
	readonly helpUrl: string;
	/** The log of answered upload requests, shared by both indexes. */
	readonly uploads: UploadLog;
};

/** The rehearsal knobs and limits, shared by both indexes. */
export type SandboxSettings = {
	readonly delaySeconds: number;
	readonly flakyRate: number;
	readonly tokens: readonly string[] | undefined;
	readonly maxFileSize: number;
};

/** PyPI's timestamp form: microseconds and `Z`. */
export function uploadTimestamp(date: Date): string {
	return date.toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

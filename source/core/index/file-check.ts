import {fileReuseAdvice} from './index-errors.js';
import type {IndexFile, ProjectListing} from './simple-api.js';

// Before an upload: ask the index what it already has, so a resumed release never sends a
// file twice and a name already taken by other bytes stops the release before anything is sent.

export type LocalFile = {readonly filename: string; readonly sha256: string};

export type FileVerdict =
	/** Not on the index: upload it. */
	| {readonly filename: string; readonly verdict: 'absent'}
	/** Same name, same sha256: record it as uploaded, do not send it. */
	| {readonly filename: string; readonly verdict: 'same'}
	/** Same name, other bytes: stop; the name can never be used again. */
	| {readonly filename: string; readonly verdict: 'conflict'; readonly localSha256: string; readonly indexSha256: string; readonly advice: string}
	/** Same name, but the index gives no sha256 to compare with (some private indexes). */
	| {readonly filename: string; readonly verdict: 'unverified'};

/** Each local file against the index's listing of its project. */
export function compareWithIndex(files: readonly LocalFile[], listing: ProjectListing | readonly IndexFile[]): FileVerdict[] {
	const listed = new Map(('files' in listing ? listing.files : listing).map(file => [file.filename, file]));
	return files.map((file): FileVerdict => {
		const onIndex = listed.get(file.filename);
		if (onIndex === undefined) {
			return {filename: file.filename, verdict: 'absent'};
		}

		if (onIndex.sha256 === undefined) {
			return {filename: file.filename, verdict: 'unverified'};
		}

		const localSha256 = file.sha256.toLowerCase();
		return onIndex.sha256 === localSha256
			? {filename: file.filename, verdict: 'same'}
			: {filename: file.filename, verdict: 'conflict', localSha256, indexSha256: onIndex.sha256, advice: fileReuseAdvice(file.filename)};
	});
}

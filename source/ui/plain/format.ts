import type {ReleaseRecord} from '../../core/release/types.js';

export function formatDuration(milliseconds: number | undefined): string {
	if (milliseconds === undefined) {
		return '';
	}

	return milliseconds < 60_000 ? `${(milliseconds / 1000).toFixed(1)}s` : `${Math.floor(milliseconds / 60_000)}m${Math.round((milliseconds % 60_000) / 1000)}s`;
}

export function formatSize(bytes: number): string {
	if (bytes < 1024) {
		return `${bytes} B`;
	}

	return bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} kB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** The built files, one line each with size and sha256, then the path. */
export function builtFilesText(record: ReleaseRecord): string[] {
	const lines: string[] = [];
	for (const batch of record.batches) {
		for (const name of batch) {
			const release = record.packages[name];
			if (release === undefined) {
				continue;
			}

			for (const file of release.files) {
				lines.push(`  ${file.name}  ${formatSize(file.size)}  sha256:${file.sha256}`, `    ${file.path}`);
			}
		}
	}

	return lines;
}

/**
 * A unified diff reduced to one line per file with its counts (`  edit setup.py (+2 -2)`);
 * other text as it is, up to 20 lines.
 */
export function diffOutline(text: string): string[] {
	const lines = text.split('\n');
	if (lines.at(-1) === '') {
		lines.pop();
	}

	if (!lines.some(entry => entry.startsWith('+++ '))) {
		return lines.length <= 20 ? lines : [...lines.slice(0, 20), `  … ${lines.length - 20} more line(s) in the step log`];
	}

	const files: Array<{file: string; added: number; removed: number}> = [];
	for (const entry of lines) {
		if (entry.startsWith('+++ ')) {
			files.push({file: entry.slice(4).replace(/^b\//, '').split('\t')[0]!, added: 0, removed: 0});
		} else if (entry.startsWith('--- ') || files.length === 0) {
			continue;
		} else if (entry.startsWith('+')) {
			files.at(-1)!.added++;
		} else if (entry.startsWith('-')) {
			files.at(-1)!.removed++;
		}
	}

	return files.map(change => `  edit ${change.file} (+${change.added} -${change.removed})`);
}

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

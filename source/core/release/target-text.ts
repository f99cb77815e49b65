import type {ReleaseRecord} from './types.js';

/** What a release publishes, in a few words: `1.2.0`, or `core 1.2.0, cli 0.4.0` for independent versions. */
export function describeTarget(record: ReleaseRecord): string {
	return (
		record.version ??
		Object.values(record.packages)
			.map(release => `${release.name} ${release.version}`)
			.join(', ')
	);
}

import {beginRelease, openRepository, type OpenOptions, type ReleaseChoices, type StartedRelease} from './session.js';

export type {StartedRelease} from './session.js';

/** Everything `wizard --ci` knows at once: the repository and the choices. */
export type StartOptions = OpenOptions & ReleaseChoices;

/**
 * Reads the repository and the saved record, and returns an engine ready to run: a new release
 * from `--bump`, or the unfinished one continued (never bumped again).
 */
export async function startRelease(options: StartOptions): Promise<StartedRelease> {
	return beginRelease(await openRepository(options), options);
}

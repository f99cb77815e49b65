import process from 'node:process';
import {PreconditionError} from '../errors.js';

/** A write into pypi-wizard's config folder failed: name the folder and how to give it one it can write. */
export function unwritableFolder(folder: string, error: unknown): PreconditionError {
	const message = error instanceof Error ? error.message : String(error);
	// "EACCES: permission denied, mkdir '/x'" -> "permission denied"
	const reason = /^[A-Z]+: ([^,]+)/.exec(message)?.[1] ?? message;
	const elsewhere = process.platform === 'win32' ? '%APPDATA%' : process.platform === 'darwin' ? 'HOME' : 'XDG_CONFIG_HOME';
	return new PreconditionError(`The release record cannot be written in ${folder} (${reason}).`, {
		hint: `Make that folder writable (it holds the release record, logs and build output), or point ${elsewhere} at a folder that is.`,
		cause: error,
	});
}

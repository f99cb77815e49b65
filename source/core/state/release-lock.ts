import {randomBytes} from 'node:crypto';
import {linkSync, mkdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {hostname} from 'node:os';
import path from 'node:path';
import process from 'node:process';
import {PreconditionError} from '../errors.js';
import {unwritableFolder} from './unwritable-folder.js';

/** Who holds a repository's release: written into the lock file. */
export type LockOwner = {readonly pid: number; readonly hostname: string; readonly command: string; readonly startedAt: string};

export type ReleaseLock = {
	/** The run whose lock was taken over because its process is gone. */
	readonly tookOverFrom: LockOwner | undefined;
	release(): void;
};

/**
 * One run at a time per repository. The lock file appears complete or not at all (a hard link
 * of a finished temporary file), so a reader never sees it half written. A lock whose process
 * is gone (a killed run) is stale and taken over.
 */
export function lockRelease(lockFile: string, command: string): ReleaseLock {
	const folder = path.dirname(lockFile);
	const owner: LockOwner = {pid: process.pid, hostname: hostname(), command, startedAt: new Date().toISOString()};
	const temporary = `${lockFile}.${randomBytes(4).toString('hex')}.wizard-tmp`;
	try {
		mkdirSync(folder, {recursive: true});
		writeFileSync(temporary, `${JSON.stringify(owner)}\n`);
	} catch (error: unknown) {
		throw unwritableFolder(folder, error);
	}

	let tookOverFrom: LockOwner | undefined;
	try {
		for (let attempt = 1; ; attempt++) {
			try {
				linkSync(temporary, lockFile);
				break;
			} catch (error: unknown) {
				if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
					throw unwritableFolder(folder, error);
				}
			}

			if (attempt === 3) {
				throw new PreconditionError(`Another run took the release lock ${lockFile} at the same moment.`, {hint: 'Let it finish, then run the command again.'});
			}

			const text = readLock(lockFile);
			if (text === undefined) {
				// Its holder finished in between.
				continue;
			}

			const holder = parseOwner(text);
			if (holder !== undefined && (holder.hostname !== owner.hostname || isRunning(holder.pid))) {
				throw heldBy(holder, lockFile);
			}

			// Only the lock judged stale is removed, not one a new run wrote meanwhile.
			if (readLock(lockFile) === text) {
				rmSync(lockFile, {force: true});
			}

			tookOverFrom = holder ?? {pid: 0, hostname: owner.hostname, command: '(unreadable lock file)', startedAt: 'an unknown time'};
		}
	} finally {
		rmSync(temporary, {force: true});
	}

	return {
		tookOverFrom,
		release() {
			if (readLock(lockFile) === `${JSON.stringify(owner)}\n`) {
				rmSync(lockFile, {force: true});
			}
		},
	};
}

/** The run holding the lock now, if its process is alive (for `wizard status`). */
export function lockHolder(lockFile: string): LockOwner | undefined {
	const text = readLock(lockFile);
	const holder = text === undefined ? undefined : parseOwner(text);
	return holder !== undefined && (holder.hostname !== hostname() || isRunning(holder.pid)) ? holder : undefined;
}

function heldBy(holder: LockOwner, lockFile: string): PreconditionError {
	const where = holder.hostname === hostname() ? `process ${holder.pid}` : `process ${holder.pid} on ${holder.hostname}`;
	return new PreconditionError(`Another release of this repository is running: ${where}, \`${holder.command}\`, since ${holder.startedAt}.`, {
		hint:
			holder.hostname === hostname()
				? `Wait for it to finish (or stop it), then run the command again. If process ${holder.pid} is not a pypi-wizard run, delete ${lockFile}.`
				: `Wait for it to finish. If no such run is going on on ${holder.hostname}, delete ${lockFile}.`,
	});
}

function readLock(lockFile: string): string | undefined {
	try {
		return readFileSync(lockFile, 'utf8');
	} catch {
		return undefined;
	}
}

function parseOwner(text: string): LockOwner | undefined {
	try {
		const value = JSON.parse(text) as Partial<LockOwner>;
		return typeof value.pid === 'number' && typeof value.hostname === 'string' && typeof value.command === 'string' && typeof value.startedAt === 'string'
			? (value as LockOwner)
			: undefined;
	} catch {
		return undefined;
	}
}

function isRunning(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error: unknown) {
		// EPERM: it exists, under another user.
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}

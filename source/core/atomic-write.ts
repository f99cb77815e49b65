import {randomBytes} from 'node:crypto';
import {chmodSync, closeSync, fsyncSync, openSync, renameSync, rmSync, statSync, writeFileSync} from 'node:fs';
import {chmod, copyFile, open, rename, rm, stat} from 'node:fs/promises';
import path from 'node:path';
import process from 'node:process';

/**
 * Replaces `file` with `content` so that a crash or a power loss at any instant leaves either the
 * old bytes or the new ones, never a truncated file: write a sibling and flush it to the disk,
 * rename it over the original, then flush the folder so the rename itself is on the disk.
 */
export async function writeFileAtomic(file: string, content: string | Uint8Array): Promise<void> {
	await replaceWith(file, async temporary => {
		const handle = await open(temporary, 'w');
		try {
			await handle.writeFile(content);
			await handle.sync();
		} finally {
			await handle.close();
		}
	});
}

/** Copies `source` over `target` with the same all-or-nothing guarantee. */
export async function copyFileAtomic(source: string, target: string): Promise<void> {
	await replaceWith(target, async temporary => {
		await copyFile(source, temporary);
		const handle = await open(temporary, 'r+');
		try {
			await handle.sync();
		} finally {
			await handle.close();
		}
	});
}

/** `writeFileAtomic` for callers that cannot wait (the release record is saved inside a dispatch). */
export function writeFileAtomicSync(file: string, content: string | Uint8Array): void {
	const temporary = siblingName(file);
	try {
		const descriptor = openSync(temporary, 'w');
		try {
			writeFileSync(descriptor, content);
			fsyncSync(descriptor);
		} finally {
			closeSync(descriptor);
		}

		const mode = statSync(file, {throwIfNoEntry: false})?.mode;
		if (mode !== undefined) {
			chmodSync(temporary, mode & 0o7777);
		}

		renameSync(temporary, file);
	} catch (error: unknown) {
		rmSync(temporary, {force: true});
		throw error;
	}

	syncFolderSync(path.dirname(file));
}

async function replaceWith(file: string, write: (temporary: string) => Promise<void>): Promise<void> {
	const temporary = siblingName(file);
	try {
		await write(temporary);
		const mode = await stat(file).then(
			stats => stats.mode & 0o7777,
			() => undefined,
		);
		if (mode !== undefined) {
			await chmod(temporary, mode);
		}

		await rename(temporary, file);
	} catch (error: unknown) {
		await rm(temporary, {force: true});
		throw error;
	}

	await syncFolder(path.dirname(file));
}

function siblingName(file: string): string {
	return path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(4).toString('hex')}.wizard-tmp`);
}

// Windows cannot open a folder for flushing, and NTFS journals the rename itself.
const foldersCanSync = process.platform !== 'win32';
// Some file systems (network, FUSE) refuse to flush a folder; the rename has happened all the same.
const unsupported = new Set(['EINVAL', 'ENOTSUP', 'EOPNOTSUPP', 'EISDIR', 'EBADF', 'EPERM', 'EACCES']);

async function syncFolder(folder: string): Promise<void> {
	if (!foldersCanSync) {
		return;
	}

	try {
		const handle = await open(folder, 'r');
		try {
			await handle.sync();
		} finally {
			await handle.close();
		}
	} catch (error: unknown) {
		if (!unsupported.has((error as NodeJS.ErrnoException).code ?? '')) {
			throw error;
		}
	}
}

function syncFolderSync(folder: string): void {
	if (!foldersCanSync) {
		return;
	}

	try {
		const descriptor = openSync(folder, 'r');
		try {
			fsyncSync(descriptor);
		} finally {
			closeSync(descriptor);
		}
	} catch (error: unknown) {
		if (!unsupported.has((error as NodeJS.ErrnoException).code ?? '')) {
			throw error;
		}
	}
}

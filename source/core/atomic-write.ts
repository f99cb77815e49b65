import {randomBytes} from 'node:crypto';
import {copyFile, rename, rm, stat, writeFile, chmod} from 'node:fs/promises';
import path from 'node:path';

/**
 * Replaces `file` with `content` so that a crash at any instant leaves either the old bytes or
 * the new ones, never a truncated file: write a sibling, then rename it over the original.
 */
export async function writeFileAtomic(file: string, content: string | Uint8Array): Promise<void> {
	const temporary = siblingName(file);
	try {
		await writeFile(temporary, content);
		await keepMode(file, temporary);
		await rename(temporary, file);
	} catch (error: unknown) {
		await rm(temporary, {force: true});
		throw error;
	}
}

/** Copies `source` over `target` with the same all-or-nothing guarantee. */
export async function copyFileAtomic(source: string, target: string): Promise<void> {
	const temporary = siblingName(target);
	try {
		await copyFile(source, temporary);
		await keepMode(target, temporary);
		await rename(temporary, target);
	} catch (error: unknown) {
		await rm(temporary, {force: true});
		throw error;
	}
}

function siblingName(file: string): string {
	return path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(4).toString('hex')}.wizard-tmp`);
}

async function keepMode(original: string, replacement: string): Promise<void> {
	const mode = await stat(original).then(
		stats => stats.mode,
		() => undefined,
	);
	if (mode !== undefined) {
		await chmod(replacement, mode & 0o7777);
	}
}

import {realpath} from 'node:fs/promises';
import path from 'node:path';

/** Where a path from the configuration or the plan really leads. */
export type RepositoryPath =
	| {readonly kind: 'inside'; readonly absolute: string; readonly relative: string}
	| {readonly kind: 'absolute'}
	| {readonly kind: 'outside'; readonly target: string}
	| {readonly kind: 'missing'};

/**
 * Resolves `file` (relative to `root`, forward or back slashes) through every symlink. A
 * symlink inside the repository resolves to its target, so an edit goes through it; `..`, an
 * absolute path or a symlink that leads out of the repository is never followed.
 */
export async function resolveRepositoryPath(root: string, file: string): Promise<RepositoryPath> {
	if (path.isAbsolute(file) || /^[A-Za-z]:[\\/]/.test(file)) {
		return {kind: 'absolute'};
	}

	const realRoot = await realpath(root);
	const joined = path.resolve(realRoot, file.replaceAll('\\', '/'));
	if (!isInside(realRoot, joined)) {
		return {kind: 'outside', target: joined};
	}

	let target: string;
	try {
		target = await realpath(joined);
	} catch {
		return {kind: 'missing'};
	}

	if (!isInside(realRoot, target)) {
		return {kind: 'outside', target};
	}

	return {kind: 'inside', absolute: target, relative: path.relative(realRoot, target).split(path.sep).join('/')};
}

function isInside(root: string, candidate: string): boolean {
	const relative = path.relative(root, candidate);
	return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}

/** The reason a resolved path cannot be used, in words for a configuration error. */
export function describeUnusablePath(file: string, resolved: Exclude<RepositoryPath, {kind: 'inside'}>): string {
	switch (resolved.kind) {
		case 'absolute':
			return `"${file}" is an absolute path; paths here are relative to the repository root`;
		case 'outside':
			return `"${file}" leads out of the repository (to ${resolved.target})`;
		case 'missing':
			return `"${file}" does not exist`;
	}
}

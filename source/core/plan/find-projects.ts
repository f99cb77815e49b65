import {readdir, readFile} from 'node:fs/promises';
import path from 'node:path';
import ignore, {type Ignore} from 'ignore';
import {glob} from 'tinyglobby';

/** Folders that never hold a package of the repository. */
const skippedFolders = new Set([
	'node_modules',
	'build',
	'dist',
	'__pycache__',
	'site-packages',
	'venv',
	'htmlcov',
]);

export const projectFileNames = ['pyproject.toml', 'setup.cfg', 'setup.py'] as const;

export type ProjectFolder = {
	/** Relative to the root, forward slashes, `.` for the root. */
	readonly path: string;
	readonly files: ReadonlyArray<(typeof projectFileNames)[number]>;
};

/**
 * Every folder under `root` holding a project file, skipping VCS and tool folders, virtual
 * environments, build output and what `.gitignore` files ignore. Whether a folder is really a
 * project (a pyproject.toml may only configure tools) is decided by the metadata reader.
 */
export async function findProjectFolders(root: string): Promise<ProjectFolder[]> {
	const found: ProjectFolder[] = [];
	const visit = async (relative: string, rules: ReadonlyArray<{base: string; matcher: Ignore}>): Promise<void> => {
		const absolute = path.join(root, relative);
		const entries = await readdir(absolute, {withFileTypes: true}).catch(() => []);
		const names = new Set(entries.map(entry => entry.name));
		if (relative !== '' && names.has('pyvenv.cfg')) {
			return;
		}

		let activeRules = rules;
		if (names.has('.gitignore')) {
			const text = await readFile(path.join(absolute, '.gitignore'), 'utf8').catch(() => '');
			activeRules = [...rules, {base: relative, matcher: ignore().add(text)}];
		}

		const files = projectFileNames.filter(name => names.has(name) && entries.find(entry => entry.name === name)?.isFile());
		if (files.length > 0) {
			found.push({path: relative === '' ? '.' : relative, files});
		}

		const children = entries.filter(entry => entry.isDirectory() && !isSkipped(entry.name));
		await Promise.all(
			children.map(async entry => {
				const child = relative === '' ? entry.name : `${relative}/${entry.name}`;
				if (activeRules.some(rule => isIgnored(rule, child))) {
					return;
				}

				await visit(child, activeRules);
			}),
		);
	};

	await visit('', []);
	return found.sort((a, b) => a.path.localeCompare(b.path));
}

/** The folders matching the configured `packages` globs that hold a project file. */
export async function findConfiguredFolders(root: string, patterns: readonly string[]): Promise<ProjectFolder[]> {
	const folders = new Set<string>();
	const globs: string[] = [];
	for (const pattern of patterns) {
		const cleaned = pattern.replace(/^\.\//, '').replace(/\/+$/, '');
		if (cleaned === '.' || cleaned === '') {
			folders.add('.');
		} else {
			globs.push(cleaned);
		}
	}

	if (globs.length > 0) {
		const matches = await glob(globs, {cwd: root, onlyDirectories: true, ignore: ['**/node_modules/**', '**/.git/**']});
		for (const match of matches) {
			folders.add(match.replace(/\/+$/, ''));
		}
	}

	const found: ProjectFolder[] = [];
	await Promise.all(
		[...folders].map(async folder => {
			const names = new Set(await readdir(path.join(root, folder)).catch(() => []));
			const files = projectFileNames.filter(name => names.has(name));
			if (files.length > 0) {
				found.push({path: folder, files});
			}
		}),
	);
	return found.sort((a, b) => a.path.localeCompare(b.path));
}

function isSkipped(name: string): boolean {
	return name.startsWith('.') || skippedFolders.has(name) || name.endsWith('.egg-info');
}

function isIgnored(rule: {base: string; matcher: Ignore}, child: string): boolean {
	if (rule.base !== '' && !child.startsWith(`${rule.base}/`)) {
		return false;
	}

	const relative = rule.base === '' ? child : child.slice(rule.base.length + 1);
	return rule.matcher.ignores(`${relative}/`);
}

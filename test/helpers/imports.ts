import {existsSync, readFileSync} from 'node:fs';
import path from 'node:path';

/**
 * Every module `entry` reaches through relative imports, with the bare packages they import.
 * `dynamic: false` stops at `import()`: what is loaded only when that code path runs.
 */
export function reach(entry: string, options: {readonly dynamic?: boolean} = {}): {modules: Set<string>; packages: Set<string>} {
	const modules = new Set<string>();
	const packages = new Set<string>();
	const visit = (file: string) => {
		if (modules.has(file)) {
			return;
		}

		modules.add(file);
		const text = readFileSync(file, 'utf8');
		for (const match of text.matchAll(/(?:^|\n)\s*(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)) {
			if (match[1] === undefined && options.dynamic === false) {
				continue;
			}

			const specifier = match[1] ?? match[2]!;
			if (specifier.startsWith('.')) {
				const typescript = path.resolve(path.dirname(file), specifier.replace(/\.js$/, '.ts'));
				visit(existsSync(typescript) ? typescript : `${typescript}x`);
			} else {
				packages.add(specifier);
			}
		}
	};

	visit(entry);
	return {modules, packages};
}

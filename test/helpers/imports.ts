import {readFileSync} from 'node:fs';
import path from 'node:path';

/** Every module `entry` reaches through relative imports, with the bare packages they import. */
export function reach(entry: string): {modules: Set<string>; packages: Set<string>} {
	const modules = new Set<string>();
	const packages = new Set<string>();
	const visit = (file: string) => {
		if (modules.has(file)) {
			return;
		}

		modules.add(file);
		const text = readFileSync(file, 'utf8');
		for (const match of text.matchAll(/(?:^|\n)\s*(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)) {
			const specifier = match[1] ?? match[2]!;
			if (specifier.startsWith('.')) {
				visit(path.resolve(path.dirname(file), specifier.replace(/\.js$/, '.ts')));
			} else {
				packages.add(specifier);
			}
		}
	};

	visit(entry);
	return {modules, packages};
}

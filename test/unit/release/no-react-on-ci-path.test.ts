import {readFileSync} from 'node:fs';
import path from 'node:path';
import {expect, test} from 'vitest';
import {projectRoot} from '../../helpers/cli.js';

/** Every module `from` reaches through relative imports, with the bare packages they import. */
function reach(entry: string): {modules: Set<string>; packages: Set<string>} {
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

test('the --ci path (release and status commands, engine, plain reporter) never imports ink or react', () => {
	for (const command of ['release', 'status']) {
		const {modules, packages} = reach(path.join(projectRoot, 'source', 'commands', `${command}.ts`));
		expect(modules.size).toBeGreaterThan(10);
		expect([...packages].filter(name => /^(ink|react)(\/|$)|^ink-/.test(name))).toEqual([]);
		expect([...modules].filter(module => module.includes(`${path.sep}ui${path.sep}ink${path.sep}`))).toEqual([]);
	}
});

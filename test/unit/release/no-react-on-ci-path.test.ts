import {readFileSync} from 'node:fs';
import path from 'node:path';
import {expect, test} from 'vitest';
import {projectRoot} from '../../helpers/cli.js';
import {reach} from '../../helpers/imports.js';

const isInk = (name: string) => /^(ink|react)(\/|$)|^ink-/.test(name);
const inInkFolder = (module: string) => module.includes(`${path.sep}ui${path.sep}ink${path.sep}`);

test('the --ci path (release and status commands, engine, plain reporter) never imports ink or react', () => {
	for (const command of ['release', 'status']) {
		const {modules, packages} = reach(path.join(projectRoot, 'source', 'commands', `${command}.ts`), {dynamic: false});
		expect(modules.size).toBeGreaterThan(10);
		expect([...packages].filter(isInk)).toEqual([]);
		expect([...modules].filter(inInkFolder)).toEqual([]);
	}
});

test('the interactive wizard is loaded by one import() in the release command, and it does bring Ink and React', () => {
	const release = path.join(projectRoot, 'source', 'commands', 'release.ts');
	const {modules} = reach(release, {dynamic: false});
	const lazy = [...modules].flatMap(module => [...readFileSync(module, 'utf8').matchAll(/import\(\s*['"]([^'"]+)['"]\s*\)/g)].map(match => `${path.relative(projectRoot, module)} -> ${match[1]}`));
	expect(lazy.filter(entry => entry.includes('ui/ink'))).toEqual(['source/commands/release.ts -> ../ui/ink/run-wizard.js']);
	// The same walk through import() reaches Ink: the check above is not vacuous.
	const whole = reach(release);
	expect([...whole.packages].filter(isInk)).toEqual(expect.arrayContaining(['ink', 'react']));
	expect([...whole.modules].some(inInkFolder)).toBe(true);
});

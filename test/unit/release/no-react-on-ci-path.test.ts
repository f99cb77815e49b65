import path from 'node:path';
import {expect, test} from 'vitest';
import {projectRoot} from '../../helpers/cli.js';
import {reach} from '../../helpers/imports.js';

test('the --ci path (release and status commands, engine, plain reporter) never imports ink or react', () => {
	for (const command of ['release', 'status']) {
		const {modules, packages} = reach(path.join(projectRoot, 'source', 'commands', `${command}.ts`));
		expect(modules.size).toBeGreaterThan(10);
		expect([...packages].filter(name => /^(ink|react)(\/|$)|^ink-/.test(name))).toEqual([]);
		expect([...modules].filter(module => module.includes(`${path.sep}ui${path.sep}ink${path.sep}`))).toEqual([]);
	}
});

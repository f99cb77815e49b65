import {readdirSync} from 'node:fs';
import path from 'node:path';
import {expect, test} from 'vitest';
import {projectRoot} from '../helpers/cli.js';
import {reach} from '../helpers/imports.js';

const source = path.join(projectRoot, 'source');

test('no command reaches the entry file: cli.ts imports the commands, never the other way round', () => {
	const commands = readdirSync(path.join(source, 'commands')).filter(name => name.endsWith('.ts'));
	expect(commands.length).toBeGreaterThan(3);
	for (const command of commands) {
		expect([...reach(path.join(source, 'commands', command)).modules], command).not.toContain(path.join(source, 'cli.ts'));
	}
});

test('the plain front end reads step titles from the record and events, not from step code', () => {
	for (const file of ['reporter.ts', 'status-text.ts']) {
		const reached = [...reach(path.join(source, 'ui', 'plain', file)).modules];
		expect(reached.filter(module => module.includes(`${path.sep}release${path.sep}steps${path.sep}`) || module.endsWith(`${path.sep}engine.ts`)), file).toEqual([]);
	}
});

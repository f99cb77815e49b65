import {existsSync, readFileSync} from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import {formatCommand} from '../../exec.js';
import {cachesOutside} from '../../python/caches-outside.js';
import type {ReleaseContext} from '../context.js';
import type {Step} from '../engine.js';
import {explainCommandError} from '../step-failure.js';

export type TestCommand = {
	/** Folder relative to the root. */
	readonly folder: string;
	readonly command: string;
	readonly args: readonly string[];
	/** As shown to the user. */
	readonly display: string;
};

/** The configured test commands, run by the shell in the root; else pytest where it is set up. */
export function testCommands(context: ReleaseContext): TestCommand[] {
	const configured = context.config.test;
	if (configured !== undefined) {
		const shell = process.platform === 'win32' ? ['cmd', '/d', '/s', '/c'] : ['sh', '-c'];
		return configured.map(line => ({folder: '.', command: shell[0]!, args: [...shell.slice(1), line], display: line}));
	}

	const folders = new Set(['.', ...Object.values(context.record().packages).map(release => release.path)]);
	const python = context.options.python;
	return [...folders]
		.filter(folder => usesPytest(path.join(context.root, folder)))
		.map(folder => ({folder, command: python, args: ['-m', 'pytest'], display: `${formatCommand(python, ['-m', 'pytest'])}${folder === '.' ? '' : ` (in ${folder})`}`}));
}

function usesPytest(folder: string): boolean {
	if (existsSync(path.join(folder, 'tests')) || existsSync(path.join(folder, 'pytest.ini')) || existsSync(path.join(folder, 'conftest.py'))) {
		return true;
	}

	const mentions = (file: string, marker: string) => existsSync(path.join(folder, file)) && readFileSync(path.join(folder, file), 'utf8').includes(marker);
	return mentions('pyproject.toml', '[tool.pytest') || mentions('setup.cfg', '[tool:pytest]') || mentions('tox.ini', '[pytest]');
}

export const testsStep: Step<ReleaseContext> = {
	id: 'tests',
	title: 'Tests',
	skip(context) {
		const commands = testCommands(context);
		if (commands.length === 0) {
			return 'no test command is configured, and no pytest configuration or tests/ folder was found';
		}

		return context.options.dryRun ? `[dry run] not run: ${commands.map(command => command.display).join('; ')}` : undefined;
	},
	async run(context, io) {
		const commands = testCommands(context);
		for (const test of commands) {
			io.progress(test.display);
			try {
				await io.exec(test.command, test.args, {cwd: path.join(context.root, test.folder), env: cachesOutside(path.join(context.record().folder, 'caches'))});
			} catch (error: unknown) {
				throw explainCommandError('tests', error, `The tests failed (${test.display})`, 'Fix the tests, commit, then run the same command again: the release resumes at the tests.');
			}
		}

		return `${commands.length} command(s) passed`;
	},
};

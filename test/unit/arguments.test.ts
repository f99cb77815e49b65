import {describe, expect, test} from 'vitest';
import {parseArguments} from '../../source/cli/arguments.js';

describe('parseArguments', () => {
	test('a bare directory is the release command', () => {
		expect(parseArguments(['some/repo', '--ci', '--bump', 'minor'])).toMatchObject({
			command: 'release',
			positionals: ['some/repo'],
			options: {ci: true, bump: ['minor']},
		});
	});

	test('subcommands take their own options', () => {
		expect(parseArguments(['plan', 'repo', '--json', '--python=/usr/bin/python3'])).toMatchObject({
			command: 'plan',
			positionals: ['repo'],
			options: {json: true, python: '/usr/bin/python3'},
		});
	});

	test('--skip takes comma lists and repeats', () => {
		expect(parseArguments(['--skip', 'tests,build', '--skip=downstream']).options['skip']).toEqual(['tests', 'build', 'downstream']);
	});

	test('an unknown option names the closest valid one', () => {
		expect(() => parseArguments(['--dryrun'])).toThrow('Unknown option --dryrun for wizard.');
		try {
			parseArguments(['plan', '--jsn']);
		} catch (error: unknown) {
			expect((error as {hint: string}).hint).toBe('Did you mean --json?');
		}
	});

	test('an option of another command says which command has it', () => {
		try {
			parseArguments(['plan', '--port', '8080']);
			expect.unreachable();
		} catch (error: unknown) {
			expect((error as Error).message).toBe('Unknown option --port for wizard plan.');
			expect((error as {hint: string}).hint).toBe('--port belongs to wizard sandbox.');
		}
	});

	test('a misspelt command is named with the closest one', () => {
		try {
			parseArguments(['repo', 'plna']);
			expect.unreachable();
		} catch (error: unknown) {
			expect((error as {hint: string}).hint).toBe('Did you mean "wizard plan"?');
		}
	});

	test('an option that needs a value says so', () => {
		expect(() => parseArguments(['--bump'])).toThrow('Option --bump needs a value.');
		expect(() => parseArguments(['--ci=yes'])).toThrow('Option --ci takes no value, but was given "yes".');
	});
});

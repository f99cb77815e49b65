import {readFile} from 'node:fs/promises';
import {expect, test} from 'vitest';
import {projectRoot, runCli} from '../helpers/cli.js';

test('--version prints the package version', async () => {
	const {version} = JSON.parse(await readFile(`${projectRoot}/package.json`, 'utf8')) as {version: string};
	const result = await runCli(['--version']);
	expect(result).toMatchObject({exitCode: 0, stdout: version, stderr: ''});
});

test('--help lists every command and release option', async () => {
	const result = await runCli(['--help']);
	expect(result.exitCode).toBe(0);
	for (const text of ['wizard plan', 'wizard status', 'wizard sandbox', 'wizard token', '--yank', '--ci', '--bump', '--test-repository', '--repository', '--sandbox', '--skip', '--dry-run', '--python', '--jobs', '--no-isolation']) {
		expect(result.stdout).toContain(text);
	}
});

test('an unknown option exits 2 and names the closest valid one, without a stack trace', async () => {
	const result = await runCli(['plan', '--jsn']);
	expect(result.exitCode).toBe(2);
	expect(result.stderr).toBe("✖ Unknown option --jsn for wizard plan.\n  Did you mean --json?");
});

test('a misspelt command exits 2 and suggests the command', async () => {
	const result = await runCli(['.', 'stauts']);
	expect(result.exitCode).toBe(2);
	expect(result.stderr).toContain('Did you mean "wizard status"?');
});

test('--version loads neither React nor Ink', async () => {
	const bundle = await readFile(`${projectRoot}/dist/cli.js`, 'utf8');
	expect(bundle).not.toMatch(/from ["'](ink|react)["']/);
	const imports = [...bundle.matchAll(/^import .* from ["']\.\/(chunk-[^"']+)["']/gm)].map(match => match[1]!);
	for (const chunk of imports) {
		expect(await readFile(`${projectRoot}/dist/${chunk}`, 'utf8'), `${chunk} is loaded at start-up`).not.toMatch(/from ["'](ink|react)["']/);
	}
});

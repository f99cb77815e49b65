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

test('start-up (--version, plan) loads neither React nor Ink', async () => {
	// Every chunk reachable from dist/cli.js through static imports is loaded at start-up.
	const loaded = new Set<string>();
	const visit = async (file: string): Promise<void> => {
		if (loaded.has(file)) {
			return;
		}

		loaded.add(file);
		const code = await readFile(`${projectRoot}/dist/${file}`, 'utf8');
		for (const match of code.matchAll(/^import\s[^;]*?from\s*["']\.\/([^"']+)["']/gm)) {
			await visit(match[1]!);
		}
	};

	await visit('cli.js');
	const planChunk = (await readFile(`${projectRoot}/dist/cli.js`, 'utf8')).match(/import\(["']\.\/(plan-[^"']+)["']\)/)?.[1];
	expect(planChunk, 'cli.js loads the plan command lazily').toBeDefined();
	await visit(planChunk!);
	for (const file of loaded) {
		const code = await readFile(`${projectRoot}/dist/${file}`, 'utf8');
		expect(code, `${file} is loaded at start-up`).not.toMatch(/from ["'](ink|react)["']|Raw mode is not supported|react\.transitional\.element/);
	}
});

import {describe, expect, test} from 'vitest';
import {runCli} from '../../helpers/cli.js';
import {python} from '../../helpers/tools.js';
import {gitRepository} from './git-repository.js';
import {localRelease} from '../../helpers/local-release.js';

const onePackage = {'pyproject.toml': '[build-system]\nrequires = ["setuptools"]\nbuild-backend = "setuptools.build_meta"\n\n[project]\nname = "usage-demo"\nversion = "1.0.0"\n', 'usage_demo/__init__.py': ''};

describe('wizard release usage', () => {
	test('without --ci and without a terminal: exit 2 with a one-line hint naming --ci', async () => {
		const repository = await gitRepository(onePackage, {remote: false});
		const result = await runCli([repository.root], {env: {XDG_CONFIG_HOME: repository.configHome}});
		expect(result.exitCode).toBe(2);
		expect(result.stderr).toBe('✖ Standard input is not a terminal, so the wizard cannot ask questions.\n  Run it without prompts: wizard --ci --bump PART [DIR].');
	});

	test('--ci without --bump and without a saved release: exit 2 naming --bump', async () => {
		const repository = await gitRepository(onePackage, {remote: false});
		const result = await runCli(['--ci', ...localRelease, '--python', python, repository.root], {env: {XDG_CONFIG_HOME: repository.configHome}});
		expect(result.exitCode).toBe(2);
		expect(result.stderr).toContain('✖ --ci needs --bump to know the next version.');
		expect(result.stderr).toContain('Pass --bump major|minor|patch|post|pre|dev|keep|VERSION');
	});

	test('a saved release and a different --bump: exit 2 naming --restart; --restart starts over', async () => {
		const repository = await gitRepository(onePackage, {remote: false});
		const env = {XDG_CONFIG_HOME: repository.configHome};
		const failed = await runCli(['--ci', ...localRelease, '--bump', 'minor', '--python', '/nonexistent/python3', repository.root], {env});
		expect(failed.exitCode).toBe(3);
		expect(failed.stderr).toContain('✖ The Python interpreter "/nonexistent/python3" could not be started.');
		const other = await runCli(['--ci', ...localRelease, '--bump', 'major', '--python', python, repository.root], {env});
		expect(other.exitCode).toBe(2);
		expect(other.stderr).toContain('An unfinished release is saved');
		expect(other.stderr).toContain('add --restart to discard the record');
		const restarted = await runCli(['--ci', ...localRelease, '--bump', 'major', '--restart', '--skip', 'build', '--python', python, repository.root], {env});
		expect(restarted.exitCode).toBe(0);
		expect(restarted.stdout).toContain('Releasing 2.0.0');
	});

	test('wizard status without a saved release says so', async () => {
		const repository = await gitRepository(onePackage, {remote: false});
		const result = await runCli(['status', repository.root], {env: {XDG_CONFIG_HOME: repository.configHome}});
		expect(result.exitCode).toBe(0);
		expect(result.stdout).toBe(`No release is saved for ${repository.root}.`);
	});
});

import {symlink} from 'node:fs/promises';
import path from 'node:path';
import {describe, expect, test} from 'vitest';
import * as fixtures from '../../helpers/fixtures.js';
import {runCli} from '../../helpers/cli.js';
import {repository, temporaryFolder, writeTree} from '../../helpers/temp.js';
import {python, requirePythonModules} from '../../helpers/tools.js';

const toggle = (path: string, duringBuild: string, otherwise: string): string =>
	`[[build-toggle]]\npath = "${path}"\nduring-build = "${duringBuild}"\notherwise = "${otherwise}"\n`;

const versionFile = (path: string): string => `[[version-files]]\npath = "${path}"\npattern = 'release = "{version}"'\n`;

/** A flit package (static metadata: no backend run) with `pypi-wizard.toml` holding `config`. */
async function withConfig(config: string, files: Record<string, string> = {}): Promise<string> {
	return repository({...fixtures.flitPackage(), 'flit_demo/build_flags.py': 'IS_PYPA_PACKAGE = False\n', 'pypi-wizard.toml': config, ...files});
}

async function planFails(root: string): Promise<string> {
	const result = await runCli(['plan', root, '--python', python]);
	expect(result.stdout).toBe('');
	expect(result.exitCode).toBe(2);
	return result.stderr;
}

describe('build toggles at plan time', () => {
	test('wizard plan shows the configured toggles, in text and JSON', async () => {
		requirePythonModules(['build', 'setuptools'], 'python3-build python3-setuptools');
		const root = await repository(fixtures.setupPyMonorepo());
		const text = await runCli(['plan', root, '--python', python]);
		expect(text.exitCode).toBe(0);
		expect(text.stdout).toContain('Build toggles\n      zulip_bots/setup.py\n        "IS_PYPA_PACKAGE = False" -> "IS_PYPA_PACKAGE = True" while building');
		const json = JSON.parse((await runCli(['plan', root, '--json', '--python', python])).stdout) as {buildToggles: unknown};
		expect(json.buildToggles).toEqual([{path: 'zulip_bots/setup.py', duringBuild: 'IS_PYPA_PACKAGE = True', otherwise: 'IS_PYPA_PACKAGE = False'}]);
	});

	test.each([
		[
			'texts absent from the file',
			toggle('flit_demo/build_flags.py', 'BUILD = 1', 'BUILD = 0'),
			'pypi-wizard.toml: build-toggle[0]: otherwise = "BUILD = 0" is not in flit_demo/build_flags.py, which holds neither it nor "BUILD = 1".',
		],
		[
			'identical texts',
			toggle('flit_demo/build_flags.py', 'IS_PYPA_PACKAGE = False', 'IS_PYPA_PACKAGE = False'),
			'pypi-wizard.toml: build-toggle[0]: during-build and otherwise are the same text ("IS_PYPA_PACKAGE = False"), so the build would change nothing.',
		],
		['a missing path', toggle('flit_demo/gone.py', 'A = 1', 'A = 0'), 'pypi-wizard.toml: build-toggle[0].path: "flit_demo/gone.py" does not exist.'],
		['a path out of the repository', toggle('../outside.py', 'A = 1', 'A = 0'), 'pypi-wizard.toml: build-toggle[0].path: "../outside.py" leads out of the repository'],
		['an absolute path', toggle('/etc/hostname', 'A = 1', 'A = 0'), 'pypi-wizard.toml: build-toggle[0].path: "/etc/hostname" is an absolute path'],
		['a folder for a path', toggle('flit_demo', 'A = 1', 'A = 0'), 'pypi-wizard.toml: build-toggle[0].path: "flit_demo" cannot be read (EISDIR).'],
	])('a toggle with %s is a configuration error (exit 2)', async (_, config, message) => {
		expect(await planFails(await withConfig(config))).toContain(message);
	});

	test('a toggle whose path is a symlink leading out of the repository is a configuration error', async () => {
		const outside = await writeTree(await temporaryFolder(), {'flags.py': 'A = 0\n'});
		const root = await withConfig(toggle('flit_demo/flags.py', 'A = 1', 'A = 0'));
		await symlink(path.join(outside, 'flags.py'), path.join(root, 'flit_demo/flags.py'));
		expect(await planFails(root)).toContain(`pypi-wizard.toml: build-toggle[0].path: "flit_demo/flags.py" leads out of the repository (to ${path.join(outside, 'flags.py')})`);
	});
});

describe('version files stay inside the repository', () => {
	test.each([
		['../conf.py', '"../conf.py" leads out of the repository'],
		['/etc/conf.py', '"/etc/conf.py" is an absolute path'],
	])('version-files path %s is a configuration error', async (file, message) => {
		expect(await planFails(await withConfig(versionFile(file)))).toContain(`pypi-wizard.toml: version-files[0].path: ${message}`);
	});

	test('a version file that is a symlink out of the repository is a configuration error', async () => {
		const outside = await writeTree(await temporaryFolder(), {'conf.py': 'release = "0.4.0"\n'});
		const root = await withConfig(versionFile('docs/conf.py'), {'docs/README': 'docs\n'});
		await symlink(path.join(outside, 'conf.py'), path.join(root, 'docs/conf.py'));
		expect(await planFails(root)).toContain('pypi-wizard.toml: version-files[0].path: "docs/conf.py" leads out of the repository');
	});

	test('a version file that is a symlink inside the repository is listed as its target', async () => {
		const root = await withConfig(versionFile('docs/conf.py'), {'shared/conf.py': 'release = "0.4.0"\n'});
		await writeTree(root, {'docs/README': 'docs\n'});
		await symlink('../shared/conf.py', path.join(root, 'docs/conf.py'));
		const result = await runCli(['plan', root, '--json']);
		expect(result.exitCode).toBe(0);
		const [only] = (JSON.parse(result.stdout) as {packages: Array<{versionLocations: unknown[]}>}).packages;
		expect(only!.versionLocations).toContainEqual({file: 'shared/conf.py', line: 1, text: 'release = "0.4.0"'});
	});
});

import {describe, expect, test} from 'vitest';
import * as fixtures from '../../helpers/fixtures.js';
import {runCli} from '../../helpers/cli.js';
import {repository, writeTree} from '../../helpers/temp.js';
import {python, requirePythonModules} from '../../helpers/tools.js';

type PlanJson = {
	root: string;
	versioning: string;
	packages: Array<{
		name: string;
		normalizedName: string;
		version: string;
		path: string;
		backend: string;
		metadataSource: string;
		dependencies: string[];
		versionLocations: Array<{file: string; line: number; text: string}>;
	}>;
	batches: string[][];
	versionFiles: Array<{file: string; line: number; text: string}>;
	warnings: string[];
};

async function planOf(root: string): Promise<PlanJson> {
	const result = await runCli(['plan', root, '--json', '--python', python]);
	expect(result.stderr, 'wizard plan printed an error').toBe('');
	expect(result.exitCode).toBe(0);
	return JSON.parse(result.stdout) as PlanJson;
}

describe('wizard plan --json', () => {
	test('a hatchling package with its version in src/<pkg>/__about__.py', async () => {
		const plan = await planOf(await repository(fixtures.hatchlingAboutPackage()));
		expect(plan.packages).toEqual([
			{
				name: 'Hatch_Demo',
				normalizedName: 'hatch-demo',
				version: '0.3.1',
				path: '.',
				backend: 'hatchling',
				metadataSource: 'static',
				dependencies: [],
				versionLocations: [{file: 'src/hatch_demo/__about__.py', line: 2, text: '__version__ = "0.3.1"'}],
			},
		]);
		expect(plan.batches).toEqual([['hatch-demo']]);
		expect(plan.warnings).toEqual([]);
	});

	test('a setup.py-only package whose version setup.py computes from __init__.py asks the backend', async () => {
		requirePythonModules(['build', 'setuptools'], 'python3-build python3-setuptools');
		const plan = await planOf(await repository(fixtures.setupPyComputedVersion()));
		expect(plan.packages).toEqual([
			{
				name: 'computed-version',
				normalizedName: 'computed-version',
				version: '2.4.0',
				path: '.',
				backend: 'setuptools',
				metadataSource: 'backend',
				dependencies: [],
				versionLocations: [{file: 'computed/__init__.py', line: 2, text: '__version__ = "2.4.0"'}],
			},
		]);
	});

	test('three setup.py packages with version constants, in dependency order', async () => {
		requirePythonModules(['build', 'setuptools'], 'python3-build python3-setuptools');
		const plan = await planOf(await repository(fixtures.setupPyMonorepo()));
		expect(plan.versioning).toBe('synchronized');
		expect(plan.batches).toEqual([['zulip'], ['zulip-bots'], ['zulip-botserver']]);
		// The name is as the backend reports it (setuptools before 69 writes zulip-bots), so compare normalised.
		expect(plan.packages.map(item => [item.normalizedName, item.version, item.path, item.metadataSource, item.dependencies])).toEqual([
			['zulip', '0.9.1', 'zulip', 'backend', []],
			['zulip-bots', '0.9.1', 'zulip_bots', 'backend', ['zulip']],
			['zulip-botserver', '0.9.1', 'zulip_botserver', 'backend', ['zulip', 'zulip-bots']],
		]);
		expect(plan.packages.map(item => item.versionLocations)).toEqual([
			[{file: 'zulip/zulip/__init__.py', line: 1, text: '__version__ = "0.9.1"'}],
			[{file: 'zulip_bots/setup.py', line: 3, text: 'ZULIP_BOTS_VERSION = "0.9.1"'}],
			[{file: 'zulip_botserver/setup.py', line: 3, text: 'ZULIP_BOTSERVER_VERSION = "0.9.1"'}],
		]);
		expect(plan.warnings).toEqual([]);
	});

	test('a five-layer poetry-core monorepo with caret pins', async () => {
		const plan = await planOf(await repository(fixtures.poetryFiveLayerMonorepo()));
		expect(plan.batches).toEqual([['fin-core'], ['fin-charts', 'fin-data'], ['fin-providers'], ['fin-platform'], ['fin']]);
		const byName = Object.fromEntries(plan.packages.map(item => [item.name, item]));
		expect(byName['fin']).toEqual({
			name: 'fin',
			normalizedName: 'fin',
			version: '1.2.0',
			path: 'fin',
			backend: 'poetry-core',
			metadataSource: 'static',
			dependencies: ['fin-core', 'fin-platform'],
			versionLocations: [{file: 'fin/pyproject.toml', line: 3, text: 'version = "1.2.0"'}],
		});
		expect(byName['fin-core']!.versionLocations).toEqual([
			{file: 'packages/core/pyproject.toml', line: 3, text: 'version = "1.2.0"'},
			{file: 'packages/core/fin_core/__init__.py', line: 1, text: '__version__ = "1.2.0"'},
		]);
		expect(byName['fin-platform']!.dependencies).toEqual(['fin-charts', 'fin-providers']);
	});

	test('a flit package with its version in the module', async () => {
		const plan = await planOf(await repository(fixtures.flitPackage()));
		expect(plan.packages).toEqual([
			{
				name: 'flit-demo',
				normalizedName: 'flit-demo',
				version: '0.4.0',
				path: '.',
				backend: 'flit-core',
				metadataSource: 'static',
				dependencies: [],
				versionLocations: [{file: 'flit_demo/__init__.py', line: 3, text: '__version__ = "0.4.0"'}],
			},
		]);
	});

	test('a setup.cfg package', async () => {
		const plan = await planOf(await repository(fixtures.setupCfgPackage()));
		expect(plan.packages).toEqual([
			{
				name: 'cfg-demo',
				normalizedName: 'cfg-demo',
				version: '2.0.1',
				path: '.',
				backend: 'setuptools',
				metadataSource: 'static',
				dependencies: [],
				versionLocations: [{file: 'setup.cfg', line: 3, text: 'version = 2.0.1'}],
			},
		]);
	});

	test('versions that disagree are warnings that name the file, line and both versions', async () => {
		const plan = await planOf(await repository(fixtures.disagreeingVersions()));
		expect(plan.versioning).toBe('independent');
		expect(plan.batches).toEqual([['alpha'], ['beta']]);
		expect(plan.warnings).toEqual([
			'alpha: alpha/alpha/__init__.py:1 holds 0.9.0, but the package version is 1.0.0.',
			'The packages hold different versions (alpha 1.0.0, beta 1.1.0), so each is versioned on its own. Set versioning = "synchronized" in [tool.pypi-wizard] to release them under one version.',
		]);
	});

	test('configured globs limit discovery, and configured version files are listed', async () => {
		const root = await repository({
			...fixtures.poetryFiveLayerMonorepo(),
			'pyproject.toml': '[tool.pypi-wizard]\npackages = ["packages/*"]\n\n[[tool.pypi-wizard.version-files]]\npath = "docs/conf.py"\npattern = \'release = "{version}"\'\n',
			'docs/conf.py': 'project = "fin"\nrelease = "1.2.0"\n',
			'scratch/pyproject.toml': '[project]\nname = "scratch"\nversion = "0.0.1"\n',
		});
		const plan = await planOf(root);
		expect(plan.packages.map(item => item.name)).toEqual(['fin-charts', 'fin-core', 'fin-data', 'fin-platform', 'fin-providers']);
		expect(plan.versionFiles).toEqual([{file: 'docs/conf.py', line: 2, text: 'release = "1.2.0"'}]);
	});

	test('discovery skips virtual environments, build output and what .gitignore ignores', async () => {
		const root = await repository({
			...fixtures.flitPackage(),
			'.gitignore': 'scratch/\n',
			'scratch/pyproject.toml': '[project]\nname = "scratch"\nversion = "0.0.1"\n',
			'.venv/lib/pyproject.toml': '[project]\nname = "in-venv"\nversion = "0.0.1"\n',
			'myenv/pyvenv.cfg': 'home = /usr/bin\n',
			'myenv/lib/site/pyproject.toml': '[project]\nname = "in-myenv"\nversion = "0.0.1"\n',
			'build/lib/setup.py': 'raise SystemExit("never run")\n',
			'node_modules/x/setup.py': 'raise SystemExit("never run")\n',
			'tools/pyproject.toml': '[tool.ruff]\nline-length = 100\n',
		});
		const plan = await planOf(root);
		expect(plan.packages.map(item => item.name)).toEqual(['flit-demo']);
	});
});

describe('wizard plan: bad input', () => {
	test('a dependency cycle lists the packages on it and exits 2', async () => {
		const result = await runCli(['plan', await repository(fixtures.cyclicPackages())]);
		expect(result.exitCode).toBe(2);
		expect(result.stderr).toContain('dependency cycle: one -> two -> three -> one');
		expect(result.stderr).not.toMatch(/\n\s+at /);
	});

	test('malformed TOML names the file, line and column', async () => {
		const result = await runCli(['plan', await repository(fixtures.malformedToml())]);
		expect(result.exitCode).toBe(2);
		expect(result.stderr).toMatch(/^✖ pyproject\.toml:3:\d+: invalid TOML/);
	});

	test('a project without a version says which file and what is missing', async () => {
		const root = await repository({'pkg/pyproject.toml': '[build-system]\nrequires = ["hatchling"]\nbuild-backend = "hatchling.build"\n\n[project]\nname = "noversion"\n'});
		const result = await runCli(['plan', root, '--python', python]);
		expect(result.exitCode).toBe(2);
		expect(result.stderr).toContain('pkg/pyproject.toml: the project "noversion" has no version');
	});

	test('a project without a name says which file', async () => {
		const root = await repository({'pyproject.toml': '[project]\nversion = "1.0"\n'});
		const result = await runCli(['plan', root]);
		expect(result.exitCode).toBe(2);
		expect(result.stderr).toContain('pyproject.toml: the project has no name');
	});

	test('a folder with no Python project says so', async () => {
		const result = await runCli(['plan', await repository({'README.md': '# nothing here\n'})]);
		expect(result.exitCode).toBe(2);
		expect(result.stderr).toMatch(/No Python project found in .*\(no pyproject\.toml, setup\.cfg or setup\.py with a name\)/);
	});

	test('an interpreter without the backend surfaces "Missing dependencies" with the fix', async () => {
		const root = await repository(fixtures.setupPyComputedVersion());
		const venv = await repository({});
		const {execa} = await import('execa');
		await execa(python, ['-m', 'venv', '--without-pip', venv]);
		const result = await runCli(['plan', root, '--python', `${venv}/bin/python`]);
		expect(result.exitCode).toBe(3);
		expect(result.stderr).toMatch(/cannot import the "build" package/);
		expect(result.stderr).toMatch(/apt-get install python3-build/);
	});

	test('a build backend the interpreter lacks is "Missing dependencies", with the requirement to install', async () => {
		requirePythonModules(['build'], 'python3-build');
		const root = await repository({
			'pyproject.toml': '[build-system]\nrequires = ["pdm-backend"]\nbuild-backend = "pdm.backend"\n\n[project]\nname = "pdm-demo"\ndynamic = ["version"]\n',
		});
		const result = await runCli(['plan', root, '--python', python]);
		expect(result.exitCode).toBe(3);
		expect(result.stderr).toContain('✖ Missing dependencies: the build backend of pyproject.toml (pdm.backend) needs "pdm"');
		expect(result.stderr).toContain(`${python} -m pip install 'pdm-backend'`);
	});

	test('an invalid configuration names the file, the key and what was expected', async () => {
		const root = await writeTree(await repository(fixtures.flitPackage()), {
			'pypi-wizard.toml': 'versioning = "together"\n',
		});
		const result = await runCli(['plan', root]);
		expect(result.exitCode).toBe(2);
		expect(result.stderr).toContain('pypi-wizard.toml: versioning: expected "synchronized" or "independent", got string "together"');
	});
});

test('the human plan fits 80 columns and shows batches, versions, paths and locations', async () => {
	const result = await runCli(['plan', await repository(fixtures.poetryFiveLayerMonorepo())]);
	expect(result.exitCode).toBe(0);
	const lines = result.stdout.split('\n');
	expect(Math.max(...lines.map(line => line.length))).toBeLessThanOrEqual(80);
	expect(lines.slice(1, 6)).toEqual([
		'6 packages in 5 batches, versioning synchronized at 1.2.0',
		'',
		'Batch Package        Version  Path',
		'1     fin-core       1.2.0    packages/core',
		'      packages/core/pyproject.toml:3  version = "1.2.0"',
	]);
});

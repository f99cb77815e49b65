import {execFileSync} from 'node:child_process';
import {describe, expect, test} from 'vitest';
import {runCli} from '../../helpers/cli.js';
import * as fixtures from '../../helpers/fixtures.js';
import {repository} from '../../helpers/temp.js';
import {python, requirePythonModules} from '../../helpers/tools.js';
import {cloudCostToolkit} from './cloud-cost-fixture.js';

type PlanJson = {
	packages: Array<{normalizedName: string; version: string; path: string; metadataSource: string; dependencies: string[]; versionLocations: Array<{file: string; line: number; text: string}>}>;
	batches: string[][];
	excluded: Array<{path: string; reason: string; include: string}>;
	warnings: string[];
};

async function planOf(root: string): Promise<PlanJson> {
	const result = await runCli(['plan', root, '--json', '--python', python]);
	expect(result.stderr, 'wizard plan printed an error').toBe('');
	expect(result.exitCode).toBe(0);
	return JSON.parse(result.stdout) as PlanJson;
}

function gitStatus(root: string): string {
	return execFileSync('git', ['status', '--porcelain', '--ignored'], {cwd: root, encoding: 'utf8'});
}

describe('a cloud-cost toolkit with a meta-package at the root and setup.py everywhere', () => {
	test('the meta-package whose setup.py adds the siblings comes last, and plan says the backend won', async () => {
		requirePythonModules(['build', 'setuptools'], 'python3-build python3-setuptools');
		const plan = await planOf(await repository(cloudCostToolkit()));
		expect(plan.batches).toEqual([['costkit-core'], ['costkit-aws', 'costkit-gcp'], ['costkit']]);
		const meta = plan.packages.find(item => item.normalizedName === 'costkit')!;
		expect(meta.dependencies).toEqual(['costkit-aws', 'costkit-core', 'costkit-gcp']);
		expect(meta.metadataSource).toBe('backend');
		expect(plan.warnings).toContain(
			'costkit: pyproject.toml [project] lists no dependency on a sibling, but the build backend (setup.py) writes Requires-Dist on costkit-aws, costkit-core, costkit-gcp. The batches follow the backend, as the wheel will.',
		);
	});

	test('__version__ in an __init__.py or __about__.py beside setup.py is a version location', async () => {
		requirePythonModules(['build', 'setuptools'], 'python3-build python3-setuptools');
		const plan = await planOf(await repository(cloudCostToolkit()));
		const locations = Object.fromEntries(plan.packages.map(item => [item.normalizedName, item.versionLocations.map(location => `${location.file}:${location.line}`)]));
		expect(locations).toEqual({
			costkit: ['pyproject.toml:7'],
			'costkit-aws': ['aws/__about__.py:1'],
			'costkit-core': ['core/__init__.py:1'],
			'costkit-gcp': ['gcp/setup.py:5'],
		});
	});

	test('setup.py and pyproject.toml test fixtures are excluded, with the reason and the setting that would include them', async () => {
		requirePythonModules(['build', 'setuptools'], 'python3-build python3-setuptools');
		const root = await repository(cloudCostToolkit());
		const plan = await planOf(root);
		expect(plan.packages.map(item => item.path).sort()).toEqual(['.', 'aws', 'core', 'gcp']);
		expect(plan.excluded).toEqual([
			{
				path: 'core/costkit_core/tests/fixtures/broken_pkg',
				reason: 'inside the Python package core/costkit_core of core, under a tests folder: a test fixture, not a release package',
				include: 'packages = [".", "aws", "core", "gcp", "core/costkit_core/tests/fixtures/broken_pkg"]',
			},
			{
				path: 'tests/fixtures/sample_project',
				reason: 'under a tests folder: a test fixture, not a release package',
				include: 'packages = [".", "aws", "core", "gcp", "tests/fixtures/sample_project"]',
			},
		]);
		const text = await runCli(['plan', root, '--python', python]);
		expect(text.stdout).toContain('Excluded (not release packages)');
		expect(text.stdout).toContain('tests/fixtures/sample_project');
	});

	test('reading the backend metadata leaves the tree as it was, even without a .gitignore', async () => {
		requirePythonModules(['build', 'setuptools'], 'python3-build python3-setuptools');
		const root = await repository(cloudCostToolkit());
		execFileSync('git', ['init', '--quiet', root]);
		execFileSync('git', ['-C', root, 'add', '--all']);
		execFileSync('git', ['-C', root, '-c', 'user.name=T', '-c', 'user.email=t@example.com', 'commit', '--quiet', '-m', 'init']);
		const before = gitStatus(root);
		await planOf(root);
		expect(gitStatus(root)).toBe(before);
	});
});

test('a stray project at its own version gets advice naming the packages setting that leaves it out', async () => {
	const root = await repository({
		...fixtures.poetryFiveLayerMonorepo(),
		'examples/demo/pyproject.toml': '[project]\nname = "demo"\nversion = "0.0.1"\n',
	});
	const plan = await planOf(root);
	expect(plan.warnings.at(-1)).toContain(
		'If examples/demo (demo 0.0.1) is not a release package, leave it out with packages = ["fin", "packages/charts", "packages/core", "packages/data", "packages/platform", "packages/providers"] in [tool.pypi-wizard].',
	);
});

test('a version module beside the project file that holds another version is not a location', async () => {
	const root = await repository({
		'pyproject.toml': '[build-system]\nrequires = ["hatchling"]\nbuild-backend = "hatchling.build"\n\n[project]\nname = "beside"\nversion = "1.2.0"\n',
		'version.py': '__version__ = "0.0.1"  # the schema version of the data files\n',
		'__init__.py': '__version__ = "1.2.0"\n',
		'beside/__init__.py': '',
	});
	const plan = await planOf(root);
	expect(plan.packages[0]!.versionLocations.map(location => location.file)).toEqual(['pyproject.toml', '__init__.py']);
	expect(plan.warnings).toEqual([]);
});

import {beforeAll, describe, expect, test} from 'vitest';
import {runCli, type CliResult} from '../../helpers/cli.js';
import type {FileTree} from '../../helpers/temp.js';
import {python, requirePythonModules} from '../../helpers/tools.js';
import {git, gitRepository} from './git-repository.js';
import {changedLines} from './release-fixtures.js';
import {localRelease} from '../../helpers/local-release.js';

/**
 * A cloud-cost toolkit as such repositories are laid out in the wild: the meta-package at the
 * root (a static `[project]` table, while its setup.py adds the sibling requirements), one
 * provider whose setup.py maps the project folder itself onto the package (`__init__.py`
 * beside setup.py), setup.py everywhere, no .gitignore, and one package with no long
 * description (PyPI accepts that; the release should warn, not stop). The projects are named
 * with underscores, as many are, while the pins use dashes: one name under PEP 503. (Debian's
 * setuptools 66 writes dashed names into sdist file names, which PyPI refuses since PEP 625;
 * the inspection tests cover that case.)
 */
function costToolkit(): FileTree {
	return {
		'pyproject.toml': `[build-system]
requires = ["setuptools>=61"]
build-backend = "setuptools.build_meta"

[project]
name = "acme_cost"
version = "0.3.0"
description = "The acme cost toolkit, all providers."
readme = "README.md"
requires-python = ">=3.8"

[tool.setuptools]
packages = ["acme_cost"]
`,
		'setup.py': `from setuptools import setup

setup(
    install_requires=["acme-cost-core>=0.3.0"],
    extras_require={"aws": ["acme-cost-aws>=0.3.0"]},
)
`,
		'README.md': '# acme-cost\n\nThe whole toolkit.\n',
		'acme_cost/__init__.py': '__version__ = "0.3.0"\n',
		'core/setup.py': `from setuptools import find_packages, setup

setup(
    name="acme_cost_core",
    version="0.3.0",
    description="Cost data model.",
    long_description="The cost data model of the acme toolkit.",
    long_description_content_type="text/plain",
    packages=find_packages(),
)
`,
		'core/acme_cost_core/__init__.py': '__version__ = "0.3.0"\n',
		'aws/setup.py': `from setuptools import setup

setup(
    name="acme_cost_aws",
    version="0.3.0",
    description="AWS cost export reader.",
    package_dir={"acme_cost_aws": "."},
    packages=["acme_cost_aws"],
    install_requires=["acme-cost-core>=0.3.0"],
)
`,
		'aws/__init__.py': '__version__ = "0.3.0"\n',
	};
}

describe('wizard --ci on a setuptools toolkit with a root meta-package and no .gitignore', () => {
	let root: string;
	let configHome: string;
	let statusBefore: string;
	let result: CliResult;
	let plan: {batches: string[][]};

	beforeAll(async () => {
		requirePythonModules(['build', 'twine', 'setuptools'], 'python3-build twine python3-setuptools');
		({root, configHome} = await gitRepository(costToolkit(), {gitignore: false}));
		const env = {XDG_CONFIG_HOME: configHome};
		statusBefore = git(root, 'status', '--porcelain', '--ignored');
		const planned = await runCli(['plan', '--json', '--python', python, root], {env});
		expect(planned.stderr).toBe('');
		plan = JSON.parse(planned.stdout) as {batches: string[][]};
		result = await runCli(['--ci', ...localRelease, '--bump', 'minor', '--no-isolation', '--python', python, root], {env});
	});

	test('the meta-package is released last: its batch follows what setup.py adds', () => {
		expect(plan.batches).toEqual([['acme-cost-core'], ['acme-cost-aws'], ['acme-cost']]);
	});

	test('the release finishes, and the missing long description is a warning, not a stop', () => {
		expect(result.exitCode, `${result.stdout}\n${result.stderr}`).toBe(0);
		expect(`${result.stdout}\n${result.stderr}`).toMatch(/acme[-_]cost[-_]aws[^\n]*(long_description|description)/i);
	});

	test('every version location and every sibling pin moves to 0.4.0, in one commit', () => {
		expect(git(root, 'log', '-1', '--format=%s').trim()).toBe('Release 0.4.0');
		const lines = changedLines(git(root, 'diff', '-U0', 'HEAD~1', 'HEAD'));
		expect(lines).toEqual([
			'--- a/acme_cost/__init__.py',
			'+++ b/acme_cost/__init__.py',
			'-__version__ = "0.3.0"',
			'+__version__ = "0.4.0"',
			'--- a/aws/__init__.py',
			'+++ b/aws/__init__.py',
			'-__version__ = "0.3.0"',
			'+__version__ = "0.4.0"',
			'--- a/aws/setup.py',
			'+++ b/aws/setup.py',
			'-    version="0.3.0",',
			'+    version="0.4.0",',
			'-    install_requires=["acme-cost-core>=0.3.0"],',
			'+    install_requires=["acme-cost-core>=0.4.0"],',
			'--- a/core/acme_cost_core/__init__.py',
			'+++ b/core/acme_cost_core/__init__.py',
			'-__version__ = "0.3.0"',
			'+__version__ = "0.4.0"',
			'--- a/core/setup.py',
			'+++ b/core/setup.py',
			'-    version="0.3.0",',
			'+    version="0.4.0",',
			'--- a/pyproject.toml',
			'+++ b/pyproject.toml',
			'-version = "0.3.0"',
			'+version = "0.4.0"',
			'--- a/setup.py',
			'+++ b/setup.py',
			'-    install_requires=["acme-cost-core>=0.3.0"],',
			'-    extras_require={"aws": ["acme-cost-aws>=0.3.0"]},',
			'+    install_requires=["acme-cost-core>=0.4.0"],',
			'+    extras_require={"aws": ["acme-cost-aws>=0.4.0"]},',
		]);
	});

	test('plan and release leave the working tree as it was: no egg-info, build/, caches or stray files, even ignored ones', () => {
		expect(git(root, 'status', '--porcelain', '--ignored')).toBe(statusBefore);
	});
});

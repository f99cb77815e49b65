import {execa} from 'execa';
import {describe, expect, test} from 'vitest';
import {cliPath} from '../../helpers/cli.js';
import type {FileTree} from '../../helpers/temp.js';
import {python, requirePythonModules} from '../../helpers/tools.js';
import {gitRepository, type TestRepository} from './git-repository.js';
import {localRelease} from '../../helpers/local-release.js';

// Assembled at run time, so no scanner mistakes this file for a leak.
const githubPat = ['github', '_pat_', '11ABCDEFG0', 'a1b2c3d4e5f6g7h8i9j0', '_', 'Zz9Yy8Xx7'.repeat(6)].join('');
const brokenRst = String.raw`Broken\n======\n\n.. no-such-directive::\n`;

function setupPackage(name: string, setupArguments: string, extra: FileTree = {}): FileTree {
	return {
		[`${name}/setup.py`]: `from setuptools import setup\n\nsetup(\n    name="${name}",\n    version="1.0.0",\n    packages=["${name}"],\n${setupArguments}\n)\n`,
		[`${name}/${name}/__init__.py`]: '',
		...Object.fromEntries(Object.entries(extra).map(([file, text]) => [`${name}/${file}`, text])),
	};
}

/** The CLI with stdout and stderr in one pipe, as a CI log shows them: the order is the order written. */
async function wizardLog(repository: TestRepository, ...args: string[]): Promise<{exitCode: number; log: string}> {
	const result = await execa('sh', ['-c', '"$0" "$@" 2>&1', process.execPath, cliPath, '--ci', ...localRelease, '--no-isolation', '--python', python, ...args, repository.root], {
		env: {NO_COLOR: '1', XDG_CONFIG_HOME: repository.configHome},
		reject: false,
		timeout: 240_000,
	});
	return {exitCode: result.exitCode ?? -1, log: String(result.stdout)};
}

describe('twine check and the inspection report every problem of every package at once', () => {
	test('three failing packages in one summary, the last thing printed; what PyPI accepts is a warning with the fix', async () => {
		requirePythonModules(['build', 'twine', 'setuptools'], 'python3-build twine python3-setuptools');
		const repository = await gitRepository({
			...setupPackage('alpha', `    long_description="${brokenRst}",\n    long_description_content_type="text/x-rst",`),
			...setupPackage('beta', '    long_description="Beta.",\n    long_description_content_type="text/plain",', {'beta/ci.py': `TOKEN = "${githubPat}"\n`}),
			...setupPackage('gamma', `    long_description="${brokenRst}",`),
			...setupPackage('delta', ''),
		});
		const {exitCode, log} = await wizardLog(repository, '--bump', 'patch');
		expect(exitCode, log).toBe(1);
		const lines = log.trimEnd().split('\n');
		const summary = lines.findIndex(line => line.startsWith('✖ '));
		expect(lines[summary]).toBe('✖ 6 problem(s) would block the upload, in 3 package(s): alpha, beta, gamma');
		expect(log).toContain('    alpha-1.0.1-py3-none-any.whl: twine check: `long_description` has syntax errors in markup and would not be rendered on PyPI.');
		expect(log).toContain('    alpha-1.0.1.tar.gz: twine check: `long_description` has syntax errors in markup');
		expect(log).toContain('    beta-1.0.1-py3-none-any.whl: beta/ci.py:1 holds what looks like a GitHub fine-grained token (github_pat_…).');
		expect(log).toContain('    gamma-1.0.1-py3-none-any.whl: twine check: `long_description` has syntax errors in markup');
		expect(log).toContain('\n      line 4: Error: Unknown directive type "no-such-directive".\n      .. no-such-directive::\n');
		expect(log).toContain('PyPI refuses an upload whose description does not render.');
		expect(log).toContain('Pass long_description_content_type="text/markdown" (or "text/x-rst", "text/plain") to setup() in gamma/setup.py.');
		// delta has no description: twine 4 calls that a rendering error, PyPI accepts it.
		expect(log).not.toMatch(/delta-1\.0\.1\S*: twine check/);
		expect(log).toContain(
			'warning: delta: no long description, so its PyPI page will be empty. Pass long_description=open("README.md").read() and long_description_content_type="text/markdown" to setup() in delta/setup.py.',
		);
		expect(log).not.toContain('warning: delta: no long_description_content_type');
		expect(log).toContain('warning: gamma: no long_description_content_type, so PyPI renders the description as reStructuredText.');
		// Nothing from a still-running command after the failure summary.
		expect(lines.slice(summary).filter(line => /^(==>|\s+(\||\[|ok:|…|warning:))/.test(line))).toEqual([]);
	});

	test('descriptions PyPI accepts (missing, empty) never block: the release finishes with the warnings and their fixes', async () => {
		requirePythonModules(['build', 'twine', 'setuptools', 'hatchling'], 'python3-build twine python3-setuptools python3-hatchling');
		const repository = await gitRepository({
			'plain/pyproject.toml': '[build-system]\nrequires = ["hatchling"]\nbuild-backend = "hatchling.build"\n\n[project]\nname = "plain"\nversion = "1.0.0"\n',
			'plain/plain/__init__.py': '',
			...setupPackage('quiet', '    long_description="",'),
		});
		const {exitCode, log} = await wizardLog(repository, '--bump', 'minor');
		expect(exitCode, log).toBe(0);
		expect(log).toMatch(/ok: twine check \([\d.]+s\): 4 file\(s\) passed/);
		const warnings = log.slice(log.indexOf('\nWarnings:\n'));
		expect(warnings).toContain('  plain: no long description, so its PyPI page will be empty. Add readme = "README.md" to [project] in plain/pyproject.toml.');
		expect(warnings).toContain('  quiet: no long description, so its PyPI page will be empty. Pass long_description=open("README.md").read()');
	});

	test('with --skip inspect, twine check stops the release itself, naming the package', async () => {
		requirePythonModules(['build', 'twine', 'setuptools'], 'python3-build twine python3-setuptools');
		const repository = await gitRepository(setupPackage('alpha', `    long_description="${brokenRst}",\n    long_description_content_type="text/x-rst",`));
		const {exitCode, log} = await wizardLog(repository, '--bump', 'patch', '--skip', 'inspect');
		expect(exitCode, log).toBe(1);
		expect(log).toContain('FAILED: twine check');
		expect(log).toContain('✖ 2 problem(s) would block the upload, in 1 package(s): alpha');
	});
});

import {expect, test} from 'vitest';
import {loadConfig} from '../../source/core/config/load.js';
import {repository} from '../helpers/temp.js';

test('reads every key of [tool.pypi-wizard] with defaults for the rest', async () => {
	const root = await repository({
		'pyproject.toml': `[tool.pypi-wizard]
packages = ["core", "vendors/*", "."]
versioning = "synchronized"
test = ["python -m pytest -m 'not integration'"]
smoke = { "Open_FinOps" = ["finops --help"] }
install-check = { system-site-packages = true }
test-repository = "private"
repository = "https://upload.pypi.org/legacy/"
wait = { timeout = 120 }

[[tool.pypi-wizard.version-files]]
path = "docs/conf.py"
pattern = 'release = "{version}"'

[[tool.pypi-wizard.build-toggle]]
path = "zulip_bots/setup.py"
during-build = "IS_PYPA_PACKAGE = True"
otherwise = "IS_PYPA_PACKAGE = False"

[[tool.pypi-wizard.downstream]]
path = "../server"
pins = ["requirements/common.in"]
bump = { file = "version.py", name = "PROVISION_VERSION", part = "minor" }
lock = "tools/update-locked-requirements"
`,
	});
	expect(await loadConfig(root)).toEqual({
		source: 'pyproject.toml',
		packages: ['core', 'vendors/*', '.'],
		versioning: 'synchronized',
		tag: 'v{version}',
		commitMessage: 'Release {version}',
		test: ["python -m pytest -m 'not integration'"],
		smoke: {'open-finops': ['finops --help']},
		versionFiles: [{path: 'docs/conf.py', pattern: 'release = "{version}"'}],
		buildToggles: [{path: 'zulip_bots/setup.py', duringBuild: 'IS_PYPA_PACKAGE = True', otherwise: 'IS_PYPA_PACKAGE = False'}],
		downstream: [{path: '../server', pins: ['requirements/common.in'], bump: {file: 'version.py', name: 'PROVISION_VERSION', part: 'minor'}, lock: 'tools/update-locked-requirements'}],
		build: {isolation: true, source: 'commit'},
		python: undefined,
		timeout: 30,
		installCheck: {systemSitePackages: true},
		repositories: {test: 'private', production: 'https://upload.pypi.org/legacy/'},
		wait: {timeout: 120},
	});
});

test('without wait.timeout a propagation wait asks after 600 seconds; no repository is configured', async () => {
	const config = await loadConfig(await repository({'pyproject.toml': '[tool.pypi-wizard]\ntag = "v{version}"\n'}));
	expect(config.wait).toEqual({timeout: 600});
	expect(config.repositories).toEqual({test: undefined, production: undefined});
});

test.each([
	['versoning = "independent"', 'pyproject.toml: tool.pypi-wizard.versoning: unknown key', 'Did you mean "versioning"?'],
	['tag = "release"', 'pyproject.toml: tool.pypi-wizard.tag: expected a template containing {version}, got "release"', 'For example: tag = "v{version}".'],
	['timeout = "30s"', 'pyproject.toml: tool.pypi-wizard.timeout: expected a number of seconds above 0 (at most 86400), got "30s"', 'For example: timeout = 30.'],
	['wait = { timeout = 0 }', 'pyproject.toml: tool.pypi-wizard.wait.timeout: expected a number of seconds above 0 (at most 86400), got 0', 'For example: wait = { timeout = 600 } (the default, 10 minutes).'],
	['wait = { timout = 60 }', 'pyproject.toml: tool.pypi-wizard.wait.timout: unknown key', 'The only key of wait is timeout (seconds).'],
	['wait = 600', 'pyproject.toml: tool.pypi-wizard.wait: expected a table like { timeout = 600 }, got 600', undefined],
	['repository = ""', 'pyproject.toml: tool.pypi-wizard.repository: expected a non-empty string, got string ""', undefined],
	['packages = 3', 'pyproject.toml: tool.pypi-wizard.packages: expected a string or a list of strings, got number 3', undefined],
	['build = { isolation = "no" }', 'pyproject.toml: tool.pypi-wizard.build.isolation: expected true or false, got string "no"', undefined],
	['install-check = { system-site-packages = "yes" }', 'pyproject.toml: tool.pypi-wizard.install-check.system-site-packages: expected true or false, got string "yes"', undefined],
	['install-check = { system-packages = true }', 'pyproject.toml: tool.pypi-wizard.install-check.system-packages: unknown key', 'The key it takes: system-site-packages.'],
	['[[tool.pypi-wizard.version-files]]\npath = "x"\npattern = "v1"', 'pyproject.toml: tool.pypi-wizard.version-files[0].pattern: expected a pattern containing {version}, got "v1"', undefined],
])('an invalid value names the file, key and expectation: %s', async (body, message, hint) => {
	const root = await repository({'pyproject.toml': `[tool.pypi-wizard]\n${body}\n`});
	const error = await loadConfig(root).then(
		() => undefined,
		(error_: unknown) => error_ as {message: string; hint?: string; exitCode: number},
	);
	expect(error?.message).toBe(message);
	expect(error?.exitCode).toBe(2);
	if (hint !== undefined) {
		expect(error?.hint).toBe(hint);
	}
});

test('pypi-wizard.toml is read when present, bare or under [tool.pypi-wizard]', async () => {
	expect((await loadConfig(await repository({'pypi-wizard.toml': 'tag = "{version}"\n'}))).tag).toBe('{version}');
	expect((await loadConfig(await repository({'pypi-wizard.toml': '[tool.pypi-wizard]\ntag = "r{version}"\n'}))).tag).toBe('r{version}');
});

import {expect, test} from 'vitest';
import {validateConfig} from '../../../source/core/config/load.js';
import {ConfigError} from '../../../source/core/errors.js';

const downstream = (part: string) => ({downstream: [{path: '../server', pins: ['requirements/common.in'], bump: {file: 'version.py', name: 'PROVISION_VERSION', part}}]});

test('a downstream bump part other than major, minor or patch is refused when the configuration is read', () => {
	expect(() => validateConfig(downstream('minr'), 'pyproject.toml', 'tool.pypi-wizard.')).toThrow(ConfigError);
	expect(() => validateConfig(downstream('minr'), 'pyproject.toml', 'tool.pypi-wizard.')).toThrow(
		'pyproject.toml: tool.pypi-wizard.downstream[0].bump.part: expected "major", "minor" or "patch", got "minr"',
	);
	expect(validateConfig(downstream('minor'), 'pyproject.toml', 'tool.pypi-wizard.').downstream[0]!.bump).toEqual({file: 'version.py', name: 'PROVISION_VERSION', part: 'minor'});
});

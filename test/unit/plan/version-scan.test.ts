import {expect, test} from 'vitest';
import {findAssignment, findPattern, findSetupCfgVersion, findTomlString, findVersionIdentifier, findVersionKeyword} from '../../../source/core/version/scan.js';

test('finds version = "..." only inside the named TOML table, with the column of the version', () => {
	const text = '[tool.other]\nversion = "9.9"\n\n[project]\nname = "x"\nversion = "1.2.0"  # keep\n\n[tool.poetry]\nversion = \'1.2.0\'\r\n';
	expect(findTomlString(text, 'project', 'version')).toEqual([{line: 6, column: 12, text: 'version = "1.2.0"  # keep', version: '1.2.0'}]);
	expect(findTomlString(text, 'tool.poetry', 'version')).toEqual([{line: 9, column: 12, text: "version = '1.2.0'", version: '1.2.0'}]);
});

test('finds constants and __version__ assignments, typed or not', () => {
	const text = 'ZULIP_BOTS_VERSION = "0.9.1"\n__version__: str = \'2.0\'\n';
	expect(findAssignment(text, 'ZULIP_BOTS_VERSION')).toEqual([{line: 1, column: 23, text: 'ZULIP_BOTS_VERSION = "0.9.1"', version: '0.9.1'}]);
	expect(findAssignment(text, '__version__')[0]).toMatchObject({line: 2, column: 21, version: '2.0'});
});

test('setup.py: a literal version keyword, or the constant it names', () => {
	expect(findVersionKeyword('setup(\n    name="x",\n    version="3.1.4",\n)')).toEqual([{line: 3, column: 14, text: '    version="3.1.4",', version: '3.1.4'}]);
	expect(findVersionIdentifier('setup(name="x", version=BOTS_VERSION, packages=[])')).toBe('BOTS_VERSION');
	expect(findVersionKeyword('setup(python_requires=">=3.8")')).toEqual([]);
});

test('setup.cfg: a literal version in [metadata], not attr:', () => {
	expect(findSetupCfgVersion('[metadata]\nname = x\nversion = 2.0.1\n[options]\nversion = 9\n')).toEqual([{line: 3, column: 11, text: 'version = 2.0.1', version: '2.0.1'}]);
	expect(findSetupCfgVersion('[metadata]\nversion = attr: pkg.__version__\n')).toEqual([]);
});

test('configured patterns match where {version} stands', () => {
	expect(findPattern('project = "x"\nrelease = "1.4.0rc1"\n', 'release = "{version}"')).toEqual([{line: 2, column: 12, text: 'release = "1.4.0rc1"', version: '1.4.0rc1'}]);
});

import {describe, expect, test} from 'vitest';
import {rewritePins} from '../../../source/core/version/pins.js';

const core = [{name: 'core', from: '1.0.0', to: '1.1.0'}];

describe('rewritePins', () => {
	test('an == pin in a pyproject list with a trailing comment follows the bump; CRLF and the comment stay', () => {
		const before = 'dependencies = [\r\n  "core==1.0.0",  # keep in step with core\r\n  "requests>=2",\r\n]\r\n';
		const {text, changes} = rewritePins(before, core);
		expect(text).toBe('dependencies = [\r\n  "core==1.1.0",  # keep in step with core\r\n  "requests>=2",\r\n]\r\n');
		expect(changes).toEqual([{line: 2, name: 'core', before: '  "core==1.0.0",  # keep in step with core', after: '  "core==1.1.0",  # keep in step with core'}]);
	});

	test('each operator is kept: ==, >=, ~=, <= and poetry ^ and ~, bare and inline-table values', () => {
		const before = [
			'install_requires=["core>=1.0.0", "core~=1.0.0", "core <= 1.0.0"],',
			'core = "^1.0.0"',
			'core = { version = "~1.0.0", optional = true }',
			"core = '1.0.0'",
		].join('\n');
		expect(rewritePins(before, core).text).toBe(
			[
				'install_requires=["core>=1.1.0", "core~=1.1.0", "core <= 1.1.0"],',
				'core = "^1.1.0"',
				'core = { version = "~1.1.0", optional = true }',
				"core = '1.1.0'",
			].join('\n'),
		);
	});

	test('only clauses naming the old version change: upper bounds, exclusions and other versions stay', () => {
		const before = '"core>=1.0.0,<2", "core!=1.0.0", "core>=0.9", "core==1.0.*"';
		expect(rewritePins(before, core).text).toBe('"core>=1.1.0,<2", "core!=1.0.0", "core>=0.9", "core==1.0.*"');
	});

	test('a pin that writes the old version in another PEP 440 spelling still follows it', () => {
		expect(rewritePins('"core>=1.0"', core).text).toBe('"core>=1.1.0"');
	});

	test('name spellings match by PEP 503 normalisation, with extras and markers; longer names do not', () => {
		const bumps = [{name: 'my-core', from: '1.0.0', to: '2.0.0'}];
		const before = '"My_Core[extra]>=1.0.0; python_version>\'3.8\'", "my.core==1.0.0", "my-core-utils==1.0.0", "not-my-core==1.0.0"';
		expect(rewritePins(before, bumps).text).toBe(
			'"My_Core[extra]>=2.0.0; python_version>\'3.8\'", "my.core==2.0.0", "my-core-utils==1.0.0", "not-my-core==1.0.0"',
		);
	});

	test('a file with nothing to change comes back byte for byte', () => {
		const before = 'name = "core"\r\nversion = "1.0.0"\n\n# core is great\r\n';
		const {text, changes} = rewritePins(before, core);
		expect(text).toBe(before);
		expect(changes).toEqual([]);
	});
});

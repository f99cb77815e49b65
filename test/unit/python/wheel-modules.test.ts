import path from 'node:path';
import {expect, test} from 'vitest';
import {modulesFromRecord, recordPaths, topLevelModules} from '../../../source/core/python/wheel-modules.js';
import {temporaryFolder} from '../../helpers/temp.js';
import {writeArchive} from '../../integration/sandbox/fixtures.js';

// What `import` can reach after a wheel installs, from the wheel's RECORD.

const record = (...paths: string[]) => paths.map(file => `${file},sha256=x,1`).join('\n');

test('a package and a top-level module; dist-info, scripts, headers and data are not modules', () => {
	expect(
		modulesFromRecord(
			recordPaths(
				record(
					'alpha/__init__.py',
					'alpha/core.py',
					'alpha/__pycache__/core.cpython-311.pyc',
					'helper.py',
					'alpha-1.0.dist-info/METADATA',
					'alpha-1.0.dist-info/RECORD',
					'alpha-1.0.data/scripts/alpha-cli',
					'alpha-1.0.data/headers/alpha.h',
					'alpha-1.0.data/data/share/alpha/logo.png',
					'alpha.pth',
					'README.txt',
				),
			),
		),
	).toEqual(['alpha', 'helper']);
});

test('a PEP 420 namespace is not imported on its own: its packages and modules are, at any depth', () => {
	expect(modulesFromRecord(recordPaths(record('acme/core/__init__.py', 'acme/core/api.py', 'acme/tools.py', 'acme/plugins/extra/__init__.py', 'acme/py.typed')))).toEqual([
		'acme.core',
		'acme.plugins.extra',
		'acme.tools',
	]);
});

test('extension modules at the top level, and purelib / platlib contents, count; names that cannot be imported do not', () => {
	expect(
		modulesFromRecord(
			recordPaths(
				record(
					'_speedups.cpython-311-x86_64-linux-gnu.so',
					'fastlib.abi3.so',
					'winmod.pyd',
					'beta-2.0.data/purelib/beta_extra/__init__.py',
					'beta-2.0.data/platlib/beta_native.cpython-311-x86_64-linux-gnu.so',
					'beta-stubs/__init__.pyi',
					'my-tool.py',
					'__pycache__/helper.cpython-311.pyc',
					'../../bin/beta',
				),
			),
		),
	).toEqual(['_speedups', 'beta_extra', 'beta_native', 'fastlib', 'winmod']);
});

test('RECORD lines are CSV: a quoted path with a comma or a quote in it', () => {
	expect(recordPaths('"odd,name/__init__.py",sha256=x,1\n"say ""hi"".py",,\nplain.py,,\r\n\n')).toEqual(['odd,name/__init__.py', 'say "hi".py', 'plain.py']);
});

test('top_level.txt is used only when RECORD names no module', () => {
	expect(modulesFromRecord(['gamma-1.0.dist-info/RECORD'], 'gamma\nnot-a-module\n')).toEqual(['gamma']);
	expect(modulesFromRecord(['delta/__init__.py'], 'something_else\n')).toEqual(['delta']);
});

test('from a wheel file: read from its RECORD; a wheel without RECORD fails naming the file and the fix', async () => {
	const folder = await temporaryFolder();
	const wheel = await writeArchive(path.join(folder, 'ns_pkg-1.0-py3-none-any.whl'), 'zip', {
		'ns/pkg/__init__.py': '',
		'ns_top.py': '',
		'ns_pkg-1.0.dist-info/METADATA': 'Metadata-Version: 2.1\nName: ns-pkg\nVersion: 1.0\n',
		'ns_pkg-1.0.dist-info/top_level.txt': 'ns\nns_top\n',
		'ns_pkg-1.0.dist-info/RECORD': record('ns/pkg/__init__.py', 'ns_top.py', 'ns_pkg-1.0.dist-info/METADATA', 'ns_pkg-1.0.dist-info/RECORD'),
	});
	expect(await topLevelModules(wheel)).toEqual(['ns.pkg', 'ns_top']);

	const bare = await writeArchive(path.join(folder, 'bare-1.0-py3-none-any.whl'), 'zip', {'bare/__init__.py': ''});
	await expect(topLevelModules(bare)).rejects.toMatchObject({
		name: 'WheelContentsError',
		message: 'bare-1.0-py3-none-any.whl: has no *.dist-info/RECORD, so the modules it installs are unknown.',
		hint: expect.stringContaining('install-check.smoke'),
	});

	const notZip = await writeArchive(path.join(folder, 'broken-1.0-py3-none-any.whl'), 'tar.gz', {'broken/__init__.py': ''});
	await expect(topLevelModules(notZip)).rejects.toMatchObject({message: expect.stringMatching(/^broken-1\.0-py3-none-any\.whl: cannot be read as a wheel/)});
});

import {execFileSync} from 'node:child_process';
import {existsSync} from 'node:fs';
import {readdir} from 'node:fs/promises';
import path from 'node:path';
import process from 'node:process';
import {expect, test} from 'vitest';
import {cachesOutside} from '../../source/core/python/caches-outside.js';
import {repository, temporaryFolder} from '../helpers/temp.js';
import {python, requirePythonModules} from '../helpers/tools.js';

test('pytest leaves no __pycache__ or .pytest_cache in the project; both land in the given folder, even one with a space and a quote', async () => {
	requirePythonModules(['pytest'], 'python3-pytest');
	const project = await repository({'tests/test_sum.py': 'def test_sum():\n    assert 1 + 1 == 2\n', 'tiny/__init__.py': 'VALUE = 1\n', 'tests/test_import.py': 'import tiny\n\ndef test_value():\n    assert tiny.VALUE == 1\n'});
	const caches = path.join(await temporaryFolder('wizard-caches-'), "it's here");
	const {PYTHONDONTWRITEBYTECODE: _, ...environment} = process.env;
	execFileSync(python, ['-m', 'pytest', '-q', '--rootdir', project], {cwd: project, env: {...environment, PYTHONPATH: project, ...cachesOutside(caches)}, stdio: 'pipe'});

	expect((await readdir(project, {recursive: true})).sort()).toEqual(['tests', 'tests/test_import.py', 'tests/test_sum.py', 'tiny', 'tiny/__init__.py']);
	expect(existsSync(path.join(caches, 'pytest', 'CACHEDIR.TAG'))).toBe(true);
	expect(existsSync(path.join(caches, 'pycache'))).toBe(true);
});

test('PYTEST_ADDOPTS the user set is kept, the cache option comes after it', () => {
	const before = process.env['PYTEST_ADDOPTS'];
	process.env['PYTEST_ADDOPTS'] = '-x --strict-markers';
	try {
		expect(cachesOutside('/tmp/release')['PYTEST_ADDOPTS']).toBe("-x --strict-markers -o 'cache_dir=/tmp/release/pytest'");
	} finally {
		if (before === undefined) {
			delete process.env['PYTEST_ADDOPTS'];
		} else {
			process.env['PYTEST_ADDOPTS'] = before;
		}
	}
});

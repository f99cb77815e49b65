import {expect, test} from 'vitest';
import {onSpawn, type SpawnRecord} from '../../../source/core/exec.js';
import {readBackendMetadata} from '../../../source/core/plan/backend-metadata.js';
import {repository} from '../../helpers/temp.js';
import {python, requirePythonModules} from '../../helpers/tools.js';

test('the backend is asked through the one exec wrapper, which gives the child CI=true', async () => {
	requirePythonModules(['build', 'setuptools'], 'python3-build python3-setuptools');
	// The version says what the child saw, so the test reads it back from the metadata.
	const root = await repository({
		'setup.py': 'import os\nfrom setuptools import setup\nsetup(name="ci-probe", version="1.0" if os.environ.get("CI") == "true" else "0.0", py_modules=[])\n',
	});
	const spawned: SpawnRecord[] = [];
	const stop = onSpawn(record => spawned.push(record));
	try {
		const metadata = await readBackendMetadata(python, root, {displayName: 'setup.py', buildBackend: undefined, buildRequires: []});
		expect(metadata).toEqual({name: 'ci-probe', version: '1.0', requiresDist: []});
	} finally {
		stop();
	}

	expect(spawned.map(record => [record.command, record.cwd])).toEqual([[python, root]]);
});

test('an interpreter that does not exist is a missing precondition naming it', async () => {
	const root = await repository({'setup.py': 'raise SystemExit("never run")\n'});
	await expect(readBackendMetadata('/nonexistent/python3', root, {displayName: 'setup.py', buildBackend: undefined, buildRequires: []})).rejects.toThrow(
		'Cannot run the Python interpreter "/nonexistent/python3" to read the metadata of setup.py.',
	);
});

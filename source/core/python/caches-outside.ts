import path from 'node:path';
import process from 'node:process';

/**
 * Environment for a test command that sends Python's bytecode and pytest's cache to `folder`
 * instead of the repository, so that running the tests leaves no `__pycache__/` or
 * `.pytest_cache/` behind in the user's tree.
 */
export function cachesOutside(folder: string): Record<string, string> {
	const pytestCache = `-o ${shellQuote(`cache_dir=${path.join(folder, 'pytest')}`)}`;
	const addopts = process.env['PYTEST_ADDOPTS'];
	return {
		PYTHONPYCACHEPREFIX: path.join(folder, 'pycache'),
		PYTEST_ADDOPTS: addopts === undefined || addopts === '' ? pytestCache : `${addopts} ${pytestCache}`,
	};
}

/** pytest splits PYTEST_ADDOPTS as a POSIX shell would. */
function shellQuote(text: string): string {
	return `'${text.replaceAll("'", String.raw`'\''`)}'`;
}

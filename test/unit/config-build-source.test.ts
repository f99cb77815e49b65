import {expect, test} from 'vitest';
import {loadConfig} from '../../source/core/config/load.js';
import {repository} from '../helpers/temp.js';

test('build.source defaults to a clean checkout of the release commit', async () => {
	expect((await loadConfig(await repository({'pyproject.toml': '[tool.pypi-wizard]\ntag = "v{version}"\n'}))).build).toEqual({isolation: true, source: 'commit'});
});

test('build.source = "working-tree" is the opt-out for uncommitted generated assets', async () => {
	const root = await repository({'pypi-wizard.toml': 'build = { source = "working-tree", isolation = false }\n'});
	expect((await loadConfig(root)).build).toEqual({isolation: false, source: 'working-tree'});
});

test('an unknown build.source names the file, the key, the value and both choices', async () => {
	const root = await repository({'pyproject.toml': '[tool.pypi-wizard]\nbuild = { source = "worktree" }\n'});
	await expect(loadConfig(root)).rejects.toMatchObject({
		exitCode: 2,
		message: 'pyproject.toml: tool.pypi-wizard.build.source: expected "commit" or "working-tree", got string "worktree"',
		hint: expect.stringContaining('source = "working-tree" builds the files as they lie in the repository') as unknown,
	});
});

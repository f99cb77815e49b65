import {spawn} from 'node:child_process';
import {readFile} from 'node:fs/promises';
import path from 'node:path';
import {expect, test} from 'vitest';
import {cliPath} from '../../helpers/cli.js';
import {python} from '../../helpers/tools.js';
import {git, gitRepository} from './git-repository.js';
import {releasablePoetryMonorepo} from './release-fixtures.js';
import {localRelease} from '../../helpers/local-release.js';

test('a reader that closes the output early (wizard | head -1) leaves no half-written file and the release finishes', async () => {
	const repository = await gitRepository(releasablePoetryMonorepo(), {remote: false});
	const before = await readFile(path.join(repository.root, 'packages/core/pyproject.toml'), 'utf8');

	// Given a run whose standard output is closed after its first line, as `| head -1` does,
	const child = spawn(process.execPath, [cliPath, '--ci', ...localRelease, '--bump', 'minor', '--skip', 'build', '--python', python, repository.root], {
		env: {...process.env, XDG_CONFIG_HOME: repository.configHome, NO_COLOR: '1'},
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	child.stdout.once('data', () => {
		child.stdout.destroy();
	});
	const exitCode = await new Promise<number | null>(resolve => {
		child.on('close', resolve);
	});

	// then the run still ends well, with the version committed and every file whole.
	expect(exitCode).toBe(0);
	expect(git(repository.root, 'log', '--format=%s', '-1').trim()).toBe('Release 1.3.0');
	expect(git(repository.root, 'status', '--porcelain')).toBe('');
	expect(await readFile(path.join(repository.root, 'packages/core/pyproject.toml'), 'utf8')).toBe(before.replace('version = "1.2.0"', 'version = "1.3.0"'));
});

// The benchmarks' repository: the tests' five-layer poetry-core monorepo, committed on `main` in
// a fresh git repository, as a maintainer's checkout would be.
import {execFileSync} from 'node:child_process';
import {mkdir, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {importTs} from './import-ts.mjs';

const fixtures = await importTs('test/helpers/fixtures.ts');

export function git(cwd, ...args) {
	return execFileSync('git', args, {cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe']});
}

/** Writes the monorepo at `version` into the empty folder `repo` and commits it. */
export async function poetryMonorepoRepository(repo, version) {
	const files = {'.gitignore': 'build/\n*.egg-info/\ndist/\n', ...fixtures.poetryFiveLayerMonorepo(version)};
	for (const [relative, text] of Object.entries(files)) {
		await mkdir(path.dirname(path.join(repo, relative)), {recursive: true});
		await writeFile(path.join(repo, relative), text);
	}

	git(repo, 'init', '--quiet', '--initial-branch=main');
	git(repo, 'config', 'user.name', 'bench');
	git(repo, 'config', 'user.email', 'bench@example.com');
	git(repo, 'add', '--all');
	git(repo, 'commit', '--quiet', '-m', 'Initial');
	return repo;
}

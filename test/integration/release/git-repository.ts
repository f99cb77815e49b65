import {execFileSync} from 'node:child_process';
import path from 'node:path';
import {temporaryFolder, writeTree, type FileTree} from '../../helpers/temp.js';

/** What a real project ignores: build leftovers must not count as a dirty tree. */
export const gitignore = 'build/\n*.egg-info/\ndist/\n__pycache__/\n';

export function git(cwd: string, ...args: string[]): string {
	return execFileSync('git', args, {cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe']});
}

export type TestRepository = {readonly root: string; readonly remote: string | undefined; readonly configHome: string};

/**
 * `files` committed on `main` in a fresh git repository; with a bare remote as its upstream
 * unless `remote: false`, and a `.gitignore` for build leftovers unless `gitignore: false`.
 * `configHome` is a private XDG_CONFIG_HOME for the release record.
 */
export async function gitRepository(files: FileTree, options: {remote?: boolean; gitignore?: boolean} = {}): Promise<TestRepository> {
	const root = await temporaryFolder('wizard-repo-');
	await writeTree(root, options.gitignore === false ? files : {'.gitignore': gitignore, ...files});
	git(root, 'init', '--quiet', '--initial-branch=main');
	git(root, 'config', 'user.name', 'Release Tester');
	git(root, 'config', 'user.email', 'tester@example.com');
	git(root, 'add', '--all');
	git(root, 'commit', '--quiet', '-m', 'Initial commit');
	let remote: string | undefined;
	if (options.remote !== false) {
		remote = path.join(await temporaryFolder('wizard-remote-'), 'origin.git');
		git(path.dirname(remote), 'init', '--quiet', '--bare', remote);
		git(root, 'remote', 'add', 'origin', remote);
		git(root, 'push', '--quiet', '--set-upstream', 'origin', 'main');
	}

	return {root, remote, configHome: await temporaryFolder('wizard-config-')};
}

import {execFileSync} from 'node:child_process';
import {existsSync} from 'node:fs';
import {readFile, rm, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {describe, expect, test} from 'vitest';
import {exec} from '../../source/core/exec.js';
import type {CommandRunner} from '../../source/core/git/runner.js';
import {addCheckout, removeCheckouts, resolveHead} from '../../source/core/git/worktree.js';
import {temporaryFolder} from '../helpers/temp.js';

const run: CommandRunner = async (command, args, options) => exec(command, args, {cwd: options.cwd, allowFailure: options.allowFailure});

function git(cwd: string, ...args: string[]): string {
	return execFileSync('git', args, {cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe']});
}

function registered(root: string): string[] {
	return git(root, 'worktree', 'list', '--porcelain')
		.split('\n')
		.filter(line => line.startsWith('worktree '))
		.map(line => line.slice('worktree '.length));
}

async function repositoryWithCommit(): Promise<{root: string; head: string}> {
	const root = await temporaryFolder('wizard-worktree-repo-');
	git(root, 'init', '--quiet', '--initial-branch=main');
	await writeFile(path.join(root, 'setup.py'), 'VERSION = "1.0.0"\n');
	git(root, 'add', '--all');
	git(root, '-c', 'user.name=T', '-c', 'user.email=t@example.com', 'commit', '--quiet', '-m', 'Initial commit');
	return {root, head: git(root, 'rev-parse', 'HEAD').trim()};
}

describe('checkouts of the release commit', () => {
	test('a checkout holds the committed files only, and is removed with git\'s record of it', async () => {
		const {root, head} = await repositoryWithCommit();
		await writeFile(path.join(root, 'untracked.txt'), 'not committed\n');
		const releases = await temporaryFolder('wizard-releases-');
		const checkout = path.join(releases, 'one', 'checkout');
		expect(await resolveHead(root, run)).toBe(head);

		await addCheckout(root, checkout, head, run);
		expect(await readFile(path.join(checkout, 'setup.py'), 'utf8')).toBe('VERSION = "1.0.0"\n');
		expect(existsSync(path.join(checkout, 'untracked.txt'))).toBe(false);
		expect(git(checkout, 'rev-parse', 'HEAD').trim()).toBe(head);

		await removeCheckouts(root, releases, run);
		expect(registered(root)).toHaveLength(1);
		expect(existsSync(checkout)).toBe(false);
		expect(existsSync(path.join(root, '.git', 'worktrees'))).toBe(false);
	});

	test('a checkout left by a killed run, even one whose folder is half gone, is removed; the user\'s own worktrees are kept', async () => {
		const {root, head} = await repositoryWithCommit();
		const releases = await temporaryFolder('wizard-releases-');
		const elsewhere = await temporaryFolder('wizard-user-worktrees-');
		git(root, 'worktree', 'add', '--quiet', '--detach', path.join(elsewhere, 'feature'), head);
		git(root, 'worktree', 'add', '--quiet', '--detach', path.join(elsewhere, 'unmounted'), head);
		// A worktree of the user's on a drive that is not mounted: `git worktree prune` would drop it.
		await rm(path.join(elsewhere, 'unmounted'), {recursive: true});
		await addCheckout(root, path.join(releases, 'old', 'checkout'), head, run);
		await addCheckout(root, path.join(releases, 'older', 'checkout'), head, run);
		await rm(path.join(releases, 'older', 'checkout', '.git'));
		await addCheckout(root, path.join(releases, 'oldest', 'checkout'), head, run);
		await rm(path.join(releases, 'oldest'), {recursive: true});

		await removeCheckouts(root, releases, run);
		expect(registered(root).map(folder => path.basename(folder))).toEqual([path.basename(root), 'feature', 'unmounted']);
		expect(existsSync(path.join(releases, 'old', 'checkout'))).toBe(false);
		expect(existsSync(path.join(releases, 'older', 'checkout'))).toBe(false);
	});

	test('a repository with no commit: a precondition error that says to commit', async () => {
		const root = await temporaryFolder('wizard-worktree-empty-');
		git(root, 'init', '--quiet');
		await expect(resolveHead(root, run)).rejects.toMatchObject({exitCode: 3, message: `The repository ${root} has no commit yet.`});
	});
});

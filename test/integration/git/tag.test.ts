import {writeFile} from 'node:fs/promises';
import path from 'node:path';
import {describe, expect, test} from 'vitest';
import {ConfigError} from '../../../source/core/errors.js';
import {ensureTag, pushRelease, PushFailedError, TagConflictError, tagName} from '../../../source/core/git/tag.js';
import {commandRunner as run} from '../../helpers/command-runner.js';
import {git, gitRepository} from '../release/git-repository.js';

async function releaseCommit(root: string, version: string): Promise<string> {
	await writeFile(path.join(root, 'VERSION'), `${version}\n`);
	git(root, 'add', 'VERSION');
	git(root, 'commit', '--quiet', '-m', `Release ${version}`);
	return git(root, 'rev-parse', 'HEAD').trim();
}

const remoteTags = (remote: string) =>
	git(remote, 'for-each-ref', '--format=%(refname:short) %(objecttype) %(*objectname)', 'refs/tags')
		.split('\n')
		.filter(Boolean);

describe('ensureTag', () => {
	test('creates an annotated tag on the release commit, then finds it there on a resume', async () => {
		const {root} = await gitRepository({'README.md': 'x\n'}, {remote: false});
		const commit = await releaseCommit(root, '1.0.0');
		expect(await ensureTag(root, 'v1.0.0', commit, 'Release 1.0.0', run)).toBe('created');
		expect(git(root, 'cat-file', '-t', 'v1.0.0').trim()).toBe('tag');
		expect(git(root, 'tag', '-l', '--format=%(contents:subject)', 'v1.0.0').trim()).toBe('Release 1.0.0');
		expect(git(root, 'rev-parse', 'v1.0.0^{commit}').trim()).toBe(commit);

		expect(await ensureTag(root, 'v1.0.0', 'HEAD', 'Release 1.0.0', run)).toBe('exists');
		expect(git(root, 'tag', '-l').trim()).toBe('v1.0.0');
	});

	test('a tag of that name on another commit stops the release, naming both commits and the fix', async () => {
		const {root} = await gitRepository({'README.md': 'x\n'}, {remote: false});
		const old = git(root, 'rev-parse', 'HEAD').trim();
		git(root, 'tag', 'v1.0.0');
		const commit = await releaseCommit(root, '1.0.0');

		const error = await ensureTag(root, 'v1.0.0', commit, 'Release 1.0.0', run).catch((error_: unknown) => error_);
		expect(error).toBeInstanceOf(TagConflictError);
		const conflict = error as TagConflictError;
		expect(conflict.message).toBe(`The tag v1.0.0 already exists in this repository on commit ${old.slice(0, 12)}, not on the release commit ${commit.slice(0, 12)}.`);
		expect(conflict.hint).toContain('git tag -d v1.0.0');
		expect(conflict.exitCode).toBe(1);
		expect(git(root, 'rev-parse', 'v1.0.0^{commit}').trim()).toBe(old);
	});
});

describe('pushRelease', () => {
	test('pushes the branch and the annotated tag to a bare remote; a second push sends nothing and leaves one tag', async () => {
		const {root, remote} = await gitRepository({'README.md': 'x\n'});
		const commit = await releaseCommit(root, '1.0.0');
		await ensureTag(root, 'v1.0.0', commit, 'Release 1.0.0', run);
		const target = {remote: 'origin', branch: 'main', tag: 'v1.0.0'};

		expect(await pushRelease(root, target, run)).toEqual({pushed: ['branch', 'tag']});
		expect(git(remote!, 'rev-parse', 'main').trim()).toBe(commit);
		expect(remoteTags(remote!)).toEqual([`v1.0.0 tag ${commit}`]);

		expect(await pushRelease(root, target, run)).toEqual({pushed: []});
		expect(remoteTags(remote!)).toEqual([`v1.0.0 tag ${commit}`]);
	});

	test('a push interrupted after the branch went out sends only the tag on resume', async () => {
		const {root, remote} = await gitRepository({'README.md': 'x\n'});
		const commit = await releaseCommit(root, '2.0.0');
		git(root, 'push', '--quiet', 'origin', 'main');
		await ensureTag(root, 'v2.0.0', commit, 'Release 2.0.0', run);

		expect(await pushRelease(root, {remote: 'origin', branch: 'main', tag: 'v2.0.0'}, run)).toEqual({pushed: ['tag']});
		expect(remoteTags(remote!)).toEqual([`v2.0.0 tag ${commit}`]);
	});

	test('the remote holding the tag on another commit stops the push; nothing is sent', async () => {
		const {root, remote} = await gitRepository({'README.md': 'x\n'});
		const old = git(root, 'rev-parse', 'HEAD').trim();
		git(remote!, 'tag', 'v3.0.0', old);
		const commit = await releaseCommit(root, '3.0.0');
		await ensureTag(root, 'v3.0.0', commit, 'Release 3.0.0', run);

		const error = await pushRelease(root, {remote: 'origin', branch: 'main', tag: 'v3.0.0'}, run).catch((error_: unknown) => error_);
		expect(error).toBeInstanceOf(TagConflictError);
		expect((error as Error).message).toBe(`The tag v3.0.0 already exists on the remote origin on commit ${old.slice(0, 12)}, not on the release commit ${commit.slice(0, 12)}.`);
		expect((error as TagConflictError).hint).toContain('git push origin :refs/tags/v3.0.0');
		expect(git(remote!, 'rev-parse', 'main').trim()).toBe(old);
	});

	test('a remote that never answers fails within the timeout, as a resumable push failure', async () => {
		const {root} = await gitRepository({'README.md': 'x\n'}, {remote: false});
		const commit = await releaseCommit(root, '4.0.0');
		await ensureTag(root, 'v4.0.0', commit, 'Release 4.0.0', run);
		git(root, 'config', 'protocol.ext.allow', 'always');
		git(root, 'remote', 'add', 'silent', 'ext::sleep 60');

		const started = Date.now();
		const error = await pushRelease(root, {remote: 'silent', branch: 'main', tag: 'v4.0.0'}, run, {timeoutMilliseconds: 1500}).catch((error_: unknown) => error_);
		expect(Date.now() - started).toBeLessThan(10_000);
		expect(error).toBeInstanceOf(PushFailedError);
		expect((error as Error).message).toBe('Pushing main and the tag v4.0.0 to silent failed: no answer within 2 s.');
	});

	test('an unreachable remote is a push failure naming it', async () => {
		const {root} = await gitRepository({'README.md': 'x\n'}, {remote: false});
		const commit = await releaseCommit(root, '5.0.0');
		await ensureTag(root, 'v5.0.0', commit, 'Release 5.0.0', run);
		git(root, 'remote', 'add', 'gone', path.join(root, 'no-such-remote.git'));

		const error = await pushRelease(root, {remote: 'gone', branch: 'main', tag: 'v5.0.0'}, run).catch((error_: unknown) => error_);
		expect(error).toBeInstanceOf(PushFailedError);
		expect((error as Error).message).toMatch(/^Pushing main and the tag v5.0.0 to gone failed: .*no-such-remote/);
	});
});

describe('tagName', () => {
	test('v{version} and {name}-v{version}', () => {
		expect(tagName('v{version}', {name: 'zulip', version: '0.9.2'})).toBe('v0.9.2');
		expect(tagName('{name}-v{version}', {name: 'zulip-bots', version: '1.0.0rc1'})).toBe('zulip-bots-v1.0.0rc1');
	});

	test('an unknown placeholder or a name git refuses is a configuration error', () => {
		expect(() => tagName('{package}-{version}', {name: 'a', version: '1.0'})).toThrow(ConfigError);
		expect(() => tagName('{package}-{version}', {name: 'a', version: '1.0'})).toThrow('tag: the template "{package}-{version}" has {package}, which is not a placeholder.');
		expect(() => tagName('release {version}', {name: 'a', version: '1.0'})).toThrow('git does not accept as a tag name');
	});
});

import {existsSync} from 'node:fs';
import {chmod, mkdir, readFile, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {describe, expect, test} from 'vitest';
import type {DownstreamConfig} from '../../../source/core/config/types.js';
import {updateDownstream, type DownstreamUpdateOptions} from '../../../source/core/downstream/update.js';
import {ConfigError, PreconditionError, StepFailedError} from '../../../source/core/errors.js';
import {commandRunner as run} from '../../helpers/command-runner.js';
import {temporaryFolder, writeTree, type FileTree} from '../../helpers/temp.js';
import {git} from '../release/git-repository.js';

// A releasing repository beside its downstream checkouts, as maintainers keep them:
// work/python-zulip-api (releases zulip 0.9.2) and work/server (pins zulip).

const released = new Map([
	['zulip', {version: '0.9.2', tag: '0.9.2'}],
	['zulip-bots', {version: '0.9.2', tag: '0.9.2'}],
]);

const lockScript = [
	'#!/bin/sh',
	'set -e',
	'echo "locking from requirements/common.in"',
	'grep -i zulip requirements/common.in > requirements/common.lock',
	'echo "wrote requirements/common.lock"',
	'',
].join('\n');

const serverFiles: FileTree = {
	'requirements/common.in': '# API bindings\r\nzulip==0.9.1\r\nzulip-bots>=0.9.0  # bots\r\nrequests\r\n',
	'requirements/prod.txt': [
		'requests==2.31.0 \\',
		'    --hash=sha256:aaaa',
		'zulip==0.9.1 \\',
		'    --hash=sha256:1111 \\',
		'    --hash=sha256:2222',
		'    # via -r requirements/common.in',
		'',
	].join('\n'),
	'version.py': 'ZULIP_VERSION = "10.0-dev"\n\n# Bump the minor PROVISION_VERSION for new dependencies.\nPROVISION_VERSION = "325.3"\n',
	'tools/update-locked-requirements': lockScript,
};

const serverEntry: DownstreamConfig = {
	path: '../server',
	pins: ['requirements/common.in', 'requirements/prod.txt'],
	bump: {file: 'version.py', name: 'PROVISION_VERSION', part: 'minor'},
	lock: 'tools/update-locked-requirements',
};

async function workspace(downstreams: Readonly<Record<string, FileTree>>): Promise<{releasing: string; folders: Record<string, string>}> {
	const parent = await temporaryFolder('wizard-downstream-');
	const releasing = path.join(parent, 'python-zulip-api');
	await mkdir(releasing);
	const folders: Record<string, string> = {};
	for (const [name, files] of Object.entries(downstreams)) {
		const root = path.join(parent, name);
		await writeTree(root, files);
		if (existsSync(path.join(root, 'tools/update-locked-requirements'))) {
			await chmod(path.join(root, 'tools/update-locked-requirements'), 0o755);
		}

		git(root, 'init', '--quiet', '--initial-branch=main');
		git(root, 'config', 'user.name', 'Server Maintainer');
		git(root, 'config', 'user.email', 'maintainer@example.com');
		git(root, 'add', '--all');
		git(root, 'commit', '--quiet', '-m', 'Initial commit');
		folders[name] = root;
	}

	return {releasing, folders};
}

const update = async (releasing: string, entry: DownstreamConfig, extra: Partial<DownstreamUpdateOptions> = {}) =>
	updateDownstream({entry, repoRoot: releasing, released, packageName: 'zulip', version: '0.9.2', run, ...extra});

const show = (root: string, file: string) => git(root, 'show', `release/zulip-0.9.2:${file}`);
const branches = (root: string) => git(root, 'branch', '--format=%(refname:short)').split('\n').filter(Boolean);

describe('updateDownstream', () => {
	test('a server repository gets a branch with rewritten pins, the bumped constant and the lock run; its checkout is left as it was', async () => {
		const {releasing, folders} = await workspace({server: serverFiles});
		const server = folders['server']!;
		const head = git(server, 'rev-parse', 'HEAD').trim();

		const result = await update(releasing, serverEntry);

		expect(result.status).toBe('committed');
		expect(result.branch).toBe('release/zulip-0.9.2');
		expect(result.folder).toBe(server);
		expect(show(server, 'requirements/common.in')).toBe('# API bindings\r\nzulip==0.9.2\r\nzulip-bots>=0.9.2  # bots\r\nrequests\r\n');
		expect(show(server, 'requirements/prod.txt')).toBe(serverFiles['requirements/prod.txt']!.replace('zulip==0.9.1', 'zulip==0.9.2'));
		expect(show(server, 'version.py')).toBe(serverFiles['version.py']!.replace('"325.3"', '"325.4"'));
		expect(show(server, 'requirements/common.lock')).toBe('zulip==0.9.2\r\nzulip-bots>=0.9.2  # bots\r\n');
		expect(result.hashedFiles).toEqual(['requirements/prod.txt']);
		expect(result.constant).toMatchObject({file: 'version.py', name: 'PROVISION_VERSION', before: '"325.3"', after: '"325.4"'});
		expect(result.changes.map(change => `${change.file}:${change.line}`)).toEqual(['requirements/common.in:2', 'requirements/common.in:3', 'requirements/prod.txt:3']);

		// One commit on top of the HEAD the maintainer had, never pushed anywhere.
		expect(git(server, 'rev-list', '--format=%s', '--no-commit-header', `${head}..release/zulip-0.9.2`).trim()).toBe('Update zulip to 0.9.2');
		expect(result.commit).toBe(git(server, 'rev-parse', 'release/zulip-0.9.2').trim());
		expect(result.diff).toContain('-zulip==0.9.1\r\n-zulip-bots>=0.9.0  # bots\r\n+zulip==0.9.2\r\n+zulip-bots>=0.9.2  # bots\r\n');
		expect(result.diff).toContain('+PROVISION_VERSION = "325.4"');
		expect(result.diff).toContain('+++ b/requirements/common.lock');

		// The maintainer's checkout: same branch, same HEAD, same files, no extra worktree.
		expect(git(server, 'symbolic-ref', '--short', 'HEAD').trim()).toBe('main');
		expect(git(server, 'rev-parse', 'HEAD').trim()).toBe(head);
		expect(git(server, 'status', '--porcelain').trim()).toBe('');
		expect(await readFile(path.join(server, 'requirements/common.in'), 'utf8')).toBe(serverFiles['requirements/common.in']);
		expect(git(server, 'worktree', 'list').trim().split('\n')).toHaveLength(1);

		// The lock command's output is kept.
		const log = await readFile(result.lockLog!, 'utf8');
		expect(log).toContain('locking from requirements/common.in');
		expect(log).toContain('wrote requirements/common.lock');
	});

	test('run twice: the second run finds the branch and reports it; one branch, one commit', async () => {
		const {releasing, folders} = await workspace({server: serverFiles});
		const server = folders['server']!;
		const first = await update(releasing, serverEntry);
		const second = await update(releasing, serverEntry);

		expect(second.status).toBe('resumed');
		expect(second.commit).toBe(first.commit);
		expect(second.diff).toBe(first.diff);
		expect(branches(server)).toEqual(['main', 'release/zulip-0.9.2']);
		expect(git(server, 'rev-list', '--count', 'main..release/zulip-0.9.2').trim()).toBe('1');
		expect(show(server, 'version.py')).toContain('PROVISION_VERSION = "325.4"');
	});

	test('commits the maintainer added on the release branch do not hide the update; a foreign branch of that name stops it', async () => {
		const {releasing, folders} = await workspace({server: serverFiles});
		const server = folders['server']!;
		const first = await update(releasing, serverEntry);
		git(server, 'checkout', '--quiet', 'release/zulip-0.9.2');
		await writeFile(path.join(server, 'notes.txt'), 'reviewed\n');
		git(server, 'add', 'notes.txt');
		git(server, 'commit', '--quiet', '-m', 'Review notes');
		git(server, 'checkout', '--quiet', 'main');

		const again = await update(releasing, serverEntry);
		expect(again).toMatchObject({status: 'resumed', commit: first.commit});

		git(server, 'branch', '--quiet', '-D', 'release/zulip-0.9.2');
		git(server, 'branch', '--quiet', 'release/zulip-0.9.2', 'main');
		const error = await update(releasing, serverEntry).catch((error_: unknown) => error_);
		expect(error).toBeInstanceOf(PreconditionError);
		expect((error as Error).message).toBe(`The downstream repository ${server} already has a branch release/zulip-0.9.2 without a commit "Update zulip to 0.9.2" on it.`);
	});

	test('a run killed mid-update left its worktree behind: the next run clears it and commits once', async () => {
		const {releasing, folders} = await workspace({server: serverFiles});
		const server = folders['server']!;
		const leftover = path.join(server, '.git', 'pypi-wizard', 'release-zulip-0.9.2');
		git(server, 'worktree', 'add', '--quiet', '--detach', leftover, 'HEAD');
		await writeFile(path.join(leftover, 'version.py'), 'PROVISION_VERSION = "999.0"\n');

		const result = await update(releasing, serverEntry);
		expect(result.status).toBe('committed');
		expect(show(server, 'version.py')).toContain('PROVISION_VERSION = "325.4"');
		expect(git(server, 'worktree', 'list').trim().split('\n')).toHaveLength(1);
	});

	test('PEP 621 and poetry downstreams, with the constant as a tuple', async () => {
		const {releasing, folders} = await workspace({
			bots: {
				'pyproject.toml': '[project]\nname = "bots"\ndependencies = [\n    "zulip==0.9.1",\n    "zulip_bots~=0.9.0",\n]\n',
				'bots/version.py': 'API_FEATURE_LEVEL = (2, 4)\n',
			},
			poetry: {
				'pyproject.toml': '[tool.poetry.dependencies]\npython = "^3.9"\nzulip = "^0.9.1"\nzulip-bots = { git = "https://github.com/zulip/python-zulip-api.git", tag = "0.9.1", subdirectory = "zulip_bots" }\n',
				'app/version.py': 'API_FEATURE_LEVEL = (2, 4, 1)\n',
			},
		});
		const bots = await update(releasing, {path: '../bots', pins: ['pyproject.toml'], bump: {file: 'bots/version.py', name: 'API_FEATURE_LEVEL', part: 'minor'}, lock: undefined});
		const poetry = await update(releasing, {path: '../poetry', pins: ['pyproject.toml'], bump: {file: 'app/version.py', name: 'API_FEATURE_LEVEL', part: 'patch'}, lock: undefined});

		expect([bots.status, poetry.status]).toEqual(['committed', 'committed']);
		expect(show(folders['bots']!, 'pyproject.toml')).toBe('[project]\nname = "bots"\ndependencies = [\n    "zulip==0.9.2",\n    "zulip_bots~=0.9.2",\n]\n');
		expect(show(folders['bots']!, 'bots/version.py')).toBe('API_FEATURE_LEVEL = (2, 5)\n');
		expect(show(folders['poetry']!, 'pyproject.toml')).toBe(
			'[tool.poetry.dependencies]\npython = "^3.9"\nzulip = "^0.9.2"\nzulip-bots = { git = "https://github.com/zulip/python-zulip-api.git", tag = "0.9.2", subdirectory = "zulip_bots" }\n',
		);
		expect(show(folders['poetry']!, 'app/version.py')).toBe('API_FEATURE_LEVEL = (2, 4, 2)\n');
	});

	test('a dirty downstream tree stops the update with the folder and the files; nothing is made', async () => {
		const {releasing, folders} = await workspace({server: serverFiles});
		const server = folders['server']!;
		await writeFile(path.join(server, 'requirements/common.in'), 'zulip==0.9.0\n');
		await writeFile(path.join(server, 'notes.txt'), 'wip\n');

		const error = await update(releasing, serverEntry).catch((error_: unknown) => error_);
		expect(error).toBeInstanceOf(PreconditionError);
		expect((error as Error).message).toBe(`The downstream repository ${server} has uncommitted changes: requirements/common.in, notes.txt.`);
		expect((error as PreconditionError).hint).toMatch(/^Commit or stash them in /);
		expect(branches(server)).toEqual(['main']);
	});

	test('a configured pin file the downstream does not have is an error naming it; no branch, no worktree left', async () => {
		const {releasing, folders} = await workspace({server: serverFiles});
		const server = folders['server']!;
		const error = await update(releasing, {...serverEntry, pins: ['requirements/common.in', 'requirements/missing.in']}, {index: 1}).catch((error_: unknown) => error_);

		expect(error).toBeInstanceOf(ConfigError);
		expect((error as Error).message).toBe(`downstream[1].pins: requirements/missing.in is not in the downstream repository ${server} (at its HEAD).`);
		expect(branches(server)).toEqual(['main']);
		expect(git(server, 'worktree', 'list').trim().split('\n')).toHaveLength(1);
	});

	test('a failing lock command stops with its output kept; once fixed, the next run commits', async () => {
		const {releasing, folders} = await workspace({server: serverFiles});
		const server = folders['server']!;
		const failing = {...serverEntry, lock: 'echo "pip-compile: no network" >&2; exit 3'};

		const error = await update(releasing, failing).catch((error_: unknown) => error_);
		expect(error).toBeInstanceOf(StepFailedError);
		expect((error as Error).message).toContain(`The lock command of ${server} failed (exit code 3)`);
		expect((error as Error).message).toContain('pip-compile: no network');
		expect(branches(server)).toEqual(['main']);
		const logFile = /Its output is in (\S+)\. /.exec((error as StepFailedError).hint!)![1]!;
		expect(await readFile(logFile, 'utf8')).toContain('pip-compile: no network');

		expect((await update(releasing, serverEntry)).status).toBe('committed');
		expect(branches(server)).toEqual(['main', 'release/zulip-0.9.2']);
	});

	test('pins already at the release: nothing to do, no branch', async () => {
		const {releasing, folders} = await workspace({server: {...serverFiles, 'requirements/common.in': 'zulip==0.9.2\n'}});
		const result = await update(releasing, {...serverEntry, pins: ['requirements/common.in']});
		expect(result.status).toBe('up-to-date');
		expect(result.commit).toBeUndefined();
		expect(branches(folders['server']!)).toEqual(['main']);
	});

	test('a downstream path that is missing or not a git repository is named in the error', async () => {
		const {releasing} = await workspace({});
		const missing = await update(releasing, {...serverEntry, path: '../nowhere'}).catch((error_: unknown) => error_);
		expect(missing).toBeInstanceOf(PreconditionError);
		expect((missing as Error).message).toBe(`The downstream repository ${path.resolve(releasing, '../nowhere')} does not exist (downstream[0].path = "../nowhere", relative to ${releasing}).`);

		const plain = path.resolve(releasing, '../plain');
		await mkdir(plain);
		const notGit = await update(releasing, {...serverEntry, path: '../plain'}).catch((error_: unknown) => error_);
		expect((notGit as Error).message).toBe(`The downstream folder ${plain} is not a git repository.`);
	});
});

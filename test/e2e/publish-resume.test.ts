import {execa, type ResultPromise} from 'execa';
import {chmod, readFile, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import type {ReleaseRecord} from '../../source/core/release/types.js';
import type {UploadLogEntry} from '../../source/sandbox/upload-log.js';
import {cliPath, runCli, type CliResult} from '../helpers/cli.js';
import {currentCaveats, mintTokens} from '../helpers/mint-token.js';
import {temporaryFolder, writeTree} from '../helpers/temp.js';
import {python, requirePythonModules} from '../helpers/tools.js';
import {git} from '../integration/release/git-repository.js';
import {releasablePoetryMonorepo} from '../integration/release/release-fixtures.js';

/*
 * The whole checklist on a five-layer poetry-core monorepo, against `wizard sandbox` running as
 * its own process with a 2 s propagation delay, killed with SIGKILL at six points and resumed
 * with the same command each time: mid-batch upload, during a propagation wait, during the
 * install check, right after the production upload, between tag and push (a pre-push hook
 * holds the push), and during the downstream update (its lock command takes a while).
 */

type Sandbox = {url: string; process: ResultPromise};

async function startSandboxProcess(data: string, token: string): Promise<Sandbox> {
	const child = execa(process.execPath, [cliPath, 'sandbox', '--port', '0', '--data', data, '--delay', '2', '--token', token], {reject: false, env: {NO_COLOR: '1'}});
	let output = '';
	const url = await new Promise<string>((resolve, reject) => {
		child.stdout!.on('data', (chunk: Buffer) => {
			output += chunk.toString();
			const found = /Sandbox index ready at (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];
			if (found !== undefined && output.includes('Press Ctrl+C')) {
				resolve(found);
			}
		});
		void child.once('exit', () => reject(new Error(`wizard sandbox exited early:\n${output}`)));
	});
	return {url, process: child};
}

const downstreamFiles = {
	'requirements/common.in': '# The fin packages this server runs\nfin==1.2.0\nfin-core>=1.2.0\n',
	'version.py': 'PROVISION_VERSION = (7, 3)\n',
	// Long enough for the test to kill the wizard while it runs.
	'tools/lock': '#!/bin/sh\nsleep 3\ncp requirements/common.in requirements/common.txt\n',
};

describe('a release killed with SIGKILL at six points, resumed each time', () => {
	let work: string;
	let root: string;
	let remote: string;
	let server: string;
	let sandbox: Sandbox;
	let token: string;
	let recordFile: string;
	const runs: Array<{killedAt: string | undefined; result: CliResult}> = [];

	const env = () => ({XDG_CONFIG_HOME: path.join(work, 'config'), FIN_TOKEN: token});
	const args = () => ['--ci', '--bump', 'minor', '--no-isolation', '--python', python, '--jobs', '2', '--test-repository', `${sandbox.url}/testpypi/legacy/`, '--repository', `${sandbox.url}/pypi/legacy/`, '--token-env', 'FIN_TOKEN', root];

	async function record(): Promise<ReleaseRecord | undefined> {
		try {
			return (JSON.parse(await readFile(recordFile, 'utf8')) as {release: ReleaseRecord}).release;
		} catch {
			return undefined;
		}
	}

	/** Runs the release; kills it the first time `when` holds of the saved record. */
	async function runUntil(label: string | undefined, when?: (saved: ReleaseRecord) => boolean): Promise<void> {
		const child = execa(process.execPath, [cliPath, ...args()], {reject: false, env: {NO_COLOR: '1', ...env()}, timeout: 300_000});
		let killed = false;
		if (when !== undefined) {
			void (async () => {
				while (child.exitCode === null && !killed) {
					const saved = await record();
					if (saved !== undefined && when(saved)) {
						killed = child.kill('SIGKILL');
						return;
					}

					await new Promise(resolve => setTimeout(resolve, 50));
				}
			})();
		}

		const result = await child;
		runs.push({killedAt: killed ? label : undefined, result: {exitCode: result.exitCode ?? -1, stdout: String(result.stdout), stderr: String(result.stderr)}});
	}

	beforeAll(async () => {
		requirePythonModules(['build', 'twine', 'poetry.core', 'pip', 'venv'], 'python3-build twine python3-poetry-core python3-pip python3-venv');
		work = await temporaryFolder('wizard-e2e-');
		token = mintTokens([{caveats: [currentCaveats.user('0f3c2b1a-user')]}])[0]!;
		sandbox = await startSandboxProcess(path.join(work, 'sandbox'), token);

		root = path.join(work, 'fin');
		await writeTree(root, {
			...releasablePoetryMonorepo('1.2.0'),
			'pyproject.toml': `[tool.pypi-wizard]
versioning = "synchronized"

[[tool.pypi-wizard.downstream]]
path = "../server"
pins = ["requirements/common.in"]
bump = { file = "version.py", name = "PROVISION_VERSION", part = "minor" }
lock = "tools/lock"
`,
			'.gitignore': 'dist/\n__pycache__/\n',
		});
		remote = path.join(work, 'origin.git');
		git(work, 'init', '--quiet', '--bare', remote);
		for (const folder of [root]) {
			git(folder, 'init', '--quiet', '--initial-branch=main');
			git(folder, 'config', 'user.name', 'Release Tester');
			git(folder, 'config', 'user.email', 'tester@example.com');
			git(folder, 'add', '--all');
			git(folder, 'commit', '--quiet', '-m', 'Initial commit');
		}

		git(root, 'remote', 'add', 'origin', remote);
		git(root, 'push', '--quiet', '--set-upstream', 'origin', 'main');
		// Holds every push for 3 s, so a kill between tag and push has a moment to land in.
		await writeFile(path.join(root, '.git/hooks/pre-push'), '#!/bin/sh\nsleep 3\n');
		await chmod(path.join(root, '.git/hooks/pre-push'), 0o755);

		server = await writeTree(path.join(work, 'server'), downstreamFiles);
		await chmod(path.join(server, 'tools/lock'), 0o755);
		git(server, 'init', '--quiet', '--initial-branch=main');
		git(server, 'config', 'user.name', 'Server Dev');
		git(server, 'config', 'user.email', 'dev@example.com');
		git(server, 'add', '--all');
		git(server, 'commit', '--quiet', '-m', 'Server');

		const status = await runCli(['status', '--json', root], {env: env()});
		recordFile = (JSON.parse(status.stdout) as {file: string}).file;

		const testFiles = (saved: ReleaseRecord) => Object.values(saved.packages).flatMap(entry => Object.values(entry.uploads.test));
		await runUntil('mid-batch upload', saved => testFiles(saved).some(state => state !== 'pending') && testFiles(saved).includes('pending'));
		await runUntil('propagation wait', saved => saved.steps['upload-test']?.status === 'running' && testFiles(saved).includes('uploaded') && !testFiles(saved).includes('uploading'));
		await runUntil('install check', saved => saved.steps['install-check']?.status === 'running');
		await runUntil('after the production upload', saved => saved.steps['upload-production']?.status === 'done');
		await runUntil('between tag and push', saved => saved.tag?.created === true && !saved.tag.pushed);
		await runUntil('downstream update', saved => saved.steps['downstream']?.status === 'running');
		await runUntil(undefined);
	}, 900_000);

	afterAll(async () => {
		sandbox?.process.kill('SIGTERM');
		await sandbox?.process;
	});

	test('each of the six kills landed, and the last run finished the release', () => {
		expect(runs.map(run => run.killedAt)).toEqual(['mid-batch upload', 'propagation wait', 'install check', 'after the production upload', 'between tag and push', 'downstream update', undefined]);
		const last = runs.at(-1)!.result;
		expect(last.exitCode, `${last.stdout}\n${last.stderr}`).toBe(0);
	});

	test('the sandbox got every file exactly once per index, and each batch only after the one before was visible', async () => {
		const log = ((await (await fetch(`${sandbox.url}/_sandbox/uploads`)).json()) as {uploads: UploadLogEntry[]}).uploads;
		const saved = (await record())!;
		for (const index of ['testpypi', 'pypi']) {
			const accepted = log.filter(entry => entry.index === index && entry.status === 200);
			const files = Object.values(saved.packages).flatMap(entry => entry.files.map(file => file.name)).sort();
			expect(accepted.map(entry => entry.filename).sort()).toEqual(files);
			const uploadedAt = (name: string) => Math.max(...accepted.filter(entry => saved.packages[name]!.files.some(file => file.name === entry.filename)).map(entry => Date.parse(entry.time)));
			const firstAt = (name: string) => Math.min(...accepted.filter(entry => saved.packages[name]!.files.some(file => file.name === entry.filename)).map(entry => Date.parse(entry.time)));
			for (let batch = 1; batch < saved.batches.length; batch++) {
				const visible = Math.max(...saved.batches[batch - 1]!.map(name => uploadedAt(name))) + 2000;
				const next = Math.min(...saved.batches[batch]!.map(name => firstAt(name)));
				expect(next, `${index}: batch ${batch + 1} started before batch ${batch} was visible`).toBeGreaterThanOrEqual(visible);
			}
		}
	});

	test('every package passed its install check from the test index', async () => {
		const saved = (await record())!;
		expect(Object.values(saved.packages).map(entry => [entry.name, entry.installCheck?.status])).toEqual(Object.values(saved.packages).map(entry => [entry.name, 'passed']));
	});

	test('one tag, v1.3.0, on the release commit, pushed with the branch to the bare remote', () => {
		expect(git(root, 'tag', '--list').trim()).toBe('v1.3.0');
		const remoteTags = git(root, 'ls-remote', '--tags', 'origin').trim().split('\n');
		expect(remoteTags.filter(line => line.endsWith('refs/tags/v1.3.0'))).toHaveLength(1);
		expect(git(root, 'rev-parse', 'v1.3.0^{commit}').trim()).toBe(git(root, 'rev-parse', 'HEAD').trim());
		expect(git(root, 'ls-remote', 'origin', 'refs/heads/main').split('\t')[0]).toBe(git(root, 'rev-parse', 'HEAD').trim());
	});

	test('one downstream branch, with the pins rewritten, the constant bumped and the lock run; the checkout untouched', () => {
		const branches = git(server, 'branch', '--list', '--format=%(refname:short)').trim().split('\n').filter(name => name !== 'main');
		expect(branches).toHaveLength(1);
		const [branch] = branches;
		expect(branch).toMatch(/1\.3\.0/);
		expect(git(server, 'rev-list', '--count', `main..${branch!}`).trim()).toBe('1');
		expect(git(server, 'show', `${branch!}:requirements/common.in`)).toBe('# The fin packages this server runs\nfin==1.3.0\nfin-core>=1.3.0\n');
		expect(git(server, 'show', `${branch!}:version.py`)).toBe('PROVISION_VERSION = (7, 4)\n');
		expect(git(server, 'show', `${branch!}:requirements/common.txt`)).toContain('fin==1.3.0');
		expect(git(server, 'rev-parse', '--abbrev-ref', 'HEAD').trim()).toBe('main');
		expect(git(server, 'status', '--porcelain')).toBe('');
	});
});

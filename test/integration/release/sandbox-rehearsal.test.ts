import {execa} from 'execa';
import {existsSync} from 'node:fs';
import {readdir, readFile, rm, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {beforeAll, describe, expect, test} from 'vitest';
import type {ReleaseRecord} from '../../../source/core/release/types.js';
import {cliPath, runCli} from '../../helpers/cli.js';
import {temporaryFolder, type FileTree} from '../../helpers/temp.js';
import {python, requireCommand, requirePythonModules} from '../../helpers/tools.js';
import {gitRepository, type TestRepository} from './git-repository.js';

let home: string;

beforeAll(async () => {
	requirePythonModules(['build', 'twine', 'setuptools'], 'python3-build twine python3-setuptools');
	requireCommand('strace', 'strace');
	home = await temporaryFolder('wizard-home-');
});

function smallPackage(): FileTree {
	return {
		'pyproject.toml': '[build-system]\nrequires = ["setuptools"]\nbuild-backend = "setuptools.build_meta"\n\n[project]\nname = "rehearsed"\nversion = "0.1.0"\ndescription = "A package rehearsed on the sandbox."\nreadme = "README.md"\n',
		'README.md': '# rehearsed\n\nA package rehearsed on the sandbox.\n',
		'rehearsed/__init__.py': '',
	};
}

function environment(repository: TestRepository): Record<string, string | undefined> {
	return {XDG_CONFIG_HOME: repository.configHome, HOME: home, DBUS_SESSION_BUS_ADDRESS: undefined, TWINE_PASSWORD: undefined};
}

function releasesFolder(repository: TestRepository): string {
	return path.join(repository.configHome, 'pypi-wizard', 'releases');
}

async function savedRecord(repository: TestRepository): Promise<ReleaseRecord> {
	const folder = releasesFolder(repository);
	const file = (await readdir(folder)).find(name => name.endsWith('.json'))!;
	return (JSON.parse(await readFile(path.join(folder, file), 'utf8')) as {release: ReleaseRecord}).release;
}

/** Every file the run left in the config folder (record, logs), as text. */
async function everythingWritten(repository: TestRepository): Promise<string> {
	const folder = releasesFolder(repository);
	const entries = await readdir(folder, {recursive: true, withFileTypes: true});
	const files = entries.filter(entry => entry.isFile() && !entry.parentPath.includes(`${path.sep}sandbox`) && !entry.parentPath.includes(`${path.sep}build`));
	return (await Promise.all(files.map(async entry => readFile(path.join(entry.parentPath, entry.name), 'utf8')))).join('\n');
}

describe('wizard --sandbox', () => {
	test('a rehearsal: the sandbox starts on a free port, is both targets, answers the preflight, and stops with the run; its token is never shown, saved or passed in argv', async () => {
		const repository = await gitRepository(smallPackage());
		const trace = path.join(await temporaryFolder('wizard-strace-'), 'execs');
		const result = await execa('strace', ['-f', '-qq', '-e', 'trace=execve', '-s', '100000', '-o', trace, process.execPath, cliPath, '--ci', '--sandbox', '--bump', 'minor', '--no-isolation', '--python', python, repository.root], {
			env: {NO_COLOR: '1', ...environment(repository)},
			reject: false,
			stdin: 'ignore',
			timeout: 240_000,
		});
		const stdout = String(result.stdout);
		const stderr = String(result.stderr);
		expect(stderr).toBe('');
		expect(result.exitCode).toBe(0);
		const announced = [...stdout.matchAll(/^Sandbox index: (http:\/\/127\.0\.0\.1:\d+)\/testpypi\/ \(test\) and \1\/pypi\/ \(production\), files in (.+); it stops when the release ends\.$/gm)];
		expect(announced).toHaveLength(1);
		const [, url, dataDir] = announced[0]! as unknown as [string, string, string];
		expect(stdout).toContain(`Uploads go to sandbox testpypi (${url.replace('http://', '')}), then sandbox pypi (${url.replace('http://', '')}).`);

		const record = await savedRecord(repository);
		expect(record.targets).toEqual({
			test: {name: 'sandbox testpypi', uploadUrl: `${url}/testpypi/legacy/`, simpleBase: `${url}/testpypi/simple/`, jsonBase: `${url}/testpypi/pypi/`, display: `sandbox testpypi (${url.replace('http://', '')})`},
			production: {name: 'sandbox pypi', uploadUrl: `${url}/pypi/legacy/`, simpleBase: `${url}/pypi/simple/`, jsonBase: `${url}/pypi/pypi/`, display: `sandbox pypi (${url.replace('http://', '')})`},
		});
		expect(record.steps['preflight']).toMatchObject({status: 'done'});
		const preflightLog = await readFile(path.join(record.folder, 'logs', 'preflight.log'), 'utf8');
		expect(preflightLog).toContain(`sandbox testpypi (${url.replace('http://', '')}) answers at ${url}/testpypi/simple/; the upload token is usable there; first upload of rehearsed.`);
		expect(preflightLog).toContain(`sandbox pypi (${url.replace('http://', '')}) answers at ${url}/pypi/simple/`);

		// Its files live with the repository's releases, where a resume finds them.
		expect(dataDir).toBe(path.join(path.dirname(record.folder), 'sandbox'));
		expect(existsSync(path.join(dataDir, 'testpypi'))).toBe(true);
		// Stopped when the run ended.
		await expect(fetch(`${url}/testpypi/simple/`)).rejects.toThrow();

		// The token is made for the run (pypi-sandbox-...): it appears nowhere.
		const execs = await readFile(trace, 'utf8');
		expect(execs).toContain('execve(');
		for (const text of [stdout, stderr, await everythingWritten(repository), execs]) {
			expect(text).not.toMatch(/pypi-sandbox-[\w-]{8}/);
		}
	});

	test('a resume after a stop starts the sandbox again on the saved port, so the saved URLs stay valid', async () => {
		const repository = await gitRepository(smallPackage());
		await writeFile(path.join(repository.root, 'draft.txt'), 'not committed\n');
		const first = await runCli(['--ci', '--sandbox', '--bump', 'patch', '--no-isolation', '--python', python, repository.root], {env: environment(repository)});
		expect(first.exitCode).toBe(3);
		expect(first.stderr).toContain('The working tree has uncommitted changes');
		expect(first.stderr).toContain(`Resume with: wizard --ci --sandbox --no-isolation --python ${python} ${repository.root}`);
		const saved = (await savedRecord(repository)).targets;
		expect(saved.test?.name).toBe('sandbox testpypi');

		await rm(path.join(repository.root, 'draft.txt'));
		// The resume command without --sandbox: a sandbox release resumes on a sandbox.
		const second = await runCli(['--ci', '--no-isolation', '--python', python, repository.root], {env: environment(repository)});
		expect(second.stderr).toBe('');
		expect(second.exitCode).toBe(0);
		expect(second.stdout).toContain('Resuming the release of 0.1.1');
		expect(second.stdout).toContain(`Sandbox index: ${saved.test!.uploadUrl.replace('/testpypi/legacy/', '')}/testpypi/`);
		expect((await savedRecord(repository)).targets).toEqual(saved);
	});
});

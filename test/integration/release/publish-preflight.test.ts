import {readdirSync} from 'node:fs';
import {readFile} from 'node:fs/promises';
import {createServer, type AddressInfo} from 'node:net';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {startSandbox, type Sandbox} from '../../../source/sandbox/server.js';
import {runCli} from '../../helpers/cli.js';
import {currentCaveats, mintTokens} from '../../helpers/mint-token.js';
import {temporaryFolder, type FileTree} from '../../helpers/temp.js';
import {python, requirePythonModules} from '../../helpers/tools.js';
import {git, gitRepository, type TestRepository} from './git-repository.js';

let sandbox: Sandbox;
let home: string;

beforeAll(async () => {
	requirePythonModules(['build', 'twine'], 'python3-build twine');
	sandbox = await startSandbox({port: 0});
	// No ~/.pypirc, and no keychain (no D-Bus session): the chain has nowhere to find a token.
	home = await temporaryFolder('wizard-home-');
});

afterAll(async () => {
	await sandbox?.close();
});

function freshPackage(name: string): FileTree {
	return {
		'pyproject.toml': `[build-system]\nrequires = ["setuptools"]\nbuild-backend = "setuptools.build_meta"\n\n[project]\nname = "${name}"\nversion = "1.0.0"\n`,
		[`${name.replaceAll('-', '_')}/__init__.py`]: '',
	};
}

async function wizard(repository: TestRepository, args: readonly string[], env: Record<string, string | undefined> = {}) {
	return runCli(['--ci', '--no-isolation', '--python', python, ...args, repository.root], {
		env: {XDG_CONFIG_HOME: repository.configHome, HOME: home, DBUS_SESSION_BUS_ADDRESS: undefined, TWINE_PASSWORD: undefined, ...env},
	});
}

/** A port nothing listens on: a connection to it is refused at once. */
async function closedPort(): Promise<number> {
	const server = createServer();
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	const {port} = server.address() as AddressInfo;
	await new Promise(resolve => server.close(resolve));
	return port;
}

/** The release changed nothing in the repository: no commit, no edited file. */
function expectUntouched(repository: TestRepository, head: string): void {
	expect(git(repository.root, 'rev-parse', 'HEAD')).toBe(head);
	expect(git(repository.root, 'status', '--porcelain')).toBe('');
}

describe('preflight of the indexes a release uploads to', () => {
	test('no flags and no token: exit 3 naming wizard token set and --token-env, before the version commit', async () => {
		const repository = await gitRepository(freshPackage('tokenless'), {remote: false});
		const head = git(repository.root, 'rev-parse', 'HEAD');
		const result = await wizard(repository, ['--bump', 'minor']);
		expect(result.exitCode).toBe(3);
		expect(result.stdout).toContain('Uploads go to TestPyPI (https://test.pypi.org/legacy/), then PyPI (https://upload.pypi.org/legacy/).');
		expect(result.stderr).toContain('✖ No upload token for testpypi (https://test.pypi.org/legacy/).');
		expect(result.stderr).toContain('Store one: wizard token set testpypi');
		expect(result.stderr).toContain('or, for this run only, export TWINE_PASSWORD (or pass --token-env NAME).');
		expect(result.stdout).not.toContain('Version sync');
		expectUntouched(repository, head);
	});

	test('a dry run says where it would upload and never asks for a token', async () => {
		const repository = await gitRepository(freshPackage('dry-target'), {remote: false});
		const result = await wizard(repository, ['--bump', 'minor', '--dry-run', '--repository', sandbox.url + '/pypi/legacy/']);
		expect(result.stderr).toBe('');
		expect(result.exitCode).toBe(0);
		expect(result.stdout).toContain(`Would upload to TestPyPI (https://test.pypi.org/legacy/), then sandbox pypi (${sandbox.url.replace('http://', '')}) (${sandbox.url}/pypi/legacy/).`);
		expect(result.stdout).not.toContain('token');
	});

	test('an index that does not answer: exit 3 naming its URL, before the version commit', async () => {
		const repository = await gitRepository(freshPackage('unreachable'), {remote: false});
		const head = git(repository.root, 'rev-parse', 'HEAD');
		const port = await closedPort();
		const result = await wizard(repository, ['--bump', 'minor', '--test-repository', `http://127.0.0.1:${port}/private/legacy/`, '--repository', `${sandbox.url}/pypi/legacy/`], {
			TWINE_PASSWORD: 'a-private-index-password',
		});
		expect(result.exitCode).toBe(3);
		expect(result.stderr).toContain(`✖ Cannot reach 127.0.0.1:${port}/private: http://127.0.0.1:${port}/private/simple/ did not answer: ECONNREFUSED.`);
		expect(result.stderr).toContain(`Check the network and the upload URL http://127.0.0.1:${port}/private/legacy/ (--test-repository NAME|URL chooses another index), then resume with the command below; to rehearse offline, use --sandbox.`);
		expect(`${result.stdout}${result.stderr}`).not.toContain('a-private-index-password');
		expectUntouched(repository, head);
	});

	test('a name never published, with a project-scoped token: exit 3 with the fix; an account-wide token passes', async () => {
		const [scoped, accountWide] = mintTokens([{caveats: [currentCaveats.projectNames(['some-other-project'])]}, {caveats: [currentCaveats.user('u-1')]}]) as [string, string];
		const repository = await gitRepository(freshPackage('Brand_New.Name'), {remote: false});
		const head = git(repository.root, 'rev-parse', 'HEAD');
		const targets = ['--test-repository', `${sandbox.url}/testpypi/legacy/`, '--repository', `${sandbox.url}/pypi/legacy/`];
		const refused = await wizard(repository, ['--bump', 'minor', ...targets, '--token-env', 'RELEASE_TOKEN'], {RELEASE_TOKEN: scoped});
		expect(refused.exitCode).toBe(3);
		expect(refused.stderr).toContain(
			`✖ brand-new-name has never been published on sandbox testpypi (${sandbox.url.replace('http://', '')}), and the upload token for ${sandbox.url}/testpypi/legacy/ is scoped to projects (to some-other-project): a project-scoped token cannot create a project.`,
		);
		expect(refused.stderr).toContain('For this first upload, make an account-wide token (scope "Entire account")');
		expect(refused.stderr).toContain(`printf %s "$TOKEN" | wizard token set ${sandbox.url}/testpypi/legacy/`);
		expect(refused.stderr).toContain('Once the project exists, replace it with a token scoped to brand-new-name.');
		expect(`${refused.stdout}${refused.stderr}`).not.toContain(scoped.slice(5, 40));
		expectUntouched(repository, head);

		const releases = path.join(repository.configHome, 'pypi-wizard', 'releases');
		const record = await readFile(path.join(releases, readdirSync(releases).find(name => name.endsWith('.json'))!), 'utf8');
		expect(record).not.toContain(scoped.slice(5, 40));

		const passed = await wizard(repository, [...targets, '--token-env', 'RELEASE_TOKEN', '--stop-after', 'test'], {RELEASE_TOKEN: accountWide});
		expect(passed.stdout).toContain('Resuming the release of 1.1.0');
		expect(passed.stdout).toMatch(/ok: Preflight: interpreter, git tree, upstream \([\d.]+s\): Python [\d.]+, clean tree, sandbox testpypi \S+ ready/);
	});

	test('--stop-after takes only test', async () => {
		const repository = await gitRepository(freshPackage('stopper'), {remote: false});
		const result = await wizard(repository, ['--bump', 'minor', '--stop-after', 'production']);
		expect(result.exitCode).toBe(2);
		expect(result.stderr).toContain('--stop-after production: the release can only stop after the test index.');
		expect(result.stderr).toContain('Use --stop-after test');
	});

	test('--sandbox with --repository is a usage error', async () => {
		const repository = await gitRepository(freshPackage('both-ways'), {remote: false});
		const result = await wizard(repository, ['--bump', 'minor', '--sandbox', '--repository', 'pypi']);
		expect(result.exitCode).toBe(2);
		expect(result.stderr).toContain('--sandbox makes the embedded sandbox both targets, so it cannot be combined with --repository.');
	});
});

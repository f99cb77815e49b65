import {execa} from 'execa';
import {createServer, type Server} from 'node:net';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {runCli} from '../../helpers/cli.js';
import {startKeychainSession, type KeychainSession} from '../../helpers/keychain-session.js';
import {currentCaveats, legacyCaveats, mintTokens} from '../../helpers/mint-token.js';
import {temporaryFolder, writeTree} from '../../helpers/temp.js';
import {python, requirePythonModules} from '../../helpers/tools.js';

const testPypiUrl = 'https://test.pypi.org/legacy/';
const pypiUrl = 'https://upload.pypi.org/legacy/';
const privateUrl = 'https://packages.example.com/legacy/';

let session: KeychainSession;
let tokens: {
	testProjects: string;
	pypiLegacyAccount: string;
	pypiLegacyProjects: string;
	pypiCurrentAccount: string;
	testExpired: string;
};

beforeAll(async () => {
	requirePythonModules(['keyring'], 'python3-keyring');
	session = await startKeychainSession();
	const [testProjects, pypiLegacyAccount, pypiLegacyProjects, pypiCurrentAccount, testExpired] = mintTokens([
		{location: 'test.pypi.org', caveats: [currentCaveats.projectNames(['my-pkg', 'my-pkg-core']), currentCaveats.projectIds(['5b0f3c6e-1111-4a2b-9c3d-000000000001'])]},
		{location: 'pypi.org', caveats: [legacyCaveats.user()]},
		{location: 'pypi.org', caveats: [legacyCaveats.projects(['legacy-pkg'])]},
		{location: 'pypi.org', caveats: [currentCaveats.user('0c6f0e7a-2222-4b1c-8d2e-000000000002')]},
		{location: 'test.pypi.org', caveats: [currentCaveats.user('0c6f0e7a-2222-4b1c-8d2e-000000000002'), currentCaveats.expiration(1_600_000_000, 1_500_000_000)]},
	]) as [string, string, string, string, string];
	tokens = {testProjects, pypiLegacyAccount, pypiLegacyProjects, pypiCurrentAccount, testExpired};
});

afterAll(async () => {
	await session?.close();
});

async function wizard(args: readonly string[], input = '', extraEnv: Record<string, string | undefined> = {}) {
	return runCli(args, {env: {...session.env, TWINE_PASSWORD: undefined, ...extraEnv}, input});
}

async function keyringGet(url: string): Promise<string | undefined> {
	const result = await execa(python, ['-m', 'keyring', 'get', url, '__token__'], {env: session.env, reject: false});
	return result.exitCode === 0 ? result.stdout : undefined;
}

/** Python's keyring adds its own entry beside one this wizard wrote, so start from none. */
async function keyringSet(url: string, token: string): Promise<void> {
	await keyringClear(url);
	await execa(python, ['-m', 'keyring', 'set', url, '__token__'], {env: session.env, input: `${token}\n`});
}

async function keyringClear(url: string): Promise<void> {
	for (let attempt = 0; attempt < 5; attempt++) {
		const result = await execa(python, ['-m', 'keyring', 'del', url, '__token__'], {env: session.env, reject: false});
		if (result.exitCode !== 0) {
			return;
		}
	}
}

function allOutput(result: {stdout: unknown; stderr: unknown}): string {
	return `${String(result.stdout)}\n${String(result.stderr)}`;
}

describe('wizard token set', () => {
	test('from stdin stores the token where Python keyring (twine) finds it, and never prints it', async () => {
		const result = await wizard(['token', 'set', 'testpypi'], tokens.testProjects);
		expect(result.exitCode, allOutput(result)).toBe(0);
		expect(result.stdout).toContain(`Stored the token for testpypi (${testPypiUrl}) in the OS keychain`);
		expect(result.stdout).toContain('Scoped to projects: my-pkg, my-pkg-core.');
		expect(allOutput(result)).not.toContain(tokens.testProjects.slice(5, 40));
		expect(await keyringGet(testPypiUrl)).toBe(tokens.testProjects);
	});

	test('a malformed token is refused, not echoed, and not stored', async () => {
		const notAToken = 'pypi-ThisIsNotAMacaroonButLongEnoughToLookLikeOne';
		const result = await wizard(['token', 'set', privateUrl], notAToken);
		expect(result.exitCode).toBe(2);
		expect(result.stderr).toContain('Refused, nothing was stored: The text after "pypi-" is not a PyPI macaroon');
		expect(allOutput(result)).not.toContain('ThisIsNotAMacaroon');
		expect(await keyringGet(privateUrl)).toBeUndefined();
	});

	test('a password is refused with what is wrong', async () => {
		const result = await wizard(['token', 'set', privateUrl], 'correct horse battery staple');
		expect(result.exitCode).toBe(2);
		expect(result.stderr).toMatch(/Refused, nothing was stored: The token contains spaces/);
		expect(await keyringGet(privateUrl)).toBeUndefined();
	});

	test('two pasted tokens are refused, neither is echoed, and nothing is stored', async () => {
		for (const input of [`${tokens.pypiCurrentAccount}\n${tokens.pypiLegacyAccount}\n`, `${tokens.pypiCurrentAccount}${tokens.pypiCurrentAccount}`]) {
			await keyringClear(pypiUrl);
			const result = await wizard(['token', 'set', 'pypi'], input);
			expect(result.exitCode).toBe(2);
			expect(result.stderr).toContain('Refused, nothing was stored: The input holds 2 PyPI tokens (pasted twice, or two copied at once?); give exactly one');
			expect(allOutput(result)).not.toContain(tokens.pypiCurrentAccount.slice(5, 40));
			expect(await keyringGet(pypiUrl)).toBeUndefined();
		}
	});

	test('a TestPyPI token is refused for pypi, which would reject it', async () => {
		const result = await wizard(['token', 'set', 'pypi'], tokens.testProjects);
		expect(result.exitCode).toBe(2);
		expect(result.stderr).toContain('this token was issued by test.pypi.org, but pypi uploads to pypi.org');
		expect(await keyringGet(pypiUrl)).toBeUndefined();
	});

	test('an expired token is refused', async () => {
		const result = await wizard(['token', 'set', 'testpypi'], tokens.testExpired);
		expect(result.exitCode).toBe(2);
		expect(result.stderr).toContain('this token expired on 2020-09-13T12:26:40Z');
		expect(await keyringGet(testPypiUrl)).toBe(tokens.testProjects);
	});
});

describe('wizard token status', () => {
	test('sees an entry written by python -m keyring, and tells account-wide from project-scoped in both caveat formats', async () => {
		await keyringSet(testPypiUrl, tokens.testProjects);
		await keyringSet(pypiUrl, tokens.pypiLegacyAccount);
		const result = await wizard(['token', 'status']);
		expect(result.exitCode, allOutput(result)).toBe(0);
		expect(result.stdout).toContain(
			[
				`pypi (${pypiUrl}): token stored.`,
				'  Account-wide: it can upload to every project of the account.',
				'  ⚠ An account-wide token is a risk if it leaks; make a project-scoped one at https://pypi.org/manage/account/token/.',
				'  No expiry.',
				`testpypi (${testPypiUrl}): token stored.`,
				'  Scoped to projects: my-pkg, my-pkg-core.',
			].join('\n'),
		);

		await keyringSet(pypiUrl, tokens.pypiLegacyProjects);
		const legacyScoped = await wizard(['token', 'status', 'pypi']);
		expect(legacyScoped.stdout).toContain('Scoped to projects: legacy-pkg.');

		await keyringSet(pypiUrl, tokens.pypiCurrentAccount);
		const currentAccount = await wizard(['token', 'status', 'pypi']);
		expect(currentAccount.stdout).toContain('Account-wide: it can upload to every project of the account.');

		for (const output of [result, legacyScoped, currentAccount].map(allOutput)) {
			for (const token of Object.values(tokens)) {
				expect(output).not.toContain(token.slice(5, 30));
			}
		}
	});

	test('--json lists every repository, including ~/.pypirc sections, without the token', async () => {
		await keyringSet(testPypiUrl, tokens.testProjects);
		await keyringSet(pypiUrl, tokens.pypiLegacyAccount);
		const home = await temporaryFolder('wizard-home-');
		await writeTree(home, {'.pypirc': `[private]\nrepository = ${privateUrl}\nusername = __token__\n`});
		const result = await wizard(['token', 'status', '--json'], '', {HOME: home});
		expect(result.exitCode, allOutput(result)).toBe(0);
		const report = JSON.parse(result.stdout) as {keychain: unknown; repositories: Array<{name: string; token: Record<string, unknown> | null}>};
		expect(report.keychain).toEqual({available: true});
		expect(report.repositories.map(repository => repository.name)).toEqual(['pypi', 'testpypi', 'private']);
		expect(report.repositories[0]!.token).toMatchObject({valid: true, location: 'pypi.org', scope: 'account', caveatFormats: ['legacy'], expiresAt: null});
		expect(report.repositories[1]!.token).toMatchObject({valid: true, scope: 'projects', projects: ['my-pkg', 'my-pkg-core'], caveatFormats: ['current']});
		expect(report.repositories[2]!.token).toBeNull();
		expect(result.stdout).not.toContain(tokens.testProjects.slice(5, 30));
		expect(result.stdout).not.toContain(tokens.pypiLegacyAccount.slice(5, 30));
	});
});

test('beside an entry python -m keyring added later, status reads the same one twine reads, and set says how to clean up', async () => {
	await keyringClear(testPypiUrl);
	expect((await wizard(['token', 'set', 'testpypi'], tokens.testProjects)).exitCode).toBe(0);
	const [otherToken] = mintTokens([{location: 'test.pypi.org', caveats: [currentCaveats.projectNames(['newer-pkg'])]}]) as [string];
	await execa(python, ['-m', 'keyring', 'set', testPypiUrl, '__token__'], {env: session.env, input: `${otherToken}\n`});
	const twineReads = await keyringGet(testPypiUrl);
	expect([tokens.testProjects, otherToken]).toContain(twineReads);
	const status = await wizard(['token', 'status', 'testpypi']);
	expect(status.stdout).toContain(twineReads === otherToken ? 'Scoped to projects: newer-pkg.' : 'Scoped to projects: my-pkg, my-pkg-core.');
	const set = await wizard(['token', 'set', 'testpypi'], tokens.testProjects);
	expect(set.exitCode).toBe(3);
	expect(set.stderr).toContain(`The OS keychain holds more than one entry for ${testPypiUrl} and account __token__`);
	expect(set.stderr).toContain(`python3 -m keyring del ${testPypiUrl} __token__`);
	await keyringClear(testPypiUrl);
});

test('wizard token delete removes the entry for twine too', async () => {
	await keyringSet(testPypiUrl, tokens.testProjects);
	const result = await wizard(['token', 'delete', 'testpypi']);
	expect(result.exitCode).toBe(0);
	expect(result.stdout).toContain(`Deleted the token for testpypi (${testPypiUrl}) from the OS keychain.`);
	expect(await keyringGet(testPypiUrl)).toBeUndefined();
	const again = await wizard(['token', 'delete', 'testpypi']);
	expect(again.stdout).toContain('nothing to delete');
});

describe('without a reachable keychain', () => {
	test('no D-Bus session: status says so and exits 3 within 2 seconds', async () => {
		const started = Date.now();
		const result = await runCli(['token', 'status'], {env: {DBUS_SESSION_BUS_ADDRESS: undefined, HOME: session.env.HOME}});
		const elapsed = Date.now() - started;
		expect(result.exitCode).toBe(3);
		expect(result.stderr).toContain('✖ No OS keychain is reachable: there is no D-Bus session bus to reach a Secret Service through: DBUS_SESSION_BUS_ADDRESS is not set.');
		expect(result.stderr).toContain('TWINE_PASSWORD');
		expect(elapsed).toBeLessThan(2000);
	});

	test('a bus that accepts the connection and never answers: status gives up and exits 3 within 2 seconds', async () => {
		const folder = await temporaryFolder('wizard-silent-bus-');
		const socket = path.join(folder, 'bus');
		const server: Server = createServer(() => undefined);
		await new Promise<void>(resolve => server.listen(socket, resolve));
		try {
			const started = Date.now();
			const result = await runCli(['token', 'status', '--json'], {env: {DBUS_SESSION_BUS_ADDRESS: `unix:path=${socket}`, HOME: session.env.HOME}});
			const elapsed = Date.now() - started;
			expect(result.exitCode).toBe(3);
			expect(JSON.parse(result.stdout)).toMatchObject({keychain: {available: false, reason: expect.stringContaining('did not answer within 1 s')}});
			expect(elapsed).toBeLessThan(2000);
		} finally {
			server.close();
		}
	});

	test('set refuses before reading any token, with exit 3 and no file written', async () => {
		const home = await temporaryFolder('wizard-home-');
		const result = await runCli(['token', 'set', 'testpypi'], {env: {DBUS_SESSION_BUS_ADDRESS: undefined, HOME: home}, input: tokens.testProjects});
		expect(result.exitCode).toBe(3);
		expect(result.stderr).toContain('No OS keychain is reachable');
		const {readdir} = await import('node:fs/promises');
		expect(await readdir(home)).toEqual([]);
	});
});

import {beforeAll, describe, expect, test} from 'vitest';
import {defaultConfig} from '../../../source/core/config/load.js';
import {PreconditionError} from '../../../source/core/errors.js';
import {resolveTargets, type TargetResolutionOptions} from '../../../source/core/release/targets-resolve.js';
import {currentCaveats, mintTokens} from '../../helpers/mint-token.js';
import {temporaryFolder, writeTree} from '../../helpers/temp.js';

let home: string;
let pypircToken: string;
const privateUrl = 'http://127.0.0.1:9/private/legacy/';

beforeAll(async () => {
	[pypircToken] = mintTokens([{location: 'test.pypi.org', caveats: [currentCaveats.projectNames(['widget'])]}]) as [string];
	home = await temporaryFolder('wizard-home-');
	await writeTree(home, {'.pypirc': `[distutils]\nindex-servers = private\n\n[private]\nrepository = ${privateUrl}\nusername = __token__\npassword = hunter2-private-index\n\n[testpypi]\nusername = __token__\npassword = ${pypircToken}\n`});
});

/** An environment that reaches no keychain, so the chain ends at ~/.pypirc or a clear error. */
function environment(extra: Record<string, string> = {}): Record<string, string | undefined> {
	return {HOME: home, PATH: process.env['PATH'], DBUS_SESSION_BUS_ADDRESS: undefined, TWINE_PASSWORD: undefined, ...extra};
}

function options(overrides: Partial<TargetResolutionOptions> = {}): TargetResolutionOptions & {added: string[]} {
	const added: string[] = [];
	return {flags: {}, config: defaultConfig, saved: undefined, env: environment(), addSecret: secret => added.push(secret), added, ...overrides};
}

describe('where a run uploads', () => {
	test('without flags, configuration or a saved release: testpypi, then pypi', async () => {
		const targets = await resolveTargets(options());
		expect(targets.test).toMatchObject({role: 'test', name: 'testpypi', uploadUrl: 'https://test.pypi.org/legacy/', simpleBase: 'https://test.pypi.org/simple/', jsonBase: 'https://test.pypi.org/pypi/', display: 'TestPyPI'});
		expect(targets.production).toMatchObject({role: 'production', name: 'pypi', uploadUrl: 'https://upload.pypi.org/legacy/', simpleBase: 'https://pypi.org/simple/', display: 'PyPI'});
	});

	test('--test-repository names a ~/.pypirc section, --repository a URL', async () => {
		const targets = await resolveTargets(options({flags: {test: 'private', production: 'http://127.0.0.1:9/pypi/legacy/'}}));
		expect(targets.test).toMatchObject({name: 'private', uploadUrl: privateUrl, simpleBase: 'http://127.0.0.1:9/private/simple/', jsonBase: 'http://127.0.0.1:9/private/pypi/', display: 'private'});
		expect(targets.production).toMatchObject({name: 'http://127.0.0.1:9/pypi/legacy/', simpleBase: 'http://127.0.0.1:9/pypi/simple/'});
	});

	test('an unknown repository name is a usage error naming the known ones', async () => {
		await expect(resolveTargets(options({flags: {test: 'privat'}}))).rejects.toThrow(/Unknown repository "privat"/);
	});

	test('the configuration\'s test-repository and repository apply when no flag is given', async () => {
		const config = {...defaultConfig, repositories: {test: 'private', production: undefined}};
		const targets = await resolveTargets(options({config, flags: {production: 'testpypi'}}));
		expect(targets.test.uploadUrl).toBe(privateUrl);
		expect(targets.production.name).toBe('testpypi');
	});

	test('a resume keeps the saved targets, the same URLs, unless a flag says otherwise', async () => {
		const saved = {
			test: {name: 'private', uploadUrl: privateUrl, simpleBase: 'http://127.0.0.1:9/private/simple/', jsonBase: 'http://127.0.0.1:9/private/pypi/', display: 'private'},
			production: {name: 'http://127.0.0.1:7/pypi/legacy/', uploadUrl: 'http://127.0.0.1:7/pypi/legacy/', simpleBase: 'http://127.0.0.1:7/pypi/simple/', jsonBase: 'http://127.0.0.1:7/pypi/pypi/', display: '127.0.0.1:7/pypi'},
		};
		const config = {...defaultConfig, repositories: {test: 'testpypi', production: 'pypi'}};
		const resumed = await resolveTargets(options({saved, config}));
		expect(resumed.test).toMatchObject(saved.test);
		expect(resumed.production).toMatchObject(saved.production);
		// The saved section's password still comes from ~/.pypirc.
		const added: string[] = [];
		expect(await (await resolveTargets(options({saved, addSecret: secret => added.push(secret)}))).test.token()).toBe('hunter2-private-index');
		expect(added).toEqual(['hunter2-private-index']);

		const overridden = await resolveTargets(options({saved, flags: {production: 'pypi'}}));
		expect(overridden.test.uploadUrl).toBe(privateUrl);
		expect(overridden.production.uploadUrl).toBe('https://upload.pypi.org/legacy/');
	});
});

describe('the token of a target', () => {
	test('comes through the credentials chain once, and joins the run\'s secrets', async () => {
		const run = options();
		const targets = await resolveTargets(run);
		expect(run.added).toEqual([]);
		expect(await targets.test.token()).toBe(pypircToken);
		expect(await targets.test.token()).toBe(pypircToken);
		expect(run.added).toEqual([pypircToken]);
		expect(JSON.stringify(targets.test)).not.toContain(pypircToken.slice(5, 40));
	});

	test('--token-env names the variable it is read from', async () => {
		const [token] = mintTokens([{location: 'pypi.org', caveats: [currentCaveats.user('u1')]}]) as [string];
		const run = options({env: environment({RELEASE_TOKEN: token}), tokenEnv: 'RELEASE_TOKEN'});
		expect(await (await resolveTargets(run)).production.token()).toBe(token);
		expect(run.added).toEqual([token]);
	});

	test('missing without a prompt: exit 3 naming wizard token set and --token-env', async () => {
		const targets = await resolveTargets(options());
		const failure = await targets.production.token().catch((error: unknown) => error);
		expect(failure).toBeInstanceOf(PreconditionError);
		expect((failure as PreconditionError).exitCode).toBe(3);
		expect((failure as PreconditionError).message).toBe('No upload token for pypi (https://upload.pypi.org/legacy/).');
		expect((failure as PreconditionError).hint).toContain('wizard token set pypi');
		expect((failure as PreconditionError).hint).toContain('--token-env NAME');
	});

	test('an expired token is refused before any upload: exit 3 with where to make a new one', async () => {
		const [expired] = mintTokens([{location: 'test.pypi.org', caveats: [currentCaveats.expiration(1_700_000_000, 1_690_000_000)]}]) as [string];
		const targets = await resolveTargets(options({env: environment({TWINE_PASSWORD: expired})}));
		const failure = (await targets.test.token().catch((error: unknown) => error)) as PreconditionError;
		expect(failure.exitCode).toBe(3);
		expect(failure.message).toBe('The upload token from TWINE_PASSWORD expired on 2023-11-14T22:13:20Z.');
		expect(failure.hint).toContain('https://test.pypi.org/manage/account/token/');
	});

	test('a token of the other PyPI is refused for this one: exit 3', async () => {
		const targets = await resolveTargets(options({env: environment({TWINE_PASSWORD: pypircToken})}));
		await expect(targets.production.token()).rejects.toThrow(/was issued by test\.pypi\.org, but pypi uploads to pypi\.org/);
	});
});

describe('--sandbox', () => {
	test('both roles upload to the run\'s sandbox, with its token', async () => {
		const run = options({sandbox: {url: 'http://127.0.0.1:5555', dataDir: '/tmp/none', token: 'pypi-sandbox-secret', close: async () => undefined}});
		const targets = await resolveTargets(run);
		expect(targets.test).toMatchObject({name: 'sandbox testpypi', uploadUrl: 'http://127.0.0.1:5555/testpypi/legacy/', simpleBase: 'http://127.0.0.1:5555/testpypi/simple/'});
		expect(targets.production).toMatchObject({name: 'sandbox pypi', uploadUrl: 'http://127.0.0.1:5555/pypi/legacy/', jsonBase: 'http://127.0.0.1:5555/pypi/pypi/'});
		expect(await targets.production.token()).toBe('pypi-sandbox-secret');
		expect(run.added).toContain('pypi-sandbox-secret');
	});
});

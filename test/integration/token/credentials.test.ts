import {execa} from 'execa';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {resolveUploadToken, type ResolveTokenOptions} from '../../../source/core/credentials/resolve-token.js';
import {twineEnvironment} from '../../../source/core/credentials/twine-environment.js';
import {openKeychain} from '../../../source/core/credentials/keychain.js';
import {resolveRepository, type Repository} from '../../../source/core/credentials/repositories.js';
import {startKeychainSession, type KeychainSession} from '../../helpers/keychain-session.js';
import {currentCaveats, mintTokens} from '../../helpers/mint-token.js';
import {temporaryFolder, writeTree} from '../../helpers/temp.js';
import {python, requirePythonModules} from '../../helpers/tools.js';

const sandboxUrl = 'http://127.0.0.1:9/testpypi/legacy/';
let session: KeychainSession;
let keychainToken: string;
let environmentToken: string;
let pypircToken: string;
let promptToken: string;
let testpypi: Repository;
let sandbox: Repository;

beforeAll(async () => {
	requirePythonModules(['keyring'], 'python3-keyring');
	session = await startKeychainSession();
	[keychainToken, environmentToken, pypircToken, promptToken] = mintTokens(
		['from-keychain', 'from-env', 'from-pypirc', 'from-prompt'].map(name => ({location: 'test.pypi.org', caveats: [currentCaveats.projectNames([name])]})),
	) as [string, string, string, string];
	const home = await temporaryFolder('wizard-home-');
	await writeTree(home, {'.pypirc': `[testpypi]\nusername = __token__\npassword = ${pypircToken}\n`});
	testpypi = await resolveRepository('testpypi', {HOME: home});
	sandbox = await resolveRepository(sandboxUrl, {HOME: home});
	await openKeychain({env: {...process.env, ...session.env}}).setToken(testpypi.uploadUrl, keychainToken);
});

afterAll(async () => {
	await session?.close();
});

type Chain = {credential: Awaited<ReturnType<typeof resolveUploadToken>>; log: string[]};

async function chain(options: Partial<ResolveTokenOptions> & {env: Record<string, string | undefined>}): Promise<Chain> {
	const log: string[] = [];
	const credential = await resolveUploadToken({repository: testpypi, log: message => log.push(message), ...options});
	return {credential, log};
}

const withKeychain = () => ({...session.env, TWINE_PASSWORD: undefined});
const withoutDbus = () => ({HOME: session.env.HOME, DBUS_SESSION_BUS_ADDRESS: undefined, PATH: process.env['PATH']});

function expectNoTokenIn(lines: readonly string[]): void {
	for (const token of [keychainToken, environmentToken, pypircToken, promptToken]) {
		expect(lines.join('\n')).not.toContain(token.slice(5, 30));
	}
}

describe('the credentials chain', () => {
	test('TWINE_PASSWORD comes first, and the log names the source, not the value', async () => {
		const {credential, log} = await chain({env: {...withKeychain(), TWINE_PASSWORD: environmentToken}});
		expect(credential).toMatchObject({token: environmentToken, source: 'environment', describeSource: 'TWINE_PASSWORD'});
		expect(log).toEqual([`Upload token for testpypi (${testpypi.uploadUrl}): from TWINE_PASSWORD.`]);
		expectNoTokenIn(log);
	});

	test('--token-env NAME reads that variable instead, and an unset one is a clear precondition error', async () => {
		const {credential} = await chain({env: {...withKeychain(), TWINE_PASSWORD: pypircToken, RELEASE_TOKEN: environmentToken}, tokenEnv: 'RELEASE_TOKEN'});
		expect(credential).toMatchObject({token: environmentToken, describeSource: 'RELEASE_TOKEN'});
		await expect(chain({env: withKeychain(), tokenEnv: 'MISSING_TOKEN'})).rejects.toMatchObject({
			exitCode: 3,
			message: '--token-env MISSING_TOKEN names an environment variable that is not set or empty.',
		});
	});

	test('then the OS keychain', async () => {
		const {credential, log} = await chain({env: withKeychain()});
		expect(credential).toMatchObject({token: keychainToken, source: 'keychain', username: '__token__'});
		expect(log.at(-1)).toBe(`Upload token for testpypi (${testpypi.uploadUrl}): from the OS keychain.`);
		expectNoTokenIn(log);
	});

	test('then the ~/.pypirc password, when the keychain has none for that URL', async () => {
		const {credential, log} = await chain({env: withKeychain(), repository: {...sandbox, password: pypircToken, username: '__token__', name: 'sandbox'}});
		expect(credential).toMatchObject({token: pypircToken, source: 'pypirc'});
		expect(log[0]).toBe(`No token for sandbox (${sandboxUrl}) in the OS keychain.`);
		expectNoTokenIn(log);
	});

	test('then, interactively, a prompt whose answer is stored in the keychain when the user agrees', async () => {
		const questions = {secret: async () => `${promptToken}\n`, confirm: async () => true};
		const {credential, log} = await chain({env: withKeychain(), repository: sandbox, questions});
		expect(credential).toMatchObject({token: promptToken, source: 'prompt'});
		expect(log).toContain(`Stored the token for ${sandboxUrl} in the OS keychain.`);
		expectNoTokenIn(log);
		const twineReads = await execa(python, ['-m', 'keyring', 'get', sandboxUrl, '__token__'], {env: session.env});
		expect(twineReads.stdout).toBe(promptToken);
	});

	test('without any source and without a prompt, the error says how to give a token', async () => {
		await expect(chain({env: withKeychain(), repository: {...sandbox, uploadUrl: 'http://127.0.0.1:9/pypi/legacy/', name: 'other'}})).rejects.toMatchObject({
			exitCode: 3,
			message: 'No upload token for other (http://127.0.0.1:9/pypi/legacy/).',
			hint: expect.stringContaining('wizard token set other'),
		});
	});

	test('a token PyPI is sure to refuse (not a token, or the other index\'s) stops the chain without quoting it', async () => {
		await expect(chain({env: {...withKeychain(), TWINE_PASSWORD: 'my-old-password-123'}})).rejects.toMatchObject({
			exitCode: 3,
			message: expect.stringMatching(/^The upload token from TWINE_PASSWORD is not a PyPI token/),
		});
		const [pypiToken] = mintTokens([{location: 'pypi.org', caveats: []}]) as [string];
		const failure = chain({env: {...withKeychain(), TWINE_PASSWORD: pypiToken}});
		await expect(failure).rejects.toThrow('was issued by pypi.org, but testpypi uploads to test.pypi.org');
		await expect(failure).rejects.not.toThrow(pypiToken.slice(5, 30));
	});
});

describe('with no keychain reachable (no D-Bus session)', () => {
	test('the chain falls back to TWINE_PASSWORD for this run, and says the keychain was out of reach', async () => {
		const started = Date.now();
		const {credential} = await chain({env: {...withoutDbus(), TWINE_PASSWORD: environmentToken}});
		expect(credential).toMatchObject({token: environmentToken, source: 'environment'});
		const {log} = await chain({env: withoutDbus(), repository: {...testpypi, password: pypircToken}});
		expect(log[0]).toMatch(/^The OS keychain is unavailable: there is no D-Bus session bus.*\. A token found below is used for this run only\.$/);
		expect(Date.now() - started).toBeLessThan(4000);
	});

	test('with nothing else, the error says the keychain could not be searched', async () => {
		await expect(chain({env: withoutDbus(), repository: {...testpypi, password: undefined}})).rejects.toMatchObject({
			exitCode: 3,
			hint: expect.stringContaining('The OS keychain could not be reached, so it was not searched.'),
		});
	});
});

test('twine gets the credential through its environment, non-interactive', () => {
	expect(twineEnvironment({token: environmentToken, username: '__token__'})).toEqual({
		TWINE_USERNAME: '__token__',
		TWINE_PASSWORD: environmentToken,
		TWINE_NON_INTERACTIVE: '1',
	});
});

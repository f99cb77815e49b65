import {cleanup, render} from 'ink-testing-library';
import {afterEach, expect, test, vi} from 'vitest';
import type {IndexRole} from '../../../source/core/release/types.js';
import {GuideScreen} from '../../../source/ui/ink/screens/guide-screen.js';
import type {GuideLinks, NameView, StoredToken, TargetView} from '../../../source/ui/wizard-types.js';
import {keys, plain, press, waitForFrame} from '../../helpers/ink.js';
import {flat, widest} from './screen-text.js';

afterEach(() => {
	cleanup();
});

const links: readonly GuideLinks[] = [
	{
		role: 'production',
		display: 'PyPI',
		register: 'https://pypi.org/account/register/',
		twoFactor: 'https://pypi.org/manage/account/two-factor/',
		tokenPage: 'https://pypi.org/manage/account/token/',
		trustedPublisher: 'https://pypi.org/manage/account/publishing/',
	},
	{
		role: 'test',
		display: 'TestPyPI',
		register: 'https://test.pypi.org/account/register/',
		twoFactor: 'https://test.pypi.org/manage/account/two-factor/',
		tokenPage: 'https://test.pypi.org/manage/account/token/',
		trustedPublisher: 'https://test.pypi.org/manage/account/publishing/',
	},
];

const missing: readonly TargetView[] = [
	{role: 'production', display: 'PyPI', uploadUrl: 'https://upload.pypi.org/legacy/', token: {kind: 'missing', tokenPage: 'https://pypi.org/manage/account/token/'}},
	{role: 'test', display: 'TestPyPI', uploadUrl: 'https://test.pypi.org/legacy/', token: {kind: 'missing', tokenPage: 'https://test.pypi.org/manage/account/token/'}},
];

const freeName: NameView = {name: 'My_Pkg', normalizedName: 'my-pkg', states: {test: {state: 'free'}, production: {state: 'free'}}};

const noStore = async (): Promise<StoredToken> => ({ok: false, problem: 'not expected', hint: undefined});

function pieces(secret: string): string[] {
	return Array.from({length: secret.length - 5}, (_, start) => secret.slice(start, start + 6));
}

test('the guide explains TestPyPI first, lists the register, 2FA, token and trusted-publisher pages of each index without a token, test first, within 60 columns', async () => {
	const screen = render(<GuideScreen names={[freeName]} links={links} missingTokens={missing} storeToken={noStore} columns={60} onContinue={() => {}} onQuit={() => {}} />);
	const frame = await waitForFrame(screen, 'Paste the upload token');
	const text = flat(frame);
	expect(plain(frame).split('\n')[0]).toBe('First publish');
	expect(text).toContain('TestPyPI first, always');
	expect(text).toContain('Each index needs an account with two-factor authentication and an upload token.');
	expect(text).toContain("A new project's first upload needs an account-wide token or a pending trusted publisher.");
	expect(text).toContain('TestPyPI: account, 2FA, token (scope "Entire account")');
	expect(text).toContain('PyPI: account, 2FA, token (scope "Entire account")');
	const lines = plain(frame).split('\n');
	for (const link of links) {
		for (const [label, url] of [
			['register', link.register],
			['2FA', link.twoFactor],
			['token', link.tokenPage],
			['publisher', link.trustedPublisher],
		]) {
			// Each URL whole on its line: a terminal or tmux capture can read it.
			expect(lines).toContain(`  ${label!.padEnd(9)} ${url!}`);
		}
	}

	expect(plain(frame).indexOf('https://test.pypi.org/account/register/')).toBeLessThan(plain(frame).indexOf('https://pypi.org/account/register/'));
	expect(widest(frame)).toBeLessThanOrEqual(60);
});

test('each name shows its state on both indexes; Enter continues when no name is taken and every index has a token', async () => {
	const onContinue = vi.fn();
	const names: NameView[] = [
		freeName,
		{
			name: 'pkg-b',
			normalizedName: 'pkg-b',
			states: {test: {state: 'published', projectUrl: 'https://test.pypi.org/project/pkg-b/'}, production: {state: 'unknown', detail: 'pypi.org did not answer: ETIMEDOUT'}},
		},
	];
	const screen = render(<GuideScreen names={names} links={links} missingTokens={[]} storeToken={noStore} columns={60} onContinue={onContinue} onQuit={() => {}} />);
	const frame = plain(await waitForFrame(screen, 'Enter continue'));
	expect(frame).toContain('                   test         production');
	expect(frame).toContain('  My_Pkg (my-pkg)  free         free');
	expect(frame).toContain('  pkg-b            yours        unknown');
	expect(frame).toContain('test: TestPyPI · production: PyPI');
	expect(frame).toContain('PyPI: pypi.org did not answer: ETIMEDOUT');
	// Tokens are stored: only the scope a new project needs, where a name is new.
	expect(frame).toContain('PyPI: a new project needs scope "Entire account"');
	expect(frame).not.toContain('register  https://');
	await press(screen, keys.enter);
	expect(onContinue).toHaveBeenCalledTimes(1);
});

test('a name taken by someone else stops here: the guide explains renaming, Enter does nothing, q quits', async () => {
	const onContinue = vi.fn();
	const onQuit = vi.fn();
	const taken: NameView = {name: 'requests', normalizedName: 'requests', states: {test: {state: 'free'}, production: {state: 'taken', projectUrl: 'https://pypi.org/project/requests/'}}};
	const screen = render(<GuideScreen names={[taken]} links={links} missingTokens={[]} storeToken={noStore} columns={60} onContinue={onContinue} onQuit={onQuit} />);
	const text = flat(await waitForFrame(screen, 'A name is taken'));
	expect(text).toContain('requests free taken');
	expect(text).toContain('requests is taken on PyPI by a project that is not this repository\'s. Rename it (the name in [project] of its pyproject.toml), then run wizard again.');
	expect(text).toContain('My_Pkg, my-pkg and my.pkg are one name');
	await press(screen, keys.enter);
	expect(onContinue).not.toHaveBeenCalled();
	await press(screen, 'q');
	expect(onQuit).toHaveBeenCalledTimes(1);
});

test('while the names are being checked the guide says so and does not continue', async () => {
	const onContinue = vi.fn();
	const screen = render(<GuideScreen names={undefined} links={links} missingTokens={[]} storeToken={noStore} columns={60} onContinue={onContinue} onQuit={() => {}} />);
	await waitForFrame(screen, 'Checking whether each name is free on both indexes');
	await press(screen, keys.enter);
	expect(onContinue).not.toHaveBeenCalled();
	screen.rerender(<GuideScreen names={[freeName]} links={links} missingTokens={[]} storeToken={noStore} columns={60} onContinue={onContinue} onQuit={() => {}} />);
	await waitForFrame(screen, 'Enter continue');
	await press(screen, keys.enter);
	expect(onContinue).toHaveBeenCalledTimes(1);
});

test('a masked prompt per missing token, TestPyPI first: stars only, the keychain result with its scope, a refused token tried again; no frame holds any piece of a token', async () => {
	// Token-shaped (a macaroon's first bytes: location, identifier), made at run time so the
	// source holds nothing a secret scanner takes for a real token.
	const tokenLike = (location: string, identifier: string) => `pypi-${Buffer.from(`\u0002\u0001${String.fromCodePoint(location.length)}${location}\u0002${String.fromCodePoint(identifier.length)}${identifier}`).toString('base64url')}`;
	const testToken = tokenLike('test.pypi.org', 'fake-token-for-tests-only');
	const wrongToken = 'pypi-WRONGtokenWRONGtokenWRONG';
	const productionToken = tokenLike('pypi.org', 'another-fake-token-for-tests');
	const calls: Array<[IndexRole, string]> = [];
	let release: (() => void) | undefined;
	const storeToken = async (role: IndexRole, token: string): Promise<StoredToken> => {
		calls.push([role, token]);
		if (token === wrongToken) {
			return {ok: false, problem: 'PyPI did not accept this token (403 Invalid or non-existent authentication information).', hint: 'Make a new token on https://pypi.org/manage/account/token/.'};
		}

		await new Promise<void>(resolve => {
			release = resolve;
		});
		return {ok: true, scope: role === 'test' ? 'account' : 'project my-pkg'};
	};

	const onContinue = vi.fn();
	const screen = render(<GuideScreen names={[freeName]} links={links} missingTokens={missing} storeToken={storeToken} columns={60} onContinue={onContinue} onQuit={() => {}} />);
	let frame = plain(await waitForFrame(screen, 'Paste the upload token for TestPyPI'));
	expect(frame).toContain('Paste the upload token for TestPyPI (then PyPI):');
	await press(screen, keys.enter);
	expect(calls).toEqual([]);
	expect(onContinue).not.toHaveBeenCalled();

	// Pasted in one chunk, then Enter.
	await press(screen, testToken);
	frame = plain(await waitForFrame(screen, '*'.repeat(20)));
	expect(widest(frame)).toBeLessThanOrEqual(60);
	expect(flat(frame)).toContain(`(${testToken.length} characters)`);
	await press(screen, keys.enter);
	await waitForFrame(screen, 'Storing the token for TestPyPI in the OS keychain');
	release!();
	frame = plain(await waitForFrame(screen, 'Paste the upload token for PyPI'));
	expect(frame).toContain('✓ TestPyPI: stored in the OS keychain; scope: account');

	// Typed key by key, one mistyped character taken back.
	for (const character of wrongToken) {
		await press(screen, character);
	}

	await waitForFrame(screen, `> ${'*'.repeat(wrongToken.length)}`);
	await press(screen, keys.enter);
	frame = flat(await waitForFrame(screen, 'Try again'));
	expect(frame).toContain('✗ PyPI did not accept this token (403');
	expect(frame).toContain('Make a new token on https://pypi.org/manage/account/token/.');
	expect(frame).toContain('Paste the upload token for PyPI');

	// The rest pasted with its newline, which submits it.
	await press(screen, productionToken.slice(0, 20), 'x', keys.backspace, `${productionToken.slice(20)}\n`);
	release!();
	frame = plain(await waitForFrame(screen, 'Enter continue'));
	expect(frame).toContain('✓ PyPI: stored in the OS keychain; scope: project my-pkg');
	expect(frame).not.toContain('Paste the upload token');
	expect(calls).toEqual([
		['test', testToken],
		['production', wrongToken],
		['production', productionToken],
	]);
	await press(screen, keys.enter);
	expect(onContinue).toHaveBeenCalledTimes(1);

	const everything = screen.frames.join('\n');
	for (const token of [testToken, wrongToken, productionToken]) {
		for (const piece of pieces(token)) {
			expect(everything).not.toContain(piece);
		}
	}
});

test('q quits and ? shows the help while the token field is empty; once something is typed they are part of it', async () => {
	const onQuit = vi.fn();
	const store = vi.fn(noStore);
	const screen = render(<GuideScreen names={[freeName]} links={links} missingTokens={missing} storeToken={store} columns={60} onContinue={() => {}} onQuit={onQuit} />);
	await waitForFrame(screen, 'Paste the upload token for TestPyPI');
	await press(screen, '?');
	await waitForFrame(screen, 'OS keychain, never to a file');
	await press(screen, 'p', 'q', '?');
	await waitForFrame(screen, '> ***');
	expect(onQuit).not.toHaveBeenCalled();
	await press(screen, '\u0015', 'q');
	expect(onQuit).toHaveBeenCalledTimes(1);
	expect(store).not.toHaveBeenCalled();
});

test('an index without account pages (the sandbox, a private index) says so instead of showing links', async () => {
	const sandbox: GuideLinks[] = [
		{role: 'test', display: 'sandbox testpypi', register: undefined, twoFactor: undefined, tokenPage: undefined, trustedPublisher: undefined},
		{role: 'production', display: 'sandbox pypi', register: undefined, twoFactor: undefined, tokenPage: undefined, trustedPublisher: undefined},
	];
	const screen = render(<GuideScreen names={[freeName]} links={sandbox} missingTokens={[]} storeToken={noStore} columns={60} onContinue={() => {}} onQuit={() => {}} />);
	const text = flat(await waitForFrame(screen, 'Enter continue'));
	expect(text).toContain('sandbox testpypi has no account pages');
	expect(text).toContain('sandbox pypi has no account pages');
	expect(text).toContain('My_Pkg (my-pkg) free free test: sandbox testpypi · production: sandbox pypi');
	expect(text).not.toContain('https://');
});

test('a long name is cut in the middle so its row never wraps at 60 columns', async () => {
	const long: NameView = {
		name: 'company-internal-data-pipeline-connectors-for-warehouses',
		normalizedName: 'company-internal-data-pipeline-connectors-for-warehouses',
		states: {test: {state: 'free'}, production: {state: 'published'}},
	};
	const screen = render(<GuideScreen names={[long]} links={links} missingTokens={[]} storeToken={noStore} columns={60} onContinue={() => {}} onQuit={() => {}} />);
	const frame = plain(await waitForFrame(screen, 'Enter continue'));
	const row = frame.split('\n').find(line => line.includes('free         yours'));
	expect(row).toMatch(/^ {2}company-.*….*warehouses {2}free {9}yours$/);
	expect([...row!].length).toBeLessThanOrEqual(60);
});

import {beforeAll, describe, expect, test} from 'vitest';
import {checkPypiToken} from '../../../source/core/credentials/pypi-token.js';
import {currentCaveats, legacyCaveats, mintTokens} from '../../helpers/mint-token.js';

const projectId = '3d0e2a4c-8a47-4a8c-9f4b-0b7c8c1c6a11';
const userId = 'a1c4b3f2-0d2e-4c55-8d1f-9f61b0a1e2c3';
const expiresAt = 1_900_000_000;
const notBefore = 1_700_000_000;

const recipes = {
	currentAccount: {caveats: [currentCaveats.user(userId)]},
	currentProjects: {caveats: [currentCaveats.projectNames(['my-pkg', 'my-pkg-core']), currentCaveats.projectIds([projectId, projectId])]},
	legacyAccount: {caveats: [legacyCaveats.user()]},
	legacyProjects: {caveats: [legacyCaveats.projects(['old-pkg'])]},
	currentExpiring: {location: 'test.pypi.org', caveats: [currentCaveats.projectIds([projectId]), currentCaveats.expiration(expiresAt, notBefore)]},
	legacyExpiring: {caveats: [legacyCaveats.user(), legacyCaveats.expiration(expiresAt, notBefore), legacyCaveats.projectIds([projectId])]},
	noCaveats: {caveats: []},
	version1: {version: 1 as const, caveats: [currentCaveats.projectNames(['v1-pkg']), currentCaveats.expiration(expiresAt, notBefore)]},
	unknownCaveat: {caveats: [currentCaveats.user(userId), JSON.stringify([99, 'future']), 'not json at all']},
};
let tokens: Record<keyof typeof recipes, string>;

beforeAll(() => {
	const names = Object.keys(recipes) as (keyof typeof recipes)[];
	const minted = mintTokens(names.map(name => recipes[name]));
	tokens = Object.fromEntries(names.map((name, index) => [name, minted[index]!])) as typeof tokens;
});

function details(token: string) {
	const check = checkPypiToken(token);
	if (!check.ok) {
		throw new Error(`expected a valid token, got: ${check.problem}`);
	}

	return check.details;
}

describe('a token minted as PyPI mints them today (compact list caveats)', () => {
	test('with a user caveat is account-wide and issued by pypi.org', () => {
		expect(tokens.currentAccount).toMatch(/^pypi-AgEIcHlwaS5vcmc/);
		expect(details(tokens.currentAccount)).toMatchObject({location: 'pypi.org', scope: 'account', projects: [], expiresAt: undefined, formats: ['current']});
	});

	test('with project name and id caveats is scoped to those projects', () => {
		expect(details(tokens.currentProjects)).toMatchObject({scope: 'projects', projects: ['my-pkg', 'my-pkg-core'], projectIds: [projectId]});
	});

	test('with only a project id caveat is still project-scoped, and its expiry is read', () => {
		expect(details(tokens.currentExpiring)).toMatchObject({
			location: 'test.pypi.org',
			scope: 'projects',
			projects: [],
			projectIds: [projectId],
			expiresAt: new Date(expiresAt * 1000),
			notBefore: new Date(notBefore * 1000),
		});
	});
});

describe('a token minted in the legacy JSON caveat format', () => {
	test('{"version": 1, "permissions": "user"} is account-wide', () => {
		expect(details(tokens.legacyAccount)).toMatchObject({scope: 'account', formats: ['legacy']});
	});

	test('{"permissions": {"projects": [...]}} is scoped to those projects', () => {
		expect(details(tokens.legacyProjects)).toMatchObject({scope: 'projects', projects: ['old-pkg']});
	});

	test('legacy expiry and project-id caveats are read', () => {
		expect(details(tokens.legacyExpiring)).toMatchObject({scope: 'projects', projectIds: [projectId], expiresAt: new Date(expiresAt * 1000)});
	});
});

test('a token without caveats is account-wide', () => {
	expect(details(tokens.noCaveats)).toMatchObject({scope: 'account', formats: []});
});

test('a macaroon in the older V1 text format decodes too', () => {
	expect(tokens.version1).not.toMatch(/^pypi-Ag/);
	expect(details(tokens.version1)).toMatchObject({location: 'pypi.org', scope: 'projects', projects: ['v1-pkg'], expiresAt: new Date(expiresAt * 1000)});
});

test('caveats from a newer PyPI are counted, not fatal', () => {
	expect(details(tokens.unknownCaveat)).toMatchObject({scope: 'account', unknownCaveats: 2});
});

test('whitespace and a trailing newline around a pasted token are dropped', () => {
	const check = checkPypiToken(`  ${tokens.currentAccount}\n`);
	expect(check.ok && check.token).toBe(tokens.currentAccount);
});

describe('malformed tokens are refused without quoting them', () => {
	const cases: Array<[string, () => string, RegExp]> = [
		['empty', () => '   ', /empty/],
		['a password', () => 'hunter2-correct-horse', /does not start with "pypi-"/],
		['the prefix only', () => 'pypi-', /not a PyPI macaroon/],
		['cut short', () => tokens.currentProjects.slice(0, 60), /not a PyPI macaroon: it is cut short/],
		['with a character outside base64', () => `${tokens.currentAccount.slice(0, 40)}!${tokens.currentAccount.slice(41)}`, /not a PyPI macaroon/],
		['random base64', () => `pypi-${Buffer.from('just some words, not a macaroon at all').toString('base64url')}`, /not a PyPI macaroon/],
		['two tokens pasted', () => `${tokens.currentAccount} ${tokens.legacyAccount}`, /^The input holds 2 PyPI tokens/],
	];
	test.each(cases)('%s', (_name, make, problem) => {
		const text = make();
		const check = checkPypiToken(text);
		expect(check.ok).toBe(false);
		if (!check.ok) {
			expect(check.problem).toMatch(problem);
			if (text.trim().length > 8) {
				expect(check.problem).not.toContain(text.trim().slice(5, 25));
			}
		}
	});
});

test('two tokens in one input are refused as two, whether on two lines or run together', () => {
	const [first, second] = mintTokens([{caveats: []}, {caveats: []}]) as [string, string];
	for (const input of [`${first}\n${second}`, `${first} ${second}`, `${first}${second}`]) {
		const check = checkPypiToken(input);
		expect(check.ok).toBe(false);
		expect(check.ok ? '' : check.problem).toMatch(/^The input holds 2 PyPI tokens/);
	}
});

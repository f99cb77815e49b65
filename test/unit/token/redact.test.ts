import {beforeAll, expect, test} from 'vitest';
import {createRedactor, redactedMark} from '../../../source/core/redact.js';
import {currentCaveats, mintTokens} from '../../helpers/mint-token.js';

let token: string;
let otherToken: string;

beforeAll(() => {
	[token, otherToken] = mintTokens([{caveats: [currentCaveats.projectNames(['my-pkg'])]}, {location: 'test.pypi.org', caveats: []}]) as [string, string];
});

test('the given secret is replaced wherever it appears in a line', () => {
	const redact = createRedactor(['s3cret-password']);
	expect(redact('login with s3cret-password failed; s3cret-password again')).toBe(`login with ${redactedMark} failed; ${redactedMark} again`);
});

test('a PyPI token nobody declared is still replaced, since it is shaped like one', () => {
	const redact = createRedactor();
	const output = redact(`twine: using password ${token} for upload\nand ${otherToken}.`);
	expect(output).not.toContain(token.slice(5));
	expect(output).not.toContain(otherToken.slice(5));
	expect(output).toBe(`twine: using password ${redactedMark} for upload\nand ${redactedMark}.`);
});

test('the HTTP Basic form of a token (__token__:TOKEN in base64) is replaced too', () => {
	const basic = Buffer.from(`__token__:${token}`).toString('base64');
	const redact = createRedactor([token]);
	expect(redact(`Authorization: Basic ${basic}`)).toBe(`Authorization: Basic ${redactedMark}`);
});

test('ordinary words that start with pypi- are left alone', () => {
	const redact = createRedactor(['unrelated-secret']);
	const text = 'pypi-wizard wrote ~/.config/pypi-wizard-nodejs/state.json; pypi-attestations 0.0.21';
	expect(redact(text)).toBe(text);
});

test('empty and very short secrets do not blank out ordinary text', () => {
	const redact = createRedactor(['', undefined, 'a']);
	expect(redact('a plain line')).toBe('a plain line');
});

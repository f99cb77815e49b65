import {beforeAll, describe, expect, test} from 'vitest';
import {createLineRedactor, createRedactor, redactedMark} from '../../../source/core/redact.js';
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

describe('every form of a known secret', () => {
	const forms = (secret: string, username = '__token__') => ({
		whole: secret,
		body: secret.replace(/^pypi-/, ''),
		basic: Buffer.from(`${username}:${secret}`).toString('base64'),
	});

	test('a token without its pypi- prefix, and its Basic-auth form, are replaced', () => {
		const redact = createRedactor([token]);
		const {body, basic} = forms(token);
		expect(redact(`macaroon ${body} end`)).toBe(`macaroon ${redactedMark} end`);
		expect(redact(`Authorization: Basic ${basic}`)).toBe(`Authorization: Basic ${redactedMark}`);
	});

	test('a password that is not a PyPI token is replaced whole, and as Basic auth with its user name', () => {
		const redact = createRedactor({secrets: ['hunter2-correct-horse'], usernames: ['alice']});
		const {basic} = forms('hunter2-correct-horse', 'alice');
		expect(redact('password=hunter2-correct-horse')).toBe(`password=${redactedMark}`);
		expect(redact(`Authorization: Basic ${basic}`)).toBe(`Authorization: Basic ${redactedMark}`);
	});

	test('the Basic-auth form of a PyPI token nobody declared is replaced too', () => {
		const basic = Buffer.from(`__token__:${otherToken}`).toString('base64');
		expect(createRedactor()(`Basic ${basic}`)).toBe(`Basic ${redactedMark}`);
	});

	test('a token wrapped over three lines is replaced on each line, and the lines stay three', () => {
		const redact = createRedactor([token]);
		const wrapped = `token: ${token.slice(0, 30)}\n  ${token.slice(30, 90)}\n  ${token.slice(90)} (end)`;
		const output = redact(wrapped);
		expect(output).toBe(`token: ${redactedMark}\n  ${redactedMark}\n  ${redactedMark} (end)`);
	});
});

describe('whole lines from chunks', () => {
	const collect = (redact: ReturnType<typeof createRedactor>, chunks: readonly string[]) => {
		const lines: string[] = [];
		const writer = createLineRedactor(redact, line => lines.push(line));
		for (const chunk of chunks) {
			writer.write(chunk);
		}

		writer.end();
		return lines;
	};

	test('a token split across chunks and wrapped over lines never shows a piece of itself', () => {
		const redact = createRedactor([token]);
		const text = `before\nuploading with ${token.slice(0, 3)}\n${token.slice(3, 50)}\n${token.slice(50)}\nafter`;
		const chunks = text.match(/[\s\S]{1,7}/g)!;
		const lines = collect(redact, chunks);
		expect(lines).toEqual(['before', `uploading with ${redactedMark}`, redactedMark, redactedMark, 'after']);
		for (const piece of [token.slice(5, 20), token.slice(40, 60), token.slice(-15)]) {
			expect(lines.join('\n')).not.toContain(piece);
		}
	});

	test('a line is held only while it ends with the start of a secret', () => {
		const redact = createRedactor(['s3cret-password']);
		const lines: string[] = [];
		const writer = createLineRedactor(redact, line => lines.push(line));
		writer.write('plain line\nends with s3cr\n');
		expect(lines).toEqual(['plain line']);
		writer.write('et-password here\n');
		expect(lines).toEqual(['plain line', `ends with ${redactedMark}`, `${redactedMark} here`]);
	});
});

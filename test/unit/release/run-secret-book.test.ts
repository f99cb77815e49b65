import {expect, test} from 'vitest';
import {childEnvironment, collectRunSecrets} from '../../../source/core/credentials/run-secrets.js';
import {createRunSecretBook} from '../../../source/core/release/run-secret-book.js';

const token = 'pypi-sandbox-Zq8xK1mVw3pL0aT5yRb7NcUe';

test('a token learned mid-run is redacted and withheld from children from then on, through the objects handed out at the start', () => {
	const book = createRunSecretBook(collectRunSecrets({TWINE_PASSWORD: 'from-the-environment-1234'}));
	const {secrets, redact} = book;
	const parent = {PATH: '/usr/bin', LEAKED: token, TWINE_PASSWORD: 'from-the-environment-1234'};
	expect(redact(`token ${token}`)).toBe(`token ${token}`);
	expect(childEnvironment(parent, undefined, secrets)).toEqual({TWINE_PASSWORD: undefined});

	book.add(token);
	expect(redact(`token ${token}`)).toBe('token [redacted]');
	expect(redact(`wrapped ${token.slice(0, 20)}\n${token.slice(20)}`)).not.toContain(token.slice(0, 20));
	expect(redact.mayContinue(`ends with ${token.slice(0, 10)}`)).toBe(true);
	expect(childEnvironment(parent, undefined, secrets)).toEqual({TWINE_PASSWORD: undefined, LEAKED: undefined});
	// twine is given the credential by name, and gets it.
	expect(childEnvironment(parent, {TWINE_PASSWORD: token}, secrets)).toMatchObject({TWINE_PASSWORD: token});
	expect(redact('from-the-environment-1234')).toBe('[redacted]');
});

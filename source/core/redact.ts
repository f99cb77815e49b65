/** What replaces a secret in anything shown, logged or saved. */
export const redactedMark = '[redacted]';

// A PyPI token: "pypi-" then a base64url V2 macaroon, which always begins "Ag" (version byte 2).
const pypiTokenPattern = /pypi-Ag[\w-]{20,}={0,2}/g;
const shortestSecret = 6;

/**
 * Returns a filter that replaces each of `secrets` (also in the base64 form HTTP Basic auth
 * gives `__token__:SECRET`) and anything shaped like a PyPI token. Apply it to whole lines:
 * a secret split across two chunks cannot be recognised in either.
 */
export function createRedactor(secrets: readonly (string | undefined)[] = []): (text: string) => string {
	const literals = [
		...new Set(
			secrets
				.filter((secret): secret is string => secret !== undefined && secret.trim().length >= shortestSecret)
				.flatMap(secret => [secret, secret.trim(), Buffer.from(`__token__:${secret.trim()}`).toString('base64')]),
		),
	].sort((a, b) => b.length - a.length);
	return text => {
		let result = text;
		for (const literal of literals) {
			result = result.replaceAll(literal, redactedMark);
		}

		return result.replace(pypiTokenPattern, redactedMark);
	};
}

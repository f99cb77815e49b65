// Upload authentication as PyPI does it: HTTP Basic with the user `__token__` and an API token
// (`Authorization: token ...` and `bearer ...` work too). Any failure is a 403, never a 401.

export type AuthPolicy = {
	/** When given, only these tokens are accepted; otherwise any token shaped like PyPI's. */
	readonly tokens: readonly string[] | undefined;
};

/** `policy` failures (a user name) come before the form is sanitised, `identity` ones after. */
export type AuthVerdict = {readonly ok: true} | {readonly ok: false; readonly stage: 'policy' | 'identity'; readonly message: string};

export function authenticate(header: string | undefined, policy: AuthPolicy, helpUrl: string): AuthVerdict {
	const invalid: AuthVerdict = {ok: false, stage: 'identity', message: `Invalid or non-existent authentication information. See ${helpUrl}#invalid-auth for more information.`};
	if (header === undefined) {
		return invalid;
	}

	const [scheme = '', ...rest] = header.trim().split(/\s+/);
	const credentials = rest.join(' ');
	let token: string;
	if (/^basic$/i.test(scheme)) {
		const decoded = Buffer.from(credentials, 'base64').toString('utf8');
		const colon = decoded.indexOf(':');
		const username = colon === -1 ? decoded : decoded.slice(0, colon);
		if (username !== '__token__') {
			return {
				ok: false,
				stage: 'policy',
				message: `Username/Password authentication is no longer supported. Migrate to API Tokens or Trusted Publishers instead. See ${helpUrl}#apitoken and ${helpUrl}#trusted-publishers`,
			};
		}

		token = colon === -1 ? '' : decoded.slice(colon + 1);
	} else if (/^(token|bearer)$/i.test(scheme)) {
		token = credentials;
	} else {
		return invalid;
	}

	token = token.trim();
	const accepted = policy.tokens === undefined ? token.startsWith('pypi-') && token.length > 'pypi-'.length : policy.tokens.includes(token);
	return accepted ? {ok: true} : invalid;
}

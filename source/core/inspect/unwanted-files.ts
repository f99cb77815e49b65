/** Why a member of an archive should not ship, or undefined when it may. */
export function unwantedReason(member: string): string | undefined {
	const parts = member.split('/').filter(Boolean);
	const base = parts.at(-1) ?? member;
	if (parts.includes('.git')) {
		return 'a git repository folder (.git/)';
	}

	if (parts.includes('__pycache__') || base.endsWith('.pyc')) {
		return 'compiled Python bytecode (__pycache__)';
	}

	if (base === '.pypirc') {
		return 'a .pypirc file, which holds index credentials';
	}

	if (base === '.env' || (base.startsWith('.env.') && !/\.(example|sample|template|dist)$/.test(base))) {
		return 'an environment file (.env), which usually holds secrets';
	}

	if (/^id_(rsa|dsa|ecdsa|ed25519)$/.test(base) || /\.(pem|key|p12|pfx)$/.test(base)) {
		return 'a private key or certificate file';
	}

	if (base === '.netrc' || base === '.npmrc' || base === 'credentials.json') {
		return 'a credentials file';
	}

	return undefined;
}

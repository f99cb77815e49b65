// Folders that are a tool's cache or a local environment: never part of a package.
const toolFolders: ReadonlyMap<string, string> = new Map([
	['.git', 'a git repository folder (.git/)'],
	['__pycache__', 'compiled Python bytecode (__pycache__)'],
	['.pytest_cache', "pytest's cache folder (.pytest_cache/)"],
	['.mypy_cache', "mypy's cache folder (.mypy_cache/)"],
	['.ruff_cache', "ruff's cache folder (.ruff_cache/)"],
	['.tox', "tox's environments folder (.tox/)"],
	['.nox', "nox's environments folder (.nox/)"],
	['.venv', 'a virtual environment (.venv/)'],
	['.aws', 'an AWS configuration folder (.aws/), which holds access keys'],
	['.ssh', 'an SSH folder (.ssh/), which holds private keys'],
]);

// Files whose whole purpose is to hold a credential.
const credentialFiles: ReadonlyMap<string, string> = new Map([
	['.pypirc', 'a .pypirc file, which holds index credentials'],
	['.netrc', 'a .netrc file, which holds login credentials'],
	['_netrc', 'a _netrc file, which holds login credentials'],
	['.git-credentials', 'a .git-credentials file, which holds git passwords and tokens'],
	['.pgpass', 'a .pgpass file, which holds database passwords'],
	['credentials.json', 'a credentials file'],
	['.envrc', 'a direnv file (.envrc), which usually exports secrets'],
]);

/** Why a member of an archive should not ship, or undefined when it may. */
export function unwantedReason(member: string): string | undefined {
	const parts = member.split('/').filter(Boolean);
	const base = parts.at(-1) ?? member;
	const folder = parts.slice(0, -1).find(part => toolFolders.has(part));
	if (folder !== undefined) {
		return toolFolders.get(folder);
	}

	if (base.endsWith('.pyc')) {
		return 'compiled Python bytecode (__pycache__)';
	}

	const credential = credentialFiles.get(base);
	if (credential !== undefined) {
		return credential;
	}

	if (isEnvironmentFile(base)) {
		return 'an environment file (.env), which usually holds secrets';
	}

	if (/^id_(rsa|dsa|ecdsa|ed25519)$/.test(base) || /\.(key|p12|pfx|jks|keystore)$/.test(base)) {
		return 'a private key or key store file';
	}

	return undefined;
}

/** `.env`, `.env.local`, `.env.production`, `prod.env`; not the templates that document one. */
function isEnvironmentFile(base: string): boolean {
	if (/\.(example|sample|template|dist|defaults?)$/i.test(base) || /^\.?env\.(example|sample|template)/i.test(base)) {
		return false;
	}

	return base === '.env' || base.startsWith('.env.') || base.endsWith('.env');
}

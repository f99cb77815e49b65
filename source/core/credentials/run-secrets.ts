import process from 'node:process';
import type {SecretValues} from '../redact.js';

/** The variables through which an upload credential reaches twine. */
export const credentialVariables = ['TWINE_PASSWORD', 'TWINE_USERNAME'] as const;

type Environment = Readonly<Record<string, string | undefined>>;

/** What a run must keep to itself: redacted from all it shows, withheld from every child but twine. */
export type RunSecrets = SecretValues & {
	/** Variables no child inherits unless it is given them by name (a twine upload). */
	readonly variables: readonly string[];
};

/**
 * The secrets of a run started with `env`: TWINE_PASSWORD and the variable `--token-env` names
 * (whatever they hold, a token or a password), with TWINE_USERNAME for their Basic-auth form.
 * A secret the run learns later (from the keychain) is added with `withSecret`.
 */
export function collectRunSecrets(env: Environment, tokenEnv?: string): RunSecrets {
	const variables = [...credentialVariables, ...(tokenEnv === undefined ? [] : [tokenEnv])];
	return {
		variables,
		secrets: variables.filter(name => name !== 'TWINE_USERNAME').map(name => env[name]),
		usernames: [env['TWINE_USERNAME']],
	};
}

export function withSecret(secrets: RunSecrets, secret: string, username?: string): RunSecrets {
	return {...secrets, secrets: [...secrets.secrets, secret], usernames: [...(secrets.usernames ?? []), username]};
}

/** The secrets of this process's own environment: what a child is spared when nobody says more. */
export function defaultRunSecrets(): RunSecrets {
	return collectRunSecrets(process.env);
}

/**
 * The variables to hand a child on top of `parent`: the credential variables and any variable
 * holding a known secret are removed, unless `given` names them itself (a twine upload).
 */
export function childEnvironment(parent: Environment, given: Environment | undefined, secrets: RunSecrets): Record<string, string | undefined> {
	const values = secrets.secrets.filter((secret): secret is string => secret !== undefined && secret.trim() !== '').map(secret => secret.trim());
	const withheld: Record<string, undefined> = {};
	for (const [name, value] of Object.entries(parent)) {
		if (secrets.variables.includes(name) || (value !== undefined && values.some(secret => holds(value, secret)))) {
			withheld[name] = undefined;
		}
	}

	return {...withheld, ...given};
}

// A short password may occur by chance inside PATH; only a long one is searched for inside values.
function holds(value: string, secret: string): boolean {
	return value.trim() === secret || (secret.length >= 16 && value.includes(secret));
}

import {withSecret, type RunSecrets} from '../credentials/run-secrets.js';
import {createRedactor, type Redactor} from '../redact.js';

/**
 * The run's secrets as they grow: a token resolved mid-run (from the keychain, for the sandbox)
 * is added once, and from then on the redactor hides it and no child inherits it. `secrets` and
 * `redact` read the current set on every use, so the engine and exec can hold them from the start.
 */
export type RunSecretBook = {
	readonly secrets: RunSecrets;
	readonly redact: Redactor;
	add(secret: string, username?: string): void;
};

export function createRunSecretBook(initial: RunSecrets): RunSecretBook {
	let current = initial;
	let redactor = createRedactor(current);
	const secrets: RunSecrets = {
		get variables() {
			return current.variables;
		},
		get secrets() {
			return current.secrets;
		},
		get usernames() {
			return current.usernames;
		},
	};
	const redact = Object.assign((text: string) => redactor(text), {mayContinue: (text: string) => redactor.mayContinue(text)});
	return {
		secrets,
		redact,
		add(secret, username) {
			if (current.secrets.includes(secret)) {
				return;
			}

			current = withSecret(current, secret, username);
			redactor = createRedactor(current);
		},
	};
}

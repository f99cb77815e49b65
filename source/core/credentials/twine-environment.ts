import type {UploadCredential} from './resolve-token.js';

/**
 * The variables that hand a credential to twine: through the environment only, never argv.
 * TWINE_NON_INTERACTIVE makes twine fail instead of prompting where nobody can answer.
 */
export function twineEnvironment(credential: Pick<UploadCredential, 'token' | 'username'>): Record<string, string> {
	return {
		TWINE_USERNAME: credential.username,
		TWINE_PASSWORD: credential.token,
		TWINE_NON_INTERACTIVE: '1',
	};
}

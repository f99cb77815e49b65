import {PreconditionError, UsageError} from '../errors.js';
import {openKeychain, type Keychain} from './keychain.js';
import {pypircPath, repositoryLabel, type Repository} from './repositories.js';
import {checkPypiToken} from './pypi-token.js';
import {checkUsableToken, describeRefusal, refusalHint} from './usable-token.js';

export type TokenSource = 'environment' | 'keychain' | 'pypirc' | 'prompt';

/** An upload credential and where it came from. Log `describeSource`, never `token`. */
export type UploadCredential = {
	readonly token: string;
	/** `__token__`, unless the source named another user (a private index with passwords). */
	readonly username: string;
	readonly source: TokenSource;
	/** For messages: "TWINE_PASSWORD", "the OS keychain", "~/.pypirc [pypi]", "the prompt". */
	readonly describeSource: string;
};

/** Questions for a person; only given when the run is interactive. */
export type CredentialQuestions = {
	/** Reads a secret without showing it. */
	readonly secret: (question: string) => Promise<string>;
	readonly confirm: (question: string) => Promise<boolean>;
};

export type ResolveTokenOptions = {
	readonly repository: Repository;
	readonly env: Readonly<Record<string, string | undefined>>;
	/** `--token-env NAME`: read the token from this variable instead of TWINE_PASSWORD. */
	readonly tokenEnv?: string;
	readonly keychain?: Keychain;
	/** Present only for an interactive run: the last link of the chain. */
	readonly questions?: CredentialQuestions;
	/** Where each step of the chain is reported; receives no secret. */
	readonly log?: (message: string) => void;
	readonly now?: Date;
};

const tokenAccount = '__token__';

/**
 * The chain every upload uses: TWINE_PASSWORD (or the `--token-env` variable), then the OS
 * keychain, then the `~/.pypirc` password, then, interactively, a prompt that offers to store
 * the answer. Where the keychain is unreachable the chain goes on without it, for this run only.
 */
export async function resolveUploadToken(options: ResolveTokenOptions): Promise<UploadCredential> {
	const {repository, env} = options;
	const log = options.log ?? (() => undefined);
	const label = repositoryLabel(repository);
	const found = (credential: UploadCredential): UploadCredential => {
		checkUsable(credential, repository, options.now ?? new Date());
		log(`Upload token for ${label}: from ${credential.describeSource}.`);
		return credential;
	};

	if (options.tokenEnv !== undefined) {
		const value = env[options.tokenEnv]?.trim();
		if (value === undefined || value === '') {
			throw new PreconditionError(`--token-env ${options.tokenEnv} names an environment variable that is not set or empty.`, {
				hint: `Export it before the run (export ${options.tokenEnv}=pypi-...), or leave --token-env out to use the keychain.`,
			});
		}

		return found({token: value, username: tokenAccount, source: 'environment', describeSource: options.tokenEnv});
	}

	const twinePassword = env['TWINE_PASSWORD']?.trim();
	if (twinePassword !== undefined && twinePassword !== '') {
		const username = env['TWINE_USERNAME']?.trim() || tokenAccount;
		return found({token: twinePassword, username, source: 'environment', describeSource: 'TWINE_PASSWORD'});
	}

	const keychain = options.keychain ?? openKeychain({env: {...process.env, ...env}});
	const status = await keychain.status();
	if (status.available) {
		const stored = await keychain.getToken(repository.uploadUrl);
		if (stored !== undefined) {
			return found({token: stored, username: tokenAccount, source: 'keychain', describeSource: 'the OS keychain'});
		}

		log(`No token for ${label} in the OS keychain.`);
	} else {
		log(`The OS keychain is unavailable: ${status.reason}. A token found below is used for this run only.`);
	}

	if (repository.password !== undefined) {
		return found({
			token: repository.password,
			username: repository.username ?? tokenAccount,
			source: 'pypirc',
			describeSource: `${pypircPath(env)} [${repository.name}]`,
		});
	}

	if (options.questions !== undefined) {
		return found(await askForToken(options.questions, repository, label, status.available ? keychain : undefined, log));
	}

	throw new PreconditionError(`No upload token for ${label}.`, {
		hint: [
			`Store one: wizard token set ${repository.name}`,
			'or, for this run only, export TWINE_PASSWORD (or pass --token-env NAME).',
			status.available ? undefined : 'The OS keychain could not be reached, so it was not searched.',
		]
			.filter(Boolean)
			.join('\n'),
	});
}

async function askForToken(
	questions: CredentialQuestions,
	repository: Repository,
	label: string,
	keychain: Keychain | undefined,
	log: (message: string) => void,
): Promise<UploadCredential> {
	const answer = await questions.secret(`Upload token for ${label}:`);
	const check = checkPypiToken(answer);
	if (!check.ok) {
		throw new UsageError(`That is not a PyPI token. ${check.problem}`, {hint: refusalHint({reason: 'not-a-token', problem: check.problem}, repository)});
	}

	if (keychain !== undefined && (await questions.confirm('Store it in the OS keychain for the next release (shared with twine)?'))) {
		await keychain.setToken(repository.uploadUrl, check.token);
		log(`Stored the token for ${label} in the OS keychain.`);
	}

	return {token: check.token, username: tokenAccount, source: 'prompt', describeSource: 'the prompt'};
}

/** Refuses what the index is sure to refuse: a non-token for PyPI, a token of the other PyPI, an expired one. */
function checkUsable(credential: UploadCredential, repository: Repository, now: Date): void {
	const check = checkUsableToken(credential.token, repository, {now, allowPasswords: true});
	if (!check.ok) {
		throw new PreconditionError(`The upload token from ${credential.describeSource} ${describeRefusal(check, repository)}`, {hint: refusalHint(check, repository)});
	}
}

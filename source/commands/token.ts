import process from 'node:process';
import type {CommandHandler, CommandContext} from '../cli/command.js';
import {booleanOption} from '../cli/arguments.js';
import {closest} from '../core/closest.js';
import {readAll, readSecret} from '../cli/secret-prompt.js';
import {exitCodes, UsageError, type ExitCode} from '../core/errors.js';
import {KeychainUnavailableError, keychainHint, openKeychain, type Keychain} from '../core/credentials/keychain.js';
import {knownRepositories, pypircPath, repositoryLabel, resolveRepository, type Repository} from '../core/credentials/repositories.js';
import {checkPypiToken, type TokenCheck, type TokenDetails} from '../core/credentials/pypi-token.js';
import {tokenPageUrl} from '../core/credentials/token-page.js';
import {checkUsableToken, describeRefusal, formatDate, refusalHint} from '../core/credentials/usable-token.js';

const actions = ['set', 'status', 'delete'] as const;
type Action = (typeof actions)[number];

/** `wizard token set|status|delete REPOSITORY`: upload tokens in the OS keychain. */
export const tokenCommand: CommandHandler = async context => {
	const [action, repositoryArgument] = context.arguments_.positionals;
	if (action === undefined || !(actions as readonly string[]).includes(action)) {
		const suggestion = action === undefined ? undefined : closest(action, actions);
		throw new UsageError(action === undefined ? 'wizard token needs an action: set, status or delete.' : `Unknown token action "${action}".`, {
			hint: `${suggestion === undefined ? '' : `Did you mean "wizard token ${suggestion}"? `}Usage: wizard token set|status|delete REPOSITORY`,
		});
	}

	const keychain = openKeychain({env: context.env});
	if (action === 'status') {
		return showStatus(context, keychain, repositoryArgument);
	}

	if (repositoryArgument === undefined) {
		throw new UsageError(`wizard token ${action} needs a REPOSITORY.`, {
			hint: `testpypi, pypi, a section of ${pypircPath(context.env)}, or an upload URL: wizard token ${action} testpypi`,
		});
	}

	const repository = await resolveRepository(repositoryArgument, context.env);
	await requireKeychain(keychain);
	return (action as Action) === 'set' ? storeToken(context, keychain, repository) : deleteToken(context, keychain, repository);
};

async function requireKeychain(keychain: Keychain): Promise<void> {
	const status = await keychain.status();
	if (!status.available) {
		throw new KeychainUnavailableError(status.reason);
	}
}

async function storeToken(context: CommandContext, keychain: Keychain, repository: Repository): Promise<ExitCode> {
	const text = process.stdin.isTTY
		? await readSecret(`Paste the upload token for ${repositoryLabel(repository)} (input hidden):`, process.stdin, context.stderr)
		: await readAll(process.stdin);
	const check = checkUsableToken(text, repository);
	if (!check.ok) {
		const problem = check.reason === 'not-a-token' ? check.problem : `this token ${describeRefusal(check, repository)}`;
		throw new UsageError(`Refused, nothing was stored: ${problem}`, {hint: refusalHint(check, repository)});
	}

	await keychain.setToken(repository.uploadUrl, check.token);
	context.stdout.write(`✔ Stored the token for ${repositoryLabel(repository)} in the OS keychain (service ${repository.uploadUrl}, account __token__).\n`);
	if (check.details !== undefined) {
		context.stdout.write(formatDetails(repository, check.details).map(line => `  ${line}\n`).join(''));
	}

	return exitCodes.ok;
}

async function deleteToken(context: CommandContext, keychain: Keychain, repository: Repository): Promise<ExitCode> {
	const deleted = await keychain.deleteToken(repository.uploadUrl);
	context.stdout.write(
		deleted ? `✔ Deleted the token for ${repositoryLabel(repository)} from the OS keychain.\n` : `No token for ${repositoryLabel(repository)} was in the OS keychain; nothing to delete.\n`,
	);
	return exitCodes.ok;
}

type RepositoryStatus = {readonly repository: Repository; readonly stored: TokenCheck | undefined};

async function showStatus(context: CommandContext, keychain: Keychain, repositoryArgument: string | undefined): Promise<ExitCode> {
	const json = booleanOption(context.arguments_.options, 'json');
	const repositories = repositoryArgument === undefined ? await knownRepositories(context.env) : [await resolveRepository(repositoryArgument, context.env)];
	const twinePasswordSet = (context.env['TWINE_PASSWORD'] ?? '').trim() !== '';
	const keychainStatus = await keychain.status();
	if (!keychainStatus.available) {
		if (json) {
			context.stdout.write(`${JSON.stringify({keychain: keychainStatus, repositories: [], environment: {TWINE_PASSWORD: twinePasswordSet}}, undefined, 2)}\n`);
		}

		context.stderr.write(`✖ No OS keychain is reachable: ${keychainStatus.reason}.\n  ${keychainHint().replaceAll('\n', '\n  ')}\n`);
		return exitCodes.precondition;
	}

	const tokens = await keychain.getTokens(repositories.map(repository => repository.uploadUrl));
	const statuses: RepositoryStatus[] = repositories.map(repository => {
		const token = tokens.get(repository.uploadUrl);
		return {repository, stored: token === undefined ? undefined : checkPypiToken(token)};
	});
	if (json) {
		context.stdout.write(`${JSON.stringify({keychain: keychainStatus, repositories: statuses.map(status => statusJson(status)), environment: {TWINE_PASSWORD: twinePasswordSet}}, undefined, 2)}\n`);
		return exitCodes.ok;
	}

	const lines = ['OS keychain: reachable.'];
	for (const {repository, stored} of statuses) {
		if (stored === undefined) {
			lines.push(`${repositoryLabel(repository)}: no token in the keychain.`);
		} else if (stored.ok) {
			lines.push(`${repositoryLabel(repository)}: token stored.`, ...formatDetails(repository, stored.details).map(line => `  ${line}`));
		} else {
			lines.push(`${repositoryLabel(repository)}: an entry is stored, but it is not a PyPI token. ${stored.problem}`);
		}

		if (repository.password !== undefined) {
			lines.push(`  Also a plain-text password in ${pypircPath(context.env)} [${repository.name}], used when the keychain has none.`);
		}
	}

	if (twinePasswordSet) {
		lines.push('TWINE_PASSWORD is set: uploads use it before the keychain.');
	}

	context.stdout.write(`${lines.join('\n')}\n`);
	return exitCodes.ok;
}

function formatDetails(repository: Repository, details: TokenDetails): string[] {
	const lines: string[] = [];
	if (details.scope === 'projects') {
		const names = details.projects.length > 0 ? details.projects.join(', ') : `${details.projectIds.length} project(s), by id`;
		lines.push(`Scoped to projects: ${names}.`);
	} else {
		lines.push('Account-wide: it can upload to every project of the account.');
		const page = tokenPageUrl(repository.uploadUrl, details.location || undefined);
		lines.push(`⚠ An account-wide token is a risk if it leaks; make a project-scoped one at ${page ?? 'the index\'s token page'}.`);
	}

	if (details.expiresAt === undefined) {
		lines.push('No expiry.');
	} else if (details.expiresAt <= new Date()) {
		lines.push(`⚠ Expired on ${formatDate(details.expiresAt)}: uploads with it will be refused.`);
	} else {
		lines.push(`Expires on ${formatDate(details.expiresAt)}.`);
	}

	if (details.unknownCaveats > 0) {
		lines.push(`${details.unknownCaveats} restriction(s) this version of pypi-wizard cannot read.`);
	}

	return lines;
}

function statusJson({repository, stored}: RepositoryStatus): unknown {
	const base = {name: repository.name, uploadUrl: repository.uploadUrl, origin: repository.origin, pypircPassword: repository.password !== undefined};
	if (stored === undefined) {
		return {...base, token: null};
	}

	if (!stored.ok) {
		return {...base, token: {valid: false, problem: stored.problem}};
	}

	const {details} = stored;
	return {
		...base,
		token: {
			valid: true,
			location: details.location,
			scope: details.scope,
			projects: details.projects,
			projectIds: details.projectIds,
			expiresAt: details.expiresAt?.toISOString() ?? null,
			notBefore: details.notBefore?.toISOString() ?? null,
			expired: details.expiresAt !== undefined && details.expiresAt <= new Date(),
			trustedPublisher: details.trustedPublisher,
			caveatFormats: details.formats,
			unknownCaveats: details.unknownCaveats,
		},
	};
}

import {checkPypiToken, type TokenDetails} from './pypi-token.js';
import type {Repository} from './repositories.js';
import {expectedTokenLocation, tokenPageUrl} from './token-page.js';

/** Why an index is sure to refuse a credential. Holds nothing secret. */
export type TokenRefusal =
	| {readonly reason: 'not-a-token'; readonly problem: string}
	| {readonly reason: 'other-index'; readonly issuedBy: string; readonly expected: string}
	| {readonly reason: 'expired'; readonly expiredAt: Date};

export type UsableTokenCheck =
	/** `details` is undefined for a password an index other than PyPI's may take. */
	| {readonly ok: true; readonly token: string; readonly details: TokenDetails | undefined}
	| ({readonly ok: false} & TokenRefusal);

/**
 * Whether `text` is a credential `repository` can take: a PyPI token, issued by that index, not
 * expired. With `allowPasswords`, an index that is not PyPI's may take any text (a password).
 */
export function checkUsableToken(text: string, repository: Repository, options: {readonly now?: Date; readonly allowPasswords?: boolean} = {}): UsableTokenCheck {
	const expected = expectedTokenLocation(repository.uploadUrl);
	const check = checkPypiToken(text);
	if (!check.ok) {
		return options.allowPasswords === true && expected === undefined ? {ok: true, token: text.trim(), details: undefined} : {ok: false, reason: 'not-a-token', problem: check.problem};
	}

	if (expected !== undefined && check.details.location !== expected) {
		return {ok: false, reason: 'other-index', issuedBy: check.details.location || 'an unknown index', expected};
	}

	const {expiresAt} = check.details;
	if (expiresAt !== undefined && expiresAt <= (options.now ?? new Date())) {
		return {ok: false, reason: 'expired', expiredAt: expiresAt};
	}

	return {ok: true, token: check.token, details: check.details};
}

/** What is wrong, to follow "this token" or "the upload token from X". */
export function describeRefusal(refusal: TokenRefusal, repository: Repository): string {
	switch (refusal.reason) {
		case 'not-a-token': {
			return `is not a PyPI token: ${refusal.problem}`;
		}

		case 'other-index': {
			return `was issued by ${refusal.issuedBy}, but ${repository.name} uploads to ${refusal.expected}.`;
		}

		case 'expired': {
			return `expired on ${formatDate(refusal.expiredAt)}.`;
		}
	}
}

/** How to get and store a token the index will take. */
export function refusalHint(refusal: TokenRefusal, repository: Repository): string {
	const page = tokenPageUrl(repository.uploadUrl);
	const store = `A PyPI API token starts with "pypi-" followed by a long code; copy it whole${page === undefined ? '' : ` from ${page}`}, then: printf %s "$TOKEN" | wizard token set ${repository.name}`;
	return refusal.reason === 'other-index' ? `Tokens of pypi.org and test.pypi.org are separate. ${store}` : store;
}

export function formatDate(date: Date): string {
	return date.toISOString().replace('.000Z', 'Z');
}

import {parseCaveat, type Caveat, type CaveatFormat} from './caveats.js';
import {decodeMacaroon, MacaroonFormatError} from './macaroon.js';

export const tokenPrefix = 'pypi-';

/** What a token allows, read from its macaroon. Holds nothing secret. */
export type TokenDetails = {
	/** Who issued it: `pypi.org`, `test.pypi.org`, or another index. */
	readonly location: string;
	/** `projects` when any caveat limits it to projects; otherwise every project of the account. */
	readonly scope: 'projects' | 'account';
	/** Normalised project names it is limited to (PyPI also records their ids). */
	readonly projects: readonly string[];
	readonly projectIds: readonly string[];
	readonly expiresAt: Date | undefined;
	readonly notBefore: Date | undefined;
	/** Minted for a trusted publisher (short-lived, from CI). */
	readonly trustedPublisher: boolean;
	/** The caveat formats seen: legacy JSON objects, current compact lists, or both. */
	readonly formats: readonly CaveatFormat[];
	/** Caveats this version does not know; PyPI may still enforce them. */
	readonly unknownCaveats: number;
};

export type TokenCheck =
	| {readonly ok: true; readonly token: string; readonly details: TokenDetails}
	| {readonly ok: false; readonly problem: string};

/**
 * Checks that `text` is a PyPI API token (`pypi-` + a macaroon that decodes) and reads its
 * caveats. Surrounding whitespace is dropped, as PyPI does. The problem never quotes the text.
 */
export function checkPypiToken(text: string): TokenCheck {
	const token = text.trim();
	if (token === '') {
		return {ok: false, problem: 'The token is empty.'};
	}

	const tokens = token.match(/pypi-/g)?.length ?? 0;
	if (tokens > 1) {
		return {ok: false, problem: `The input holds ${tokens} PyPI tokens (pasted twice, or two copied at once?); give exactly one, the token for this index.`};
	}

	if (/\s/.test(token)) {
		return {ok: false, problem: 'The token contains spaces or line breaks inside it; a PyPI token is one unbroken word.'};
	}

	if (!token.startsWith(tokenPrefix)) {
		return {ok: false, problem: `The value (${token.length} characters) does not start with "${tokenPrefix}", so it is not a PyPI API token (a password or another service's token?).`};
	}

	try {
		const macaroon = decodeMacaroon(token.slice(tokenPrefix.length));
		return {ok: true, token, details: describeCaveats(macaroon.location, macaroon.caveats)};
	} catch (error: unknown) {
		if (error instanceof MacaroonFormatError) {
			return {ok: false, problem: `The text after "${tokenPrefix}" is not a PyPI macaroon: ${error.message}. Was it copied whole?`};
		}

		throw error;
	}
}

export function describeCaveats(location: string, caveatTexts: readonly string[]): TokenDetails {
	const caveats: Caveat[] = [];
	const formats = new Set<CaveatFormat>();
	for (const text of caveatTexts) {
		const parsed = parseCaveat(text);
		caveats.push(parsed.caveat);
		if (parsed.format !== undefined) {
			formats.add(parsed.format);
		}
	}

	const projects = unique(caveats.flatMap(caveat => (caveat.kind === 'project-names' ? caveat.names : [])));
	const projectIds = unique(caveats.flatMap(caveat => (caveat.kind === 'project-ids' ? caveat.ids : [])));
	const restrictsProjects = caveats.some(caveat => caveat.kind === 'project-names' || caveat.kind === 'project-ids');
	// Several expiration caveats all apply: the narrowest window wins.
	const expirations = caveats.filter(caveat => caveat.kind === 'expiration');
	const expiresAt = expirations.length > 0 ? Math.min(...expirations.map(caveat => caveat.expiresAt)) : undefined;
	const notBefore = expirations.length > 0 ? Math.max(...expirations.map(caveat => caveat.notBefore)) : undefined;
	return {
		location,
		scope: restrictsProjects ? 'projects' : 'account',
		projects,
		projectIds,
		expiresAt: expiresAt === undefined ? undefined : new Date(expiresAt * 1000),
		notBefore: notBefore === undefined ? undefined : new Date(notBefore * 1000),
		trustedPublisher: caveats.some(caveat => caveat.kind === 'trusted-publisher'),
		formats: [...formats].sort(),
		unknownCaveats: caveats.filter(caveat => caveat.kind === 'unknown').length,
	};
}

function unique(values: readonly string[]): string[] {
	return [...new Set(values)];
}

/**
 * What PyPI's caveats restrict, read from their text. PyPI has written two formats:
 * - legacy JSON objects: `{"version": 1, "permissions": "user"}`,
 *   `{"version": 1, "permissions": {"projects": ["name"]}}`, `{"exp": T, "nbf": T}`,
 *   `{"project_ids": ["uuid"]}`;
 * - current compact lists `[tag, ...fields]`: 0 expiration `[0, expires_at, not_before]`,
 *   1 project names `[1, ["name"]]`, 2 project ids `[2, ["uuid"]]`, 3 request user
 *   `[3, "user-id"]`, 4 trusted publisher `[4, "provider-id"]`.
 */
export type Caveat =
	| {readonly kind: 'expiration'; readonly expiresAt: number; readonly notBefore: number}
	| {readonly kind: 'project-names'; readonly names: readonly string[]}
	| {readonly kind: 'project-ids'; readonly ids: readonly string[]}
	| {readonly kind: 'user'; readonly userId: string | undefined}
	| {readonly kind: 'trusted-publisher'; readonly providerId: string}
	| {readonly kind: 'unknown'; readonly text: string};

export type CaveatFormat = 'legacy' | 'current';

export type ParsedCaveat = {readonly caveat: Caveat; readonly format: CaveatFormat | undefined};

/** Reads one caveat predicate; anything it does not recognise is `unknown`, never an error. */
export function parseCaveat(text: string): ParsedCaveat {
	let value: unknown;
	try {
		value = JSON.parse(text);
	} catch {
		return {caveat: {kind: 'unknown', text}, format: undefined};
	}

	if (Array.isArray(value)) {
		const caveat = parseCurrent(value);
		return {caveat: caveat ?? {kind: 'unknown', text}, format: caveat === undefined ? undefined : 'current'};
	}

	if (isRecord(value)) {
		const caveat = parseLegacy(value);
		return {caveat: caveat ?? {kind: 'unknown', text}, format: caveat === undefined ? undefined : 'legacy'};
	}

	return {caveat: {kind: 'unknown', text}, format: undefined};
}

function parseCurrent(value: readonly unknown[]): Caveat | undefined {
	const [tag, first, second] = value;
	switch (tag) {
		case 0: {
			return isInteger(first) && isInteger(second) ? {kind: 'expiration', expiresAt: first, notBefore: second} : undefined;
		}

		case 1: {
			return isStringList(first) ? {kind: 'project-names', names: first} : undefined;
		}

		case 2: {
			return isStringList(first) ? {kind: 'project-ids', ids: first} : undefined;
		}

		case 3: {
			return typeof first === 'string' ? {kind: 'user', userId: first} : undefined;
		}

		case 4: {
			return typeof first === 'string' ? {kind: 'trusted-publisher', providerId: first} : undefined;
		}

		default: {
			return undefined;
		}
	}
}

function parseLegacy(value: Readonly<Record<string, unknown>>): Caveat | undefined {
	if (value['version'] === 1) {
		const permissions = value['permissions'];
		if (permissions === 'user') {
			return {kind: 'user', userId: undefined};
		}

		if (isRecord(permissions) && isStringList(permissions['projects'])) {
			return {kind: 'project-names', names: permissions['projects']};
		}

		return undefined;
	}

	if (isInteger(value['exp']) && isInteger(value['nbf'])) {
		return {kind: 'expiration', expiresAt: value['exp'], notBefore: value['nbf']};
	}

	if (isStringList(value['project_ids'])) {
		return {kind: 'project-ids', ids: value['project_ids']};
	}

	return undefined;
}

function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isInteger(value: unknown): value is number {
	return Number.isInteger(value);
}

function isStringList(value: unknown): value is string[] {
	return Array.isArray(value) && value.every(item => typeof item === 'string');
}

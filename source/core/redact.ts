/** What replaces a secret in anything shown, logged or saved. */
export const redactedMark = '[redacted]';

/** Replaces every secret in a text; a secret wrapped over several lines is replaced line by line. */
export type Redact = (text: string) => string;

/** A redactor that knows its secrets, so a line writer can tell when to wait for the next line. */
export type Redactor = Redact & {
	/** True when the text ends with the first characters of a secret, which may go on in the next line. */
	readonly mayContinue: (text: string) => boolean;
};

export type SecretValues = {
	/** Passwords and tokens, in any shape. */
	readonly secrets: readonly (string | undefined)[];
	/** User names sent with them in HTTP Basic auth (`__token__` is always assumed). */
	readonly usernames?: readonly (string | undefined)[];
};

// A PyPI token: "pypi-" then a base64url V2 macaroon, which always begins "Ag" (version byte 2).
const pypiTokenPattern = /pypi-Ag[\w-]{20,}={0,2}/g;
// Basic auth of any PyPI token: base64 of "__token__:pypi-" is exactly these 20 characters.
const basicTokenPattern = /X190b2tlbl9fOnB5cGkt[A-Za-z0-9+/]{20,}={0,2}/g;
const shortestSecret = 6;
// What a tool inserts where it wraps a long word: a line break, maybe with padding around it.
const wrap = String.raw`(?:[ \t]*\n[ \t]*)?`;

/**
 * Returns a filter that replaces each secret in every form a tool may print it: as given,
 * trimmed, without its `pypi-` prefix, percent-encoded, as HTTP Basic auth (base64 of
 * `__token__:SECRET` and `USER:SECRET`), and wrapped over lines; and anything shaped like a
 * PyPI token. Feed it whole lines (see `createLineRedactor`): a piece of a secret is no secret.
 */
export function createRedactor(values: readonly (string | undefined)[] | SecretValues = []): Redactor {
	const {secrets, usernames = []} = Array.isArray(values) ? {secrets: values} : (values as SecretValues);
	const literals = secretForms(secrets, usernames);
	const wrapped = literals.map(literal => new RegExp([...literal].map(character => escapeRegExp(character)).join(wrap), 'g'));
	const redact: Redact = text => {
		let result = text;
		for (const [index, literal] of literals.entries()) {
			result = result.includes('\n') ? result.replace(wrapped[index]!, match => markEachLine(match)) : result.replaceAll(literal, redactedMark);
		}

		return result.replace(pypiTokenPattern, redactedMark).replace(basicTokenPattern, redactedMark);
	};

	const mayContinue = (text: string): boolean => {
		if (literals.length === 0) {
			return false;
		}

		const tail = text.slice(-4 * (literals[0]?.length ?? 0)).replaceAll(/[ \t]*\n[ \t]*/g, '');
		return literals.some(literal => endsWithStartOf(tail, literal));
	};

	return Object.assign(redact, {mayContinue});
}

function secretForms(secrets: readonly (string | undefined)[], usernames: readonly (string | undefined)[]): string[] {
	const users = ['__token__', ...usernames.filter((name): name is string => name !== undefined && name.trim() !== '').map(name => name.trim())];
	const forms = secrets
		.filter((secret): secret is string => secret !== undefined && secret.trim().length >= shortestSecret)
		.flatMap(secret => {
			const trimmed = secret.trim();
			return [
				secret,
				trimmed,
				trimmed.startsWith('pypi-') ? trimmed.slice('pypi-'.length) : trimmed,
				encodeURIComponent(trimmed),
				...users.map(user => Buffer.from(`${user}:${trimmed}`).toString('base64')),
			];
		})
		.filter(form => form.length >= shortestSecret);
	return [...new Set(forms)].sort((a, b) => b.length - a.length);
}

/** A match over several lines becomes one mark per line, so the line count stays the same. */
function markEachLine(match: string): string {
	return match
		.split('\n')
		.map(line => line.replace(/\S(?:.*\S)?/, redactedMark))
		.join('\n');
}

/** True when the text ends with the first characters of `literal`, but not all of them. */
function endsWithStartOf(text: string, literal: string): boolean {
	for (let start = text.indexOf(literal[0]!, Math.max(0, text.length - literal.length + 1)); start !== -1; start = text.indexOf(literal[0]!, start + 1)) {
		if (literal.startsWith(text.slice(start))) {
			return true;
		}
	}

	return false;
}

function escapeRegExp(character: string): string {
	return character.replace(/[.*+?^${}()|[\]\\/]/g, String.raw`\$&`);
}

/**
 * Turns chunks of output into redacted whole lines. A line that ends with the beginning of a
 * secret is held until the next line shows whether the secret goes on there (a wrapped token).
 */
export function createLineRedactor(
	redact: Redact,
	emit: (line: string) => void,
	prepare: (line: string) => string = line => line,
): {write(text: string): void; end(): void} {
	const mayContinue = (redact as Partial<Redactor>).mayContinue ?? (() => false);
	let partial = '';
	let held: string[] = [];
	const release = (all: boolean) => {
		if (held.length === 0) {
			return;
		}

		if (!all && mayContinue(held.join('\n'))) {
			return;
		}

		const lines = redact(held.join('\n')).split('\n');
		held = [];
		for (const line of lines) {
			emit(line);
		}
	};

	return {
		write(text) {
			const lines = (partial + text).split(/\r?\n|\r/);
			partial = lines.pop() ?? '';
			for (const line of lines) {
				held.push(prepare(line));
				release(false);
			}
		},
		end() {
			if (partial !== '') {
				held.push(prepare(partial));
				partial = '';
			}

			release(true);
		},
	};
}

export type SecretMatch = {readonly line: number; readonly kind: string; readonly preview: string};

/** A secret found in a member's bytes; `line` only where the member is text. */
export type ByteSecretMatch = {readonly line: number | undefined; readonly kind: string; readonly preview: string};

const privateKeyKind = 'a private key block';

const patterns: ReadonlyArray<{kind: string; pattern: RegExp; keep: number}> = [
	{kind: 'a PyPI upload token', pattern: /pypi-AgE[\w-]{40,}/, keep: 8},
	{kind: 'an AWS access key id', pattern: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/, keep: 4},
	{kind: 'an AWS secret access key', pattern: /\baws_secret_access_key\s*[=:]\s*["']?[A-Za-z0-9/+]{40}\b/i, keep: 21},
	{kind: privateKeyKind, pattern: /-----BEGIN (?:[A-Z]+ )*PRIVATE KEY(?: BLOCK)?-----/, keep: 30},
	{kind: 'a GitHub token', pattern: /\bgh[pousr]_[A-Za-z0-9]{36,}\b/, keep: 4},
	{kind: 'a GitHub fine-grained token', pattern: /\bgithub_pat_[A-Za-z0-9_]{22,}/, keep: 11},
	{kind: 'an npm token', pattern: /\bnpm_[A-Za-z0-9]{36}\b/, keep: 4},
	// An .npmrc credential line; `${NPM_TOKEN}` is a reference, not a secret.
	{kind: 'an npm registry credential', pattern: /:_(?:authToken|auth|password)\s*=\s*(?!\$\{)\S{8,}/, keep: 11},
];

/**
 * Lines of `text` that hold something shaped like a secret. The preview keeps only the part
 * every such secret shares (`pypi-AgE…`), so a report never repeats the secret itself.
 */
export function findSecrets(text: string): SecretMatch[] {
	const found: SecretMatch[] = [];
	for (const [index, line] of text.split(/\r?\n/).entries()) {
		for (const {kind, pattern, keep} of patterns) {
			const match = pattern.exec(line);
			if (match !== null) {
				found.push({line: index + 1, kind, preview: `${match[0].slice(0, keep)}…`});
			}
		}
	}

	return found;
}

/** A NUL byte early on says binary (images, compiled code, UTF-16 without a byte order mark). */
export function looksLikeText(bytes: Buffer): boolean {
	return !bytes.subarray(0, 8000).includes(0);
}

// No secret the patterns know is shorter than this: shorter printable runs in binaries are skipped.
const shortestSecret = 16;
const printableRuns = new RegExp(`[\\x20-\\x7E\\t\\r\\n]{${shortestSecret},}`, 'g');

/**
 * Secrets in a member's bytes, whatever its encoding: UTF-8 text by line; UTF-16 text (with a
 * byte order mark) by line; anything else by the printable runs of its bytes read as ASCII and
 * as UTF-16 at both alignments, as `strings` would, so a compiled module or a UTF-16 file hides nothing.
 */
export function findSecretsInBytes(bytes: Buffer): ByteSecretMatch[] {
	if (bytes[0] === 0xff && bytes[1] === 0xfe) {
		return findSecrets(bytes.subarray(2).toString('utf16le'));
	}

	if (bytes[0] === 0xfe && bytes[1] === 0xff) {
		const swapped = Buffer.from(bytes.subarray(2, bytes.length - (bytes.length % 2)));
		return findSecrets(swapped.swap16().toString('utf16le'));
	}

	if (looksLikeText(bytes)) {
		return findSecrets(bytes.toString('utf8'));
	}

	const seen = new Set<string>();
	const found: ByteSecretMatch[] = [];
	const views = [bytes.toString('latin1'), bytes.toString('utf16le'), bytes.subarray(1).toString('utf16le')];
	for (const view of views) {
		const text = (view.match(printableRuns) ?? []).join('\n');
		const lines = text.split(/\r?\n/);
		for (const secret of findSecrets(text)) {
			// A compiled TLS library holds the PEM header as a constant; a key has its body after it.
			if (secret.kind === privateKeyKind && !/^(?:[A-Za-z0-9+/=]{40,}|Proc-Type:)/.test(lines[secret.line] ?? '')) {
				continue;
			}

			const key = `${secret.kind}\u0000${secret.preview}`;
			if (!seen.has(key)) {
				seen.add(key);
				found.push({line: undefined, kind: secret.kind, preview: secret.preview});
			}
		}
	}

	return found;
}

export type SecretMatch = {readonly line: number; readonly kind: string; readonly preview: string};

const patterns: ReadonlyArray<{kind: string; pattern: RegExp; keep: number}> = [
	{kind: 'a PyPI upload token', pattern: /pypi-AgE[\w-]{40,}/, keep: 8},
	{kind: 'an AWS access key id', pattern: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/, keep: 4},
	{kind: 'a private key block', pattern: /-----BEGIN (?:[A-Z]+ )*PRIVATE KEY(?: BLOCK)?-----/, keep: 30},
	{kind: 'a GitHub token', pattern: /\bgh[pousr]_[A-Za-z0-9]{36,}\b/, keep: 4},
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

/** Binary members (images, compiled code) are not scanned: a NUL byte early on says binary. */
export function looksLikeText(bytes: Buffer): boolean {
	return !bytes.subarray(0, 8000).includes(0);
}

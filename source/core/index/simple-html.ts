import type {IndexFile} from './simple-api.js';

// PEP 503 project pages (frozen by PEP 833): one anchor per file, the hash in the URL fragment,
// PEP 592 `data-yanked` and PEP 345 `data-requires-python` as attributes.

const anchorPattern = /<a\b([^>]*)>([\s\S]*?)<\/a\s*>/gi;
const attributePattern = /([^\s"'=<>`/]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;

/** The files an HTML simple page lists; relative links resolve against `pageUrl` (or `<base href>`). */
export function parseSimpleHtml(html: string, pageUrl: string): IndexFile[] {
	const base = /<base\b([^>]*)>/i.exec(html);
	const baseHref = base === null ? undefined : attributesOf(base[1]!).get('href');
	const baseUrl = baseHref === undefined || baseHref === null ? pageUrl : new URL(baseHref, pageUrl).href;
	const files: IndexFile[] = [];
	for (const [, rawAttributes = '', text = ''] of html.matchAll(anchorPattern)) {
		const attributes = attributesOf(rawAttributes);
		const href = attributes.get('href');
		if (href === undefined || href === null) {
			continue;
		}

		const url = new URL(href, baseUrl);
		const hash = /(?:^|&)sha256=([0-9a-f]{64})(?:&|$)/i.exec(url.hash.slice(1))?.[1]?.toLowerCase();
		url.hash = '';
		const filename = decodeEntities(text.replaceAll(/<[^>]*>/g, '')).trim() || decodeURIComponent(url.pathname.split('/').at(-1) ?? '');
		const yanked = attributes.get('data-yanked');
		const requiresPython = attributes.get('data-requires-python');
		files.push({
			filename,
			url: url.href,
			sha256: hash,
			// A bare `data-yanked` or an empty one is a yank without a reason.
			yanked: yanked === undefined ? false : yanked === null || yanked === '' ? true : yanked,
			...(requiresPython ? {requiresPython} : {}),
		});
	}

	return files;
}

/** Attribute name (lowercase) -> decoded value, or null for a bare attribute. */
function attributesOf(text: string): Map<string, string | null> {
	const attributes = new Map<string, string | null>();
	for (const [, name = '', doubleQuoted, singleQuoted, unquoted] of text.matchAll(attributePattern)) {
		const value = doubleQuoted ?? singleQuoted ?? unquoted;
		attributes.set(name.toLowerCase(), value === undefined ? null : decodeEntities(value));
	}

	return attributes;
}

const namedEntities: Readonly<Record<string, string>> = {amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00A0'};

function decodeEntities(text: string): string {
	return text.replaceAll(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (entity, body: string) => {
		if (body.startsWith('#')) {
			const code = /^#x/i.test(body) ? Number.parseInt(body.slice(2), 16) : Number.parseInt(body.slice(1), 10);
			return code <= 0x10_ff_ff ? String.fromCodePoint(code) : entity;
		}

		return namedEntities[body.toLowerCase()] ?? entity;
	});
}

/** The page where a user makes a new (project-scoped) token, for indexes we know; else undefined. */
export function tokenPageUrl(uploadUrl: string, macaroonLocation?: string): string | undefined {
	const host = macaroonLocation ?? safeHost(uploadUrl);
	if (host === 'pypi.org' || host === 'upload.pypi.org') {
		return 'https://pypi.org/manage/account/token/';
	}

	if (host === 'test.pypi.org') {
		return 'https://test.pypi.org/manage/account/token/';
	}

	return undefined;
}

/** The macaroon location a token for this upload URL must carry, where the index is PyPI's. */
export function expectedTokenLocation(uploadUrl: string): string | undefined {
	const host = safeHost(uploadUrl);
	if (host === 'upload.pypi.org' || host === 'pypi.org') {
		return 'pypi.org';
	}

	return host === 'test.pypi.org' ? 'test.pypi.org' : undefined;
}

function safeHost(url: string): string | undefined {
	try {
		return new URL(url).hostname;
	} catch {
		return undefined;
	}
}

import {exitCodes, WizardError} from '../errors.js';

/**
 * A read from an index (simple or JSON API) that did not answer usefully: the URL, the status
 * (undefined when no answer came at all) and whether asking again later may help.
 */
export class IndexRequestError extends WizardError {
	readonly url: string;
	readonly status: number | undefined;
	readonly retryable: boolean;

	constructor(url: string, status: number | undefined, detail: string, options: {readonly retryable: boolean; readonly cause?: unknown}) {
		super(`${url} ${status === undefined ? 'did not answer' : `answered ${status}`}: ${detail}`, exitCodes.stepFailed, {
			hint: options.retryable ? 'The index may be briefly unavailable; the release can be resumed later with the same command.' : `Check that ${url} is a PyPI-compatible index.`,
			cause: options.cause,
		});
		this.url = url;
		this.status = status;
		this.retryable = options.retryable;
	}
}

/** What to do when a file name is already taken on an index by other bytes. */
export function fileReuseAdvice(filename: string): string {
	return `An index never accepts a file name twice, even after a delete, so ${filename} can never be replaced. Release a new version instead: for the same code, a post-release (X.Y.Z.post1, then .post2, ...) with wizard --bump post.`;
}

/** The index lists a file under the name we mean to upload (or uploaded), with other bytes. */
export class FileReuseError extends WizardError {
	readonly filename: string;
	readonly localSha256: string;
	readonly indexSha256: string;

	constructor(filename: string, localSha256: string, indexSha256: string, where: string) {
		super(`${where} already has a file named ${filename} with other contents (sha256 ${indexSha256}, ours ${localSha256}).`, exitCodes.stepFailed, {
			hint: fileReuseAdvice(filename),
		});
		this.filename = filename;
		this.localSha256 = localSha256;
		this.indexSha256 = indexSha256;
	}
}

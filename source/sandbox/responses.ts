import {createHash} from 'node:crypto';
import type {IncomingMessage, ServerResponse} from 'node:http';
import {STATUS_CODES} from 'node:http';

/**
 * Warehouse puts its message in the status line (`400 File already exists (...)`), encoded
 * Latin-1 with replacement; Node refuses CR, LF and other control characters there.
 */
export function reasonPhrase(message: string): string {
	return message
		.replaceAll(/[^\u0000-\u00FF]/g, '?')
		.replaceAll(/[^\t\u0020-\u007E\u0080-\u00FF]/g, ' ')
		.trim();
}

const explanations: Record<number, string> = {
	400: 'The server could not comply with the request since it is either malformed or otherwise incorrect.',
	403: 'Access was denied to this resource.',
	404: 'The resource could not be found.',
	405: 'The method is not allowed for this resource.',
	409: 'There was a conflict when trying to complete your request.',
	410: 'This resource is no longer available.  No forwarding address is given.',
	503: 'The server is currently unavailable. Please try again at a later time.',
};

function escapeHtml(text: string): string {
	return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');
}

/**
 * An error answered as warehouse answers it: the message in the reason phrase and in Pyramid's
 * default error body (HTML for `*\/*`, which is what requests-based clients send).
 */
export function sendError(request: IncomingMessage, response: ServerResponse, status: number, message: string | undefined, headers: Record<string, string> = {}): void {
	const title = STATUS_CODES[status] ?? 'Error';
	const phrase = message === undefined || message === '' ? title : reasonPhrase(message);
	const explanation = explanations[status] ?? '';
	const accept = request.headers.accept ?? '*/*';
	let contentType: string;
	let body: string;
	if (/application\/json/.test(accept) && !/text\/html/.test(accept)) {
		contentType = 'application/json';
		body = `${JSON.stringify({message: `${explanation}\n\n${message ?? ''}`.trim(), code: `${status} ${phrase}`, title})}\n`;
	} else if (/text\/plain/.test(accept) && !/text\/html|\*\/\*/.test(accept)) {
		contentType = 'text/plain; charset=UTF-8';
		body = `${status} ${phrase}\n\n${explanation}\n\n${message ?? ''}\n`;
	} else {
		contentType = 'text/html; charset=UTF-8';
		const detail = message === undefined ? '' : escapeHtml(message);
		body = `<html>\n <head>\n  <title>${status} ${escapeHtml(phrase)}</title>\n </head>\n <body>\n  <h1>${status} ${escapeHtml(phrase)}</h1>\n  ${explanation}<br/><br/>\n${detail}\n\n\n </body>\n</html>`;
	}

	response.statusCode = status;
	response.statusMessage = phrase;
	response.setHeader('Content-Type', contentType);
	for (const [name, value] of Object.entries(headers)) {
		response.setHeader(name, value);
	}

	response.end(request.method === 'HEAD' ? undefined : body);
}

export const revalidate = 'max-age=0, must-revalidate';

/**
 * A buffered 200 with an ETag; answers 304 when the client already holds it, as warehouse's
 * conditional-response tween does.
 */
export function sendCacheable(request: IncomingMessage, response: ServerResponse, contentType: string, body: string | Buffer, headers: Record<string, string>, etag = etagOf(body)): void {
	response.setHeader('ETag', etag);
	for (const [name, value] of Object.entries(headers)) {
		response.setHeader(name, value);
	}

	const held = request.headers['if-none-match'];
	if (held !== undefined && held.split(',').some(tag => tag.trim().replace(/^W\//, '') === etag)) {
		response.statusCode = 304;
		response.end();
		return;
	}

	response.statusCode = 200;
	response.setHeader('Content-Type', contentType);
	response.setHeader('Content-Length', Buffer.byteLength(body));
	response.end(request.method === 'HEAD' ? undefined : body);
}

export function etagOf(body: string | Buffer): string {
	return `"${createHash('md5').update(body).digest('hex')}"`;
}

export function redirect(response: ServerResponse, status: 301 | 308, location: string, message?: string): void {
	response.statusCode = status;
	if (message !== undefined) {
		response.statusMessage = reasonPhrase(message);
	}

	response.setHeader('Location', location);
	response.setHeader('Content-Type', 'text/plain; charset=UTF-8');
	response.end(`${status} ${message ?? STATUS_CODES[status]}\n`);
}

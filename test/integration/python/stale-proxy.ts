import {createServer, request as httpRequest, type IncomingHttpHeaders} from 'node:http';
import type {AddressInfo} from 'node:net';

// A CDN edge in front of the sandbox that keeps the first answer for every simple page URL
// and ignores `Cache-Control: max-age=0` from clients, as an edge that missed a purge does.
// URLs with another query (the index client's cache-busting polls) are other cache entries.

export type StaleProxy = {
	readonly url: string;
	/** Drops every kept page: the edge fetches again, as after its TTL. */
	expire(): void;
	close(): Promise<void>;
};

type Kept = {readonly status: number; readonly headers: IncomingHttpHeaders; readonly body: Buffer};

export async function startStaleProxy(origin: string): Promise<StaleProxy> {
	const kept = new Map<string, Kept>();
	const target = new URL(origin);
	const server = createServer((request, response) => {
		const key = `${request.url ?? '/'} ${request.headers.accept ?? ''}`;
		const cacheable = request.method === 'GET' && /\/simple\//.test(request.url ?? '');
		const hit = cacheable ? kept.get(key) : undefined;
		if (hit !== undefined) {
			response.writeHead(hit.status, {...hit.headers, 'x-cache': 'HIT'});
			response.end(hit.body);
			return;
		}

		const upstream = httpRequest(
			{host: target.hostname, port: target.port, method: request.method, path: request.url, headers: {...request.headers, host: target.host}},
			answer => {
				const chunks: Buffer[] = [];
				answer.on('data', (chunk: Buffer) => chunks.push(chunk));
				answer.on('end', () => {
					const body = Buffer.concat(chunks);
					if (cacheable && answer.statusCode === 200) {
						kept.set(key, {status: 200, headers: answer.headers, body});
					}

					response.writeHead(answer.statusCode ?? 502, answer.headers);
					response.end(body);
				});
			},
		);
		upstream.on('error', () => {
			response.writeHead(502);
			response.end();
		});
		request.pipe(upstream);
	});
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	const {port} = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		expire: () => kept.clear(),
		close: async () =>
			new Promise<void>(resolve => {
				server.close(() => resolve());
				server.closeAllConnections();
			}),
	};
}

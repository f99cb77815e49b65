// The baseline for the simple API: node:http answering every GET with the same bytes, read
// once at start. No routing, no rendering, no disk: the least any server in Node can do.
// Usage: node bench/static-server.mjs FILE  (prints "static server at http://127.0.0.1:PORT")
import {readFileSync} from 'node:fs';
import {createServer} from 'node:http';

const body = readFileSync(process.argv[2]);
const server = createServer((request, response) => {
	response.writeHead(200, {'Content-Type': 'text/html; charset=utf-8', 'Content-Length': body.length});
	response.end(body);
});
server.listen(0, '127.0.0.1', () => {
	process.stdout.write(`static server at http://127.0.0.1:${server.address().port}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));

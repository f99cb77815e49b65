// (a) The simple API's root with 5,000 projects, against a static server (bench/static-server.mjs)
// answering with the very bytes the sandbox rendered. Both are separate processes, fetched by
// the same client on a fresh connection each time. Two figures:
//   - steady: the page as pip reads it between uploads (the sandbox serves its rendered bytes);
//   - fresh: the records change (a yank or un-yank, not timed) before each request, so the
//     sandbox builds the page from its records every time: the linear part.
// Usage: npm run build && node bench/simple-root.mjs [PROJECTS] [PAIRS]
import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import {request} from 'node:http';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {importTs, root} from './import-ts.mjs';
import {report, runPairs, timeAsync} from './pairs.mjs';
import {startProcess, startSandbox} from './sandbox-process.mjs';

const projects = Number(process.argv[2] ?? 5000);
const pairs = Number(process.argv[3] ?? 21);
const token = 'pypi-benchmark-token';
const {writeIndexOfProjects} = await importTs('test/integration/sandbox/index-data.ts');

function fetchBody(url, {method = 'GET', body, headers = {}} = {}) {
	return new Promise((resolve, reject) => {
		const outgoing = request(url, {method, headers, agent: false}, response => {
			const chunks = [];
			response.on('data', chunk => chunks.push(chunk));
			response.on('end', () => (response.statusCode === 200 ? resolve(Buffer.concat(chunks)) : reject(new Error(`${url}: ${response.statusCode} ${response.statusMessage}`))));
		});
		outgoing.on('error', reject);
		outgoing.end(body);
	});
}

let toggles = 0;
async function changeRecords(url) {
	const action = toggles++ % 2 === 0 ? 'yank' : 'unyank';
	await fetchBody(`${url}/testpypi/_sandbox/${action}`, {
		method: 'POST',
		body: 'project=project-00000&version=1.0',
		headers: {'Content-Type': 'application/x-www-form-urlencoded', Authorization: `Basic ${Buffer.from(`__token__:${token}`).toString('base64')}`},
	});
}

const work = await mkdtemp(path.join(tmpdir(), 'bench-simple-root-'));
const dataDir = path.join(work, 'data');
await writeIndexOfProjects(dataDir, projects);
const sandbox = await startSandbox(dataDir);
const page = await fetchBody(`${sandbox.url}/testpypi/simple/`);
await writeFile(path.join(work, 'root.html'), page);
const staticServer = await startProcess([path.join(root, 'bench', 'static-server.mjs'), path.join(work, 'root.html')], /static server at (http:\/\/[\d.:]+)/);
try {
	const sandboxRoot = `${sandbox.url}/testpypi/simple/`;
	const staticRoot = `${staticServer.url}/`;
	const names = {commandName: 'sandbox /testpypi/simple/', baselineName: 'static node:http, same bytes', digits: 2};
	console.log(`Simple API root, ${projects} projects (${(page.length / 1024).toFixed(0)} KiB of HTML), fresh connection per request`);
	report(
		'steady (between uploads):',
		await runPairs({pairs, warmup: 3, command: async () => timeAsync(async () => fetchBody(sandboxRoot)), baseline: async () => timeAsync(async () => fetchBody(staticRoot))}),
		names,
	);
	report(
		'fresh (records changed before each request):',
		await runPairs({
			pairs,
			warmup: 3,
			command: async () => {
				await changeRecords(sandbox.url);
				return timeAsync(async () => fetchBody(sandboxRoot));
			},
			baseline: async () => timeAsync(async () => fetchBody(staticRoot)),
		}),
		names,
	);
} finally {
	await Promise.all([sandbox.stop(), staticServer.stop()]);
	await rm(work, {recursive: true, force: true});
}

// The sandbox under load, each figure next to a baseline from the same run:
// 1. Peak RSS of the server process (VmHWM) while it receives a 50 MB and a 200 MB wheel,
//    against the same server after a 1 MB upload: memory must stay flat in file size.
// 2. Median latency of a project page holding 1,000 files, HTML and PEP 691 JSON, against
//    the index root of an empty sandbox.
// Usage: npm run build && node bench/sandbox-upload.mjs
import {spawn, execFileSync} from 'node:child_process';
import {createHash, randomBytes} from 'node:crypto';
import {createReadStream, readFileSync} from 'node:fs';
import {mkdtemp, mkdir, rm, stat, writeFile} from 'node:fs/promises';
import {request} from 'node:http';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const python = process.env.WIZARD_TEST_PYTHON ?? '/usr/bin/python3';
const token = 'pypi-benchmark-token';
const work = await mkdtemp(path.join(tmpdir(), 'sandbox-bench-'));

async function startServer(dataDir) {
	const child = spawn(process.execPath, [cli, 'sandbox', '--port', '0', '--data', dataDir, '--max-file-size', String(300 * 1024 * 1024)], {stdio: ['ignore', 'pipe', 'inherit']});
	const url = await new Promise((resolve, reject) => {
		let output = '';
		child.stdout.on('data', chunk => {
			output += chunk;
			const match = /ready at (http:\/\/[\d.:]+)/.exec(output);
			if (match && output.includes('Ctrl+C')) {
				resolve(match[1]);
			}
		});
		child.once('exit', code => reject(new Error(`sandbox exited ${code}`)));
	});
	return {
		url,
		peakMiB: () => Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))[1]) / 1024,
		async stop() {
			child.kill('SIGTERM');
			await new Promise(resolve => child.once('exit', resolve));
		},
	};
}

/** A valid wheel of about `megabytes` MB: incompressible data stored, plus the dist-info files. */
function makeWheel(megabytes) {
	const name = `big${megabytes}`;
	const file = path.join(work, `${name}-1.0-py3-none-any.whl`);
	execFileSync(python, [
		'-c',
		`
import os, sys, zipfile
path, name, size = sys.argv[1], sys.argv[2], int(sys.argv[3])
with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as wheel:
    with wheel.open(f"{name}/data.bin", "w") as out:
        for _ in range(size // (1 << 20)):
            out.write(os.urandom(1 << 20))
    wheel.writestr(f"{name}-1.0.dist-info/METADATA", f"Metadata-Version: 2.1\\nName: {name}\\nVersion: 1.0\\n")
    wheel.writestr(f"{name}-1.0.dist-info/WHEEL", "Wheel-Version: 1.0\\nGenerator: bench\\nRoot-Is-Purelib: true\\nTag: py3-none-any\\n")
    wheel.writestr(f"{name}-1.0.dist-info/RECORD", "")
`,
		file,
		name,
		String(megabytes * 1024 * 1024),
	]);
	return {file, name};
}

async function sha256Of(file) {
	const hash = createHash('sha256');
	for await (const chunk of createReadStream(file)) {
		hash.update(chunk);
	}

	return hash.digest('hex');
}

/** Streams a twine-shaped multipart upload of `file` (never held in memory here either). */
async function upload(url, {file, name}) {
	const boundary = `----bench${randomBytes(6).toString('hex')}`;
	const fields = {':action': 'file_upload', protocol_version: '1', metadata_version: '2.1', name, version: '1.0', filetype: 'bdist_wheel', pyversion: 'py3', sha256_digest: await sha256Of(file)};
	const head = Buffer.from(
		Object.entries(fields)
			.map(([key, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${key}"\r\n\r\n${value}\r\n`)
			.join('') + `--${boundary}\r\nContent-Disposition: form-data; name="content"; filename="${path.basename(file)}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
	);
	const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
	const {size} = await stat(file);
	const started = performance.now();
	const status = await new Promise((resolve, reject) => {
		const outgoing = request(`${url}/testpypi/legacy/`, {
			method: 'POST',
			headers: {
				'Content-Type': `multipart/form-data; boundary=${boundary}`,
				'Content-Length': head.length + size + tail.length,
				Authorization: `Basic ${Buffer.from(`__token__:${token}`).toString('base64')}`,
			},
		});
		outgoing.on('response', response => {
			response.resume();
			response.on('end', () => resolve(`${response.statusCode} ${response.statusMessage}`));
		});
		outgoing.on('error', reject);
		outgoing.write(head);
		const body = createReadStream(file);
		body.on('end', () => outgoing.end(tail));
		body.pipe(outgoing, {end: false});
	});
	if (!status.startsWith('200')) {
		throw new Error(`upload of ${path.basename(file)} answered ${status}`);
	}

	return (performance.now() - started) / 1000;
}

async function uploadFigure(megabytes) {
	const wheel = makeWheel(megabytes);
	const server = await startServer(path.join(work, `data-${megabytes}`));
	try {
		const seconds = await upload(server.url, wheel);
		return {megabytes, seconds, peak: server.peakMiB()};
	} finally {
		await server.stop();
		await rm(wheel.file, {force: true});
	}
}

function median(values) {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.floor(sorted.length / 2)];
}

async function latency(url, accept, runs = 101) {
	const times = [];
	for (let run = 0; run < runs; run++) {
		const started = performance.now();
		await new Promise((resolve, reject) => {
			request(url, {headers: {Accept: accept}}, response => {
				response.resume();
				response.on('end', resolve);
			})
				.on('error', reject)
				.end();
		});
		times.push(performance.now() - started);
	}

	return median(times.slice(1));
}

/** Records for one project with 1,000 files (500 releases, wheel and sdist each). */
async function seedThousandFiles(dataDir) {
	const files = [];
	const releases = [];
	for (let release = 0; release < 500; release++) {
		const version = `1.${release}.0`;
		releases.push({project: 'many', version, canonicalVersion: `1.${release}`, created: '2026-01-01T00:00:00.000000Z', yanked: release % 50 === 0, yankedReason: null, serial: release + 1, metadata: {summary: 'many files'}});
		for (const [filename, packagetype] of [
			[`many-${version}-py3-none-any.whl`, 'bdist_wheel'],
			[`many-${version}.tar.gz`, 'sdist'],
		]) {
			const digest = createHash('sha256').update(filename).digest('hex');
			files.push({filename, project: 'many', version, packagetype, pythonVersion: packagetype === 'sdist' ? 'source' : 'py3', size: 1234, md5: digest.slice(0, 32), sha256: digest, blake2_256: digest, uploadTime: '2026-01-01T00:00:00.000000Z', requiresPython: '>=3.8', metadataSha256: packagetype === 'sdist' ? null : digest, comment: null, visibleAfter: 0, serial: release + 1});
		}
	}

	await mkdir(path.join(dataDir, 'testpypi'), {recursive: true});
	await writeFile(path.join(dataDir, 'testpypi', 'records.json'), JSON.stringify({serial: 500, projects: {many: {name: 'many', normalized: 'many'}}, releases, files, usedFilenames: files.map(file => file.filename)}));
}

try {
	console.log('Upload: peak RSS of the sandbox process (VmHWM)');
	const figures = [];
	for (const megabytes of [1, 50, 200]) {
		figures.push(await uploadFigure(megabytes));
	}

	const [baseline] = figures;
	for (const {megabytes, seconds, peak} of figures) {
		const ratio = megabytes === 1 ? '(baseline)' : `(${(peak / baseline.peak).toFixed(2)}x the 1 MB upload)`;
		console.log(`  ${String(megabytes).padStart(3)} MB wheel  ${peak.toFixed(0).padStart(4)} MiB peak  ${seconds.toFixed(1).padStart(5)} s  ${ratio}`);
	}

	const largest = figures.at(-1);
	console.log(`  goal: under 150 MiB and flat in file size: ${largest.peak < 150 && largest.peak < baseline.peak * 1.5 ? 'met' : 'NOT MET'}`);

	console.log('Simple API: median latency over 100 requests');
	const dataDir = path.join(work, 'data-pages');
	await seedThousandFiles(dataDir);
	const server = await startServer(dataDir);
	try {
		const empty = await latency(`${server.url}/pypi/simple/`, 'text/html');
		const html = await latency(`${server.url}/testpypi/simple/many/`, 'text/html');
		const json = await latency(`${server.url}/testpypi/simple/many/`, 'application/vnd.pypi.simple.v1+json');
		console.log(`  empty index root (baseline)      ${empty.toFixed(2).padStart(6)} ms`);
		console.log(`  1,000-file project page, HTML    ${html.toFixed(2).padStart(6)} ms  (${(html / empty).toFixed(1)}x baseline)`);
		console.log(`  1,000-file project page, JSON    ${json.toFixed(2).padStart(6)} ms  (${(json / empty).toFixed(1)}x baseline)`);
		console.log(`  goal: under 50 ms: ${html < 50 && json < 50 ? 'met' : 'NOT MET'}`);
	} finally {
		await server.stop();
	}
} finally {
	await rm(work, {recursive: true, force: true});
}

// (b) A sandbox upload against `cp` of the same file, pair by pair, for a 1 MB, a 50 MB and a
// 200 MB wheel. The upload is timed from the first byte sent to the answer (a streaming client
// in this process, as twine streams; the server hashes md5, sha256 and blake2b-256, writes,
// checks the archive and records it); `cp` copies the same file on the same disk. Each upload
// goes to a fresh `wizard sandbox` process (started untimed), so every run stores a new file.
// Also reports the server's peak RSS, which must not grow with the file.
// Usage: npm run build && node bench/upload.mjs [PAIRS] [SIZES_MB...]
import {execFileSync} from 'node:child_process';
import {createHash, randomBytes} from 'node:crypto';
import {createReadStream} from 'node:fs';
import {mkdtemp, rm, stat} from 'node:fs/promises';
import {request} from 'node:http';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {report, runPairs, spread, timeAsync, timeCommand} from './pairs.mjs';
import {startSandbox} from './sandbox-process.mjs';

const pairs = Number(process.argv[2] ?? 3);
const sizes = process.argv.slice(3).map(Number).filter(Boolean);
const python = process.env.WIZARD_TEST_PYTHON ?? '/usr/bin/python3';
const token = 'pypi-benchmark-token';
const work = await mkdtemp(path.join(tmpdir(), 'bench-upload-'));

/** A valid wheel of about `megabytes` MB: incompressible data, stored, plus the dist-info files. */
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

/** Streams a twine-shaped multipart upload of `file`; resolves when the sandbox has answered 200. */
async function upload(url, {file, name}, sha256) {
	const boundary = `----bench${randomBytes(6).toString('hex')}`;
	const fields = {':action': 'file_upload', protocol_version: '1', metadata_version: '2.1', name, version: '1.0', filetype: 'bdist_wheel', pyversion: 'py3', sha256_digest: sha256};
	const head = Buffer.from(
		Object.entries(fields)
			.map(([key, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${key}"\r\n\r\n${value}\r\n`)
			.join('') + `--${boundary}\r\nContent-Disposition: form-data; name="content"; filename="${path.basename(file)}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
	);
	const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
	const {size} = await stat(file);
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
}

try {
	for (const megabytes of sizes.length > 0 ? sizes : [1, 50, 200]) {
		const wheel = makeWheel(megabytes);
		const sha256 = await sha256Of(wheel.file);
		const copy = path.join(work, 'copy.whl');
		const peaks = [];
		let run = 0;
		const result = await runPairs({
			pairs,
			warmup: 0,
			async command() {
				const sandbox = await startSandbox(path.join(work, `data-${megabytes}-${run++}`), ['--max-file-size', String(300 * 1024 * 1024)]);
				try {
					return await timeAsync(async () => upload(sandbox.url, wheel, sha256));
				} finally {
					peaks.push(sandbox.peakMiB());
					await sandbox.stop();
					await rm(path.join(work, `data-${megabytes}-${run - 1}`), {recursive: true, force: true});
				}
			},
			async baseline() {
				const elapsed = timeCommand('cp', [wheel.file, copy]);
				await rm(copy, {force: true});
				return elapsed;
			},
		});
		report(`Upload of a ${megabytes} MB wheel:`, result, {commandName: 'sandbox upload (client to 200)', baselineName: 'cp of the same file', digits: 0});
		const peak = spread(peaks);
		console.log(`  ${'sandbox peak RSS (VmHWM)'.padEnd(34)} ${peak.median.toFixed(0)} MiB (min ${peak.min.toFixed(0)}, max ${peak.max.toFixed(0)})`);
		console.log(`  ${'upload throughput'.padEnd(34)} ${((megabytes * 1000) / result.commandMs.median).toFixed(0)} MB/s`);
		await rm(wheel.file, {force: true});
	}
} finally {
	await rm(work, {recursive: true, force: true});
}

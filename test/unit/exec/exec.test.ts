import {readFile} from 'node:fs/promises';
import path from 'node:path';
import {Writable} from 'node:stream';
import {describe, expect, test} from 'vitest';
import {collectRunSecrets} from '../../../source/core/credentials/run-secrets.js';
import {exec, ExecError, ExecTimeoutError, onSpawn} from '../../../source/core/exec.js';
import {createRedactor} from '../../../source/core/redact.js';
import {temporaryFolder} from '../../helpers/temp.js';

const node = process.execPath;

describe('exec', () => {
	test('a secret the child writes in two pieces is still redacted on the live stream', async () => {
		let streamed = '';
		const sink = new Writable({
			write(chunk, _encoding, next) {
				streamed += String(chunk);
				next();
			},
		});
		// The child flushes half the secret, waits, then writes the rest: two separate chunks.
		const script = 'process.stdout.write("token s3cr3t"); setTimeout(() => process.stdout.write("-value done\\n"), 100)';
		await exec(node, ['-e', script], {cwd: process.cwd(), stdout: sink, redact: text => text.replaceAll('s3cr3t-value', '[redacted]')});
		expect(streamed).toBe('token [redacted] done\n');
	});

	test('children see CI=true; output is streamed, logged with the command line, and redacted everywhere', async () => {
		const folder = await temporaryFolder();
		const logFile = path.join(folder, 'logs', 'step.log');
		let streamed = '';
		const sink = new Writable({
			write(chunk, _encoding, next) {
				streamed += String(chunk);
				next();
			},
		});
		const lines: string[] = [];
		const result = await exec(node, ['-e', 'console.log("ci=" + process.env.CI); console.log("token s3cr3t-value")'], {
			cwd: folder,
			logFile,
			stdout: sink,
			redact: text => text.replaceAll('s3cr3t-value', '[redacted]'),
			onLine: line => lines.push(line),
		});
		expect(result.stdout).toBe('ci=true\ntoken [redacted]\n');
		expect(streamed).toBe('ci=true\ntoken [redacted]\n');
		expect(lines).toEqual(['ci=true', 'token [redacted]']);
		const log = await readFile(logFile, 'utf8');
		expect(log).toMatch(/^\$ .*node -e /);
		expect(log).toContain('token [redacted]');
		expect(log).not.toContain('s3cr3t');
	});

	test('a failure is an ExecError carrying the command, the exit code and the last 20 lines', async () => {
		const folder = await temporaryFolder();
		const error = await exec(node, ['-e', 'for (let i = 1; i <= 30; i++) console.log("line " + i); process.exit(4)'], {cwd: folder}).catch((error_: unknown) => error_);
		expect(error).toBeInstanceOf(ExecError);
		const execError = error as ExecError;
		expect(execError.childExitCode).toBe(4);
		expect(execError.command).toContain('node -e');
		expect(execError.message).toMatch(/exited with code 4\.$/);
		expect(execError.tail).toHaveLength(20);
		expect(execError.tail[0]).toBe('line 11');
		expect(execError.tail.at(-1)).toBe('line 30');
	});

	test('an abort stops the whole process tree, grandchildren included', async () => {
		const folder = await temporaryFolder();
		const controller = new AbortController();
		const grandchild = 'require("child_process").spawn(process.execPath, ["-e", "console.log(process.pid); setInterval(() => {}, 1000)"], {stdio: "inherit"}); setInterval(() => {}, 1000)';
		let grandchildPid: number | undefined;
		const running = exec(node, ['-e', grandchild], {
			cwd: folder,
			signal: controller.signal,
			onLine(line) {
				grandchildPid = Number(line);
				controller.abort();
			},
		});
		await expect(running).rejects.toThrow(/was stopped/);
		await expect.poll(() => isAlive(grandchildPid!), {timeout: 5000}).toBe(false);
	});

	test('a child past its time limit is stopped with its children, and the error names the command and the setting', async () => {
		const folder = await temporaryFolder();
		const grandchild = 'require("child_process").spawn(process.execPath, ["-e", "console.log(process.pid); setInterval(() => {}, 1000)"], {stdio: "inherit"}); setInterval(() => {}, 1000)';
		let grandchildPid: number | undefined;
		const started = Date.now();
		const error = await exec(node, ['-e', grandchild], {
			cwd: folder,
			timeout: {seconds: 1, setting: 'timeout = SECONDS in [tool.pypi-wizard] in pyproject.toml (now 1 s)'},
			onLine(line) {
				grandchildPid = Number(line);
			},
		}).catch((error_: unknown) => error_);
		expect(error).toBeInstanceOf(ExecTimeoutError);
		expect((error as ExecTimeoutError).message).toMatch(/node -e .* did not finish within 1 s, so it was stopped\.$/);
		expect((error as ExecTimeoutError).hint).toBe('The limit is timeout = SECONDS in [tool.pypi-wizard] in pyproject.toml (now 1 s); raise it there if the command is only slow.');
		expect(Date.now() - started).toBeLessThan(10_000);
		await expect.poll(() => isAlive(grandchildPid!), {timeout: 5000}).toBe(false);
	});

	test('a child never inherits an upload credential: TWINE_PASSWORD, TWINE_USERNAME, the --token-env variable, or any variable holding a secret', async () => {
		const folder = await temporaryFolder();
		const saved = {...process.env};
		Object.assign(process.env, {TWINE_PASSWORD: 'hunter2-password', TWINE_USERNAME: 'alice', RELEASE_TOKEN: 'token-from-ci-1234', COPY_OF_TOKEN: 'token-from-ci-1234', HARMLESS: 'kept'});
		try {
			const dump = 'console.log(JSON.stringify(process.env))';
			const secrets = collectRunSecrets(process.env, 'RELEASE_TOKEN');
			const child = JSON.parse((await exec(node, ['-e', dump], {cwd: folder, secrets})).stdout) as Record<string, string>;
			expect(Object.keys(child)).not.toContain('TWINE_PASSWORD');
			expect(Object.keys(child)).not.toContain('TWINE_USERNAME');
			expect(Object.keys(child)).not.toContain('RELEASE_TOKEN');
			expect(Object.keys(child)).not.toContain('COPY_OF_TOKEN');
			expect(child['HARMLESS']).toBe('kept');

			// Without being told the run's secrets, exec still withholds the twine variables.
			const byDefault = JSON.parse((await exec(node, ['-e', dump], {cwd: folder})).stdout) as Record<string, string>;
			expect(Object.keys(byDefault)).not.toContain('TWINE_PASSWORD');

			// A twine upload names the credential itself, and gets it.
			const upload = JSON.parse((await exec(node, ['-e', dump], {cwd: folder, secrets, env: {TWINE_PASSWORD: 'hunter2-password'}, redact: text => text})).stdout) as Record<string, string>;
			expect(upload['TWINE_PASSWORD']).toBe('hunter2-password');
		} finally {
			for (const name of ['TWINE_PASSWORD', 'TWINE_USERNAME', 'RELEASE_TOKEN', 'COPY_OF_TOKEN', 'HARMLESS']) {
				if (saved[name] === undefined) {
					delete process.env[name];
				} else {
					process.env[name] = saved[name];
				}
			}
		}
	});

	test('a secret the child prints wrapped over lines is redacted on the stream, in the log, the tail and the result', async () => {
		const folder = await temporaryFolder();
		const logFile = path.join(folder, 'step.log');
		const secret = 'Zm9vYmFyLXNlY3JldC12YWx1ZS10aGF0LWlzLWxvbmc';
		let streamed = '';
		const sink = new Writable({
			write(chunk, _encoding, next) {
				streamed += String(chunk);
				next();
			},
		});
		const script = `const s = ${JSON.stringify(secret)}; console.log("key: " + s.slice(0, 10)); console.log(s.slice(10, 30)); console.log(s.slice(30)); console.log("done")`;
		const error = (await exec(node, ['-e', `${script}; process.exit(1)`], {cwd: folder, logFile, stdout: sink, redact: createRedactor([secret])}).catch((error_: unknown) => error_)) as ExecError;
		const everything = [streamed, await readFile(logFile, 'utf8'), error.tail.join('\n'), error.message].join('\n');
		for (const piece of [secret.slice(0, 10), secret.slice(10, 30), secret.slice(30)]) {
			expect(everything).not.toContain(piece);
		}

		expect(streamed).toBe('key: [redacted]\n[redacted]\n[redacted]\ndone\n');
	});

	test('onSpawn observes every child started, with its arguments and folder', async () => {
		const folder = await temporaryFolder();
		const seen: string[] = [];
		const stop = onSpawn(record => seen.push(`${record.args.join(' ')} in ${record.cwd}`));
		await exec(node, ['-e', '0'], {cwd: folder});
		stop();
		await exec(node, ['-e', '1'], {cwd: folder});
		expect(seen).toEqual([`-e 0 in ${folder}`]);
	});
});

function isAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}

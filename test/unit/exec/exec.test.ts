import {readFile} from 'node:fs/promises';
import path from 'node:path';
import {Writable} from 'node:stream';
import {describe, expect, test} from 'vitest';
import {exec, ExecError, onSpawn} from '../../../source/core/exec.js';
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

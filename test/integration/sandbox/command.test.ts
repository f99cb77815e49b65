import {execa} from 'execa';
import {writeFile} from 'node:fs/promises';
import path from 'node:path';
import {expect, test} from 'vitest';
import {cliPath, runCli} from '../../helpers/cli.js';
import {temporaryFolder} from '../../helpers/temp.js';
import {send} from './http.js';

// `wizard sandbox` as a user runs it: it prints both indexes' URLs when ready, serves them, and
// stops cleanly (exit 0) on SIGTERM or SIGINT.

test.each(['SIGTERM', 'SIGINT'] as const)('wizard sandbox prints its URLs, serves them, and exits 0 on %s', async signal => {
	const data = await temporaryFolder('sandbox-cli-');
	const child = execa(process.execPath, [cliPath, 'sandbox', '--port', '0', '--data', data, '--token', 'pypi-only-this-one'], {reject: false, env: {NO_COLOR: '1'}});
	let output = '';
	const ready = new Promise<string>((resolve, reject) => {
		child.stdout!.on('data', (chunk: Buffer) => {
			output += chunk.toString();
			const url = /Sandbox index ready at (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];
			if (url !== undefined && output.includes('Press Ctrl+C')) {
				resolve(url);
			}
		});
		child.once('exit', () => reject(new Error(`wizard sandbox exited early:\n${output}`)));
	});
	const url = await ready;
	for (const index of ['testpypi', 'pypi']) {
		expect(output).toContain(`upload  ${url}/${index}/legacy/`);
		expect(output).toContain(`simple  ${url}/${index}/simple/`);
		expect((await send(`${url}/${index}/simple/`)).status).toBe(200);
	}

	child.kill(signal);
	const result = await child;
	expect(result.exitCode).toBe(0);
	expect(String(result.stdout)).toContain('Sandbox stopped.');
});

test.each([
	[['--flaky', '2'], '--flaky 2 is not a share of requests between 0 and 1.'],
	[['--delay', 'soon'], '--delay soon is not a number of seconds (0 or more).'],
	[['--port', '70000'], '--port 70000 is not a port number (0 to 65535; 0 picks a free port).'],
])('wizard sandbox %j is a usage error (exit 2) that names the value', async (args, message) => {
	const result = await runCli(['sandbox', ...args]);
	expect(result.exitCode).toBe(2);
	expect(String(result.stderr)).toContain(message);
});

test('wizard sandbox --data naming a file is a usage error (exit 2) that names the value and the fix', async () => {
	const file = path.join(await temporaryFolder('sandbox-cli-data-'), 'not-a-folder');
	await writeFile(file, 'x');
	const result = await runCli(['sandbox', '--data', file]);
	expect(result.exitCode).toBe(2);
	expect(String(result.stderr)).toContain(`--data ${file}: it is a file, not a folder`);
	expect(String(result.stderr)).toContain('Pass a folder you can write to');
	expect(String(result.stderr)).not.toContain('please report it');
});

test('wizard sandbox --host with an address that is not this machine\'s is a usage error (exit 2) that names the value and the fix', async () => {
	const result = await runCli(['sandbox', '--host', '203.0.113.7', '--port', '0']);
	expect(result.exitCode).toBe(2);
	expect(String(result.stderr)).toContain('--host 203.0.113.7 is not an address of this machine');
	expect(String(result.stderr)).toContain('Use 127.0.0.1');
	expect(String(result.stderr)).not.toContain('please report it');
});

test('wizard sandbox --host with a name that does not resolve is a usage error (exit 2)', async () => {
	const result = await runCli(['sandbox', '--host', 'no-such-host.invalid']);
	expect(result.exitCode).toBe(2);
	expect(String(result.stderr)).toContain('--host no-such-host.invalid is not an address of this machine');
});

import {readFile, writeFile} from 'node:fs/promises';
import {createServer, type Server, type Socket} from 'node:net';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {runCli} from '../../helpers/cli.js';
import {temporaryFolder, type FileTree} from '../../helpers/temp.js';
import {python, requirePythonModules} from '../../helpers/tools.js';
import {git, gitRepository, type TestRepository} from './git-repository.js';
import {localRelease} from '../../helpers/local-release.js';

function staticPackage(config = ''): FileTree {
	return {
		'pyproject.toml': `[build-system]\nrequires = ["setuptools"]\nbuild-backend = "setuptools.build_meta"\n\n[project]\nname = "slow-remote"\nversion = "0.3.2"\n${config}`,
		'slow_remote/__init__.py': '',
	};
}

async function wizard(repository: TestRepository, ...args: string[]) {
	return runCli(['--ci', ...localRelease, '--no-isolation', '--bump', 'patch', ...args, repository.root], {env: {XDG_CONFIG_HOME: repository.configHome}, timeout: 60_000});
}

function isAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}

// A git daemon that accepts the connection and never answers: the remote of a hung network.
let silent: Server;
const sockets = new Set<Socket>();
let port: number;

beforeAll(async () => {
	requirePythonModules(['build', 'twine'], 'python3-build twine');
	silent = createServer(socket => {
		sockets.add(socket);
		socket.on('error', () => undefined);
		socket.on('close', () => sockets.delete(socket));
	});
	await new Promise<void>(resolve => {
		silent.listen(0, '127.0.0.1', resolve);
	});
	port = (silent.address() as {port: number}).port;
});

afterAll(async () => {
	for (const socket of sockets) {
		socket.destroy();
	}

	await new Promise(resolve => {
		silent.close(resolve);
	});
});

describe('waits that could last forever are bounded', () => {
	test('git fetch to a remote that never answers stops after the configured timeout, naming the command and the setting', async () => {
		const repository = await gitRepository(staticPackage('\n[tool.pypi-wizard]\ntimeout = 2\n'));
		git(repository.root, 'remote', 'set-url', 'origin', `git://127.0.0.1:${port}/origin.git`);
		const started = Date.now();
		const result = await wizard(repository, '--python', python);
		expect(result.exitCode).toBe(3);
		expect(result.stderr).toContain('✖ git fetch origin did not answer within 2 s, so it was stopped.');
		expect(result.stderr).toContain('The limit is timeout = SECONDS in [tool.pypi-wizard] in pyproject.toml (now 2 s).');
		expect(Date.now() - started).toBeLessThan(30_000);
	});

	test('an interpreter that hangs at start-up stops after the timeout, and its process is gone with the run', async () => {
		const repository = await gitRepository(staticPackage('\n[tool.pypi-wizard]\ntimeout = 2\n'), {remote: false});
		const folder = await temporaryFolder('wizard-python-');
		const pidFile = path.join(folder, 'pid');
		const interpreter = path.join(folder, 'python3');
		await writeFile(interpreter, `#!/bin/sh\necho $$ > ${pidFile}\nexec sleep 600\n`, {mode: 0o755});
		const result = await wizard(repository, '--python', interpreter);
		expect(result.exitCode).toBe(3);
		expect(result.stderr).toContain(`✖ The Python interpreter "${interpreter}" did not answer within 2 s, so it was stopped.`);
		expect(result.stderr).toContain('The limit is timeout = SECONDS in [tool.pypi-wizard] in pyproject.toml (now 2 s).');
		const pid = Number(await readFile(pidFile, 'utf8'));
		await expect.poll(() => isAlive(pid), {timeout: 5000}).toBe(false);
	});

	test('a failed git fetch shows what git said, not the tail of its advice', async () => {
		const repository = await gitRepository(staticPackage());
		const missing = path.join(await temporaryFolder('wizard-gone-'), 'gone.git');
		git(repository.root, 'remote', 'set-url', 'origin', missing);
		const result = await wizard(repository, '--python', python);
		expect(result.exitCode).toBe(3);
		expect(result.stderr).toContain(`✖ git fetch origin failed:\n  fatal: '${missing}' does not appear to be a git repository`);
		expect(result.stderr).not.toContain('and the repository exists.');
	});
});

import {execa} from 'execa';
import {spawn, type ChildProcess} from 'node:child_process';
import {once} from 'node:events';
import {appendFile, mkdir, readdir, readFile} from 'node:fs/promises';
import path from 'node:path';
import {afterAll, beforeAll, expect, test} from 'vitest';
import {resolveUploadToken} from '../../../source/core/credentials/resolve-token.js';
import {twineEnvironment} from '../../../source/core/credentials/twine-environment.js';
import {exec, ExecError} from '../../../source/core/exec.js';
import {openKeychain} from '../../../source/core/credentials/keychain.js';
import {createRedactor} from '../../../source/core/redact.js';
import {resolveRepository} from '../../../source/core/credentials/repositories.js';
import {startSandbox, type Sandbox} from '../../../source/sandbox/server.js';
import {runCli} from '../../helpers/cli.js';
import {startKeychainSession, type KeychainSession} from '../../helpers/keychain-session.js';
import {currentCaveats, mintTokens} from '../../helpers/mint-token.js';
import {temporaryFolder, writeTree} from '../../helpers/temp.js';
import {python, requireCommand, requirePythonModules} from '../../helpers/tools.js';

let session: KeychainSession;
let sandbox: Sandbox;
let token: string;
let wheel: string;
let project: string;

beforeAll(async () => {
	requireCommand('strace', 'strace');
	requirePythonModules(['twine', 'build', 'flit_core'], 'twine python3-build flit');
	session = await startKeychainSession();
	[token] = mintTokens([{location: 'pypi.org', caveats: [currentCaveats.projectNames(['token-secrecy-demo'])]}]) as [string];
	sandbox = await startSandbox({port: 0, tokens: [token]});
	project = await temporaryFolder('wizard-upload-');
	await writeTree(project, {
		'pyproject.toml': [
			'[build-system]',
			'requires = ["flit_core>=3.2"]',
			'build-backend = "flit_core.buildapi"',
			'[project]',
			'name = "token-secrecy-demo"',
			'version = "1.0.0"',
			'description = "Uploaded by the token secrecy test."',
		].join('\n'),
		'token_secrecy_demo/__init__.py': '"""Demo."""\n',
	});
	await execa(python, ['-m', 'build', '--wheel', '--no-isolation', '--outdir', 'dist', '.'], {cwd: project});
	wheel = path.join(project, 'dist', 'token_secrecy_demo-1.0.0-py2.py3-none-any.whl');
});

afterAll(async () => {
	await sandbox?.close();
	await session?.close();
});

/** Records the argv of every process this test process starts (and their children) with strace. */
async function recordExecs(): Promise<{stop: () => Promise<string>}> {
	const folder = await temporaryFolder('wizard-strace-');
	const output = path.join(folder, 'execve.txt');
	const tracer: ChildProcess = spawn('strace', ['-f', '-qq', '-e', 'trace=execve', '-s', '65536', '-o', output, '-p', String(process.pid)], {
		stdio: ['ignore', 'ignore', 'pipe'],
	});
	let stderr = '';
	await new Promise<void>((resolve, reject) => {
		const timer = setTimeout(() => {
			reject(new Error(`strace did not attach within 10 s: ${stderr}`));
		}, 10_000);
		tracer.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
			stderr += chunk;
		});
		tracer.once('exit', code => {
			clearTimeout(timer);
			reject(new Error(`strace exited (${code}) before attaching: ${stderr}`));
		});
		// strace has attached once the exec of a marker child is in its output.
		const poll = setInterval(() => {
			void execa('true').then(async () => {
				const text = await readFile(output, 'utf8').catch(() => '');
				if (text.includes('execve("')) {
					clearInterval(poll);
					clearTimeout(timer);
					tracer.removeAllListeners('exit');
					resolve();
				}
			});
		}, 100);
	});
	return {
		async stop() {
			const exited = once(tracer, 'exit');
			tracer.kill('SIGINT');
			await exited;
			return readFile(output, 'utf8');
		},
	};
}

async function filesUnder(root: string): Promise<string[]> {
	const entries = await readdir(root, {recursive: true, withFileTypes: true});
	return entries.filter(entry => entry.isFile()).map(entry => path.join(entry.parentPath, entry.name));
}

test('a twine upload through the credentials module leaves the token in no state or log file and in no child argv', async () => {
	const uploadUrl = `${sandbox.url}/testpypi/legacy/`;
	const stateRoot = await temporaryFolder('wizard-state-');
	const dirs = {
		HOME: path.join(stateRoot, 'home'),
		XDG_CONFIG_HOME: path.join(stateRoot, 'config'),
		XDG_STATE_HOME: path.join(stateRoot, 'state'),
		XDG_CACHE_HOME: path.join(stateRoot, 'cache'),
	};
	const logFile = path.join(dirs.XDG_STATE_HOME, 'pypi-wizard', 'logs', 'upload.log');

	// Given the token stored with `wizard token set URL`, as a user would.
	const stored = await runCli(['token', 'set', uploadUrl], {env: {...session.env, ...dirs}, input: token});
	expect(stored.exitCode, String(stored.stderr)).toBe(0);

	const trace = await recordExecs();
	let execs: string;
	try {
		// When the credentials chain finds it and twine uploads with it, output going to a log.
		const env = {...process.env, ...session.env, ...dirs, TWINE_PASSWORD: undefined};
		const chainLog: string[] = [];
		const credential = await resolveUploadToken({
			repository: await resolveRepository(uploadUrl, env),
			env,
			keychain: openKeychain({env}),
			log: message => chainLog.push(message),
		});
		await mkdir(path.dirname(logFile), {recursive: true});
		await appendFile(logFile, chainLog.map(line => `${line}\n`).join(''));
		expect(credential.source).toBe('keychain');
		const redact = createRedactor([credential.token]);
		const run = {cwd: project, env: {...dirs, ...twineEnvironment(credential)}, logFile, redact};
		await exec(python, ['-m', 'twine', 'upload', '--verbose', '--disable-progress-bar', '--repository-url', uploadUrl, wheel], run).catch((error: unknown) => {
			throw error instanceof ExecError ? new Error(`${error.message}\n${error.tail.join('\n')}`) : error;
		});
		// A child that prints the token itself: the log gets it redacted.
		await exec(python, ['-c', 'import os; print("token in use:", os.environ["TWINE_PASSWORD"])'], run);
	} finally {
		execs = await trace.stop();
	}

	// Then the index has the file,
	const simple = await fetch(`${sandbox.url}/testpypi/simple/token-secrecy-demo/`);
	expect(await simple.text()).toContain('token_secrecy_demo-1.0.0-py2.py3-none-any.whl');

	// every child was recorded (the keychain helper, twine) and none had the token in its argv,
	const execLines = execs.split('\n').filter(line => line.includes('execve("'));
	expect(execLines.some(line => line.includes('"-m", "twine", "upload"'))).toBe(true);
	expect(execLines.some(line => line.includes('"-e"') && line.includes('keyring'))).toBe(true);
	const secretPart = token.slice('pypi-'.length);
	expect(execLines.filter(line => line.includes(secretPart.slice(0, 24)) || line.includes(secretPart.slice(-24)))).toEqual([]);

	// and no file under the state and log folders (nor the project) holds it, though the log was written.
	const log = await readFile(logFile, 'utf8');
	expect(log).toContain(`Upload token for ${uploadUrl}: from the OS keychain.`);
	expect(log).toContain('token in use: [redacted]');
	const files = [...(await filesUnder(stateRoot)), ...(await filesUnder(project))];
	expect(files).toContain(logFile);
	for (const file of files) {
		const content = await readFile(file, 'latin1');
		expect(content.includes(secretPart.slice(0, 24)) || content.includes(secretPart.slice(-24)), `${file} holds the token`).toBe(false);
	}
});

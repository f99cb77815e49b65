import {execFile} from 'node:child_process';
import {createRequire} from 'node:module';
import process from 'node:process';

/** `__token__`: the account twine, hatch, flit and uv look up next to the upload URL. */
export const tokenAccount = '__token__';

export type WorkerRequest =
	| {readonly op: 'probe'}
	| {readonly op: 'get'; readonly services: readonly string[]}
	| {readonly op: 'set'; readonly service: string; readonly secret: string}
	| {readonly op: 'delete'; readonly service: string};

export type WorkerAnswer =
	| {readonly ok: true; readonly values?: readonly (string | null)[]; readonly deleted?: boolean}
	| {readonly ok: false; readonly error: string; readonly unavailable: boolean; readonly ambiguous?: boolean};

export type WorkerOutcome = WorkerAnswer | {readonly ok: false; readonly timedOut: true};

// Runs in a short-lived child: a keychain call that hangs (a D-Bus activation that never answers,
// an unlock prompt nobody sees) is killed with the child and cannot block this process. The
// request, which may hold a token, travels on stdin and the answer on stdout, never in argv.
// On Linux the entry is pinned to the Secret Service: the default silently falls back to the
// kernel keyring, which Python's keyring (twine) cannot see.
const workerSource = String.raw`
const {AsyncEntry, findCredentialsAsync} = require(process.argv[1]);
const account = process.argv[2];
const options = process.platform === 'linux' ? {linux: {store: 'secret-service'}} : undefined;
const entry = service => new AsyncEntry(service, account, options);
const answer = value => process.stdout.write(JSON.stringify(value));
const isAmbiguous = error => /matched by \d+ credentials|ambiguous/i.test(String(error && error.message));
// Two entries for one URL: Python's keyring adds its own beside ours instead of replacing it.
// Read the first the Secret Service lists, the one twine's keyring lookup reads too.
const firstOfSeveral = async service => {
	const found = await findCredentialsAsync(service);
	const match = found.find(credential => credential.account === account);
	return match ? match.password : null;
};
let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', chunk => { input += chunk; });
process.stdin.on('end', async () => {
	const request = JSON.parse(input);
	let stage = 'connect';
	try {
		if (request.op === 'probe') {
			const probe = entry('pypi-wizard keychain probe');
			stage = 'use';
			await probe.getPassword();
			answer({ok: true});
		} else if (request.op === 'get') {
			const values = [];
			for (const service of request.services) {
				const item = entry(service);
				stage = 'use';
				try {
					values.push(await item.getPassword());
				} catch (error) {
					if (!isAmbiguous(error)) throw error;
					values.push(await firstOfSeveral(service));
				}
			}
			answer({ok: true, values});
		} else if (request.op === 'set') {
			const item = entry(request.service);
			stage = 'use';
			await item.setPassword(request.secret);
			answer({ok: true});
		} else {
			const item = entry(request.service);
			stage = 'use';
			answer({ok: true, deleted: await item.deleteCredential()});
		}
	} catch (error) {
		const message = String(error && error.message || error);
		if (isAmbiguous(error)) {
			answer({ok: false, error: 'several keychain entries match this URL and account', unavailable: false, ambiguous: true});
			return;
		}
		answer({ok: false, error: message, unavailable: stage === 'connect' || /platform|dbus|secret service|locked|no result found|storage/i.test(message)});
	}
});
`;

/** Runs one keychain request in a child node process, killed after `timeoutMilliseconds`. */
export async function runKeychainWorker(request: WorkerRequest, env: NodeJS.ProcessEnv, timeoutMilliseconds: number): Promise<WorkerOutcome> {
	const modulePath = createRequire(import.meta.url).resolve('@napi-rs/keyring');
	return new Promise(resolve => {
		const child = execFile(
			process.execPath,
			['-e', workerSource, modulePath, tokenAccount],
			{env, timeout: timeoutMilliseconds, killSignal: 'SIGKILL', encoding: 'utf8', maxBuffer: 1024 * 1024},
			(error, stdout, stderr) => {
				if (error !== null && (error.killed || error.signal === 'SIGKILL')) {
					resolve({ok: false, timedOut: true});
					return;
				}

				try {
					resolve(JSON.parse(stdout) as WorkerAnswer);
				} catch {
					const detail = stderr.trim().split('\n').at(-1) ?? '';
					resolve({ok: false, error: `the keychain helper failed${detail === '' ? '' : `: ${detail}`}`, unavailable: true});
				}
			},
		);
		child.stdin?.end(JSON.stringify(request));
	});
}

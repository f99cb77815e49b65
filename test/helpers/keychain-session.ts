import {spawn} from 'node:child_process';
import {once} from 'node:events';
import {mkdir} from 'node:fs/promises';
import path from 'node:path';
import {temporaryFolder} from './temp.js';
import {requireCommand} from './tools.js';

export type KeychainSession = {
	/** Give these to a process (the built CLI, python -m keyring) to reach this session's keychain. */
	readonly env: {readonly DBUS_SESSION_BUS_ADDRESS: string; readonly HOME: string; readonly XDG_DATA_HOME: string};
	readonly close: () => Promise<void>;
};

// gnome-keyring only creates the default ("login") collection when unlocked with a non-empty
// password; with an empty one every write fails with "no result found".
const sessionScript = [
	"printf 'wizard-tests' | gnome-keyring-daemon --unlock --components=secrets --daemonize >/dev/null || exit 1",
	'printf "%s\\n" "$DBUS_SESSION_BUS_ADDRESS"',
	// Lives until the test closes stdin; dbus-run-session then stops the bus and the daemon with it.
	'exec cat >/dev/null',
].join('\n');

/**
 * A private D-Bus session with an unlocked GNOME Keyring (Secret Service) whose files live in a
 * temp HOME: the real keychain, isolated from the machine's and from other tests.
 */
export async function startKeychainSession(): Promise<KeychainSession> {
	requireCommand('dbus-run-session', 'dbus');
	requireCommand('gnome-keyring-daemon', 'gnome-keyring');
	const home = await temporaryFolder('wizard-keychain-');
	const dataHome = path.join(home, '.local', 'share');
	await mkdir(dataHome, {recursive: true});
	const child = spawn('dbus-run-session', ['--', 'sh', '-c', sessionScript], {
		env: {PATH: process.env['PATH'], HOME: home, XDG_DATA_HOME: dataHome},
		stdio: ['pipe', 'pipe', 'pipe'],
	});
	let stderr = '';
	child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
		stderr += chunk;
	});
	const address = await new Promise<string>((resolve, reject) => {
		let stdout = '';
		child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
			stdout += chunk;
			const newline = stdout.indexOf('\n');
			if (newline !== -1) {
				resolve(stdout.slice(0, newline).trim());
			}
		});
		child.once('exit', code => reject(new Error(`dbus-run-session with gnome-keyring-daemon exited (${code}) before it was ready:\n${stderr}`)));
		child.once('error', reject);
	});
	if (!address.startsWith('unix:')) {
		throw new Error(`The keychain session printed no D-Bus address (got "${address}"):\n${stderr}`);
	}

	return {
		env: {DBUS_SESSION_BUS_ADDRESS: address, HOME: home, XDG_DATA_HOME: dataHome},
		async close() {
			if (child.exitCode === null && child.signalCode === null) {
				const exited = once(child, 'exit');
				child.stdin.end();
				await exited;
			}
		},
	};
}

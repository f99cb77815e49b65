import {execa} from 'execa';
import {afterAll, beforeAll, expect, test} from 'vitest';
import {cliPath} from '../../helpers/cli.js';
import {startKeychainSession, type KeychainSession} from '../../helpers/keychain-session.js';
import {currentCaveats, mintTokens} from '../../helpers/mint-token.js';
import {python, requireCommand, requirePythonModules} from '../../helpers/tools.js';

const tmuxSession = `wizard-token-${process.pid}`;
let session: KeychainSession;

beforeAll(async () => {
	requireCommand('tmux', 'tmux');
	requirePythonModules(['keyring'], 'python3-keyring');
	session = await startKeychainSession();
});

afterAll(async () => {
	await execa('tmux', ['kill-session', '-t', tmuxSession], {reject: false});
	await session?.close();
});

async function screen(): Promise<string> {
	return (await execa('tmux', ['capture-pane', '-p', '-t', tmuxSession])).stdout;
}

async function waitForScreen(text: string): Promise<string> {
	const deadline = Date.now() + 20_000;
	for (;;) {
		const shown = await screen();
		if (shown.includes(text)) {
			return shown;
		}

		if (Date.now() > deadline) {
			throw new Error(`The terminal never showed "${text}". It shows:\n${shown}`);
		}

		await new Promise(resolve => {
			setTimeout(resolve, 100);
		});
	}
}

test('on a terminal, wizard token set asks with a prompt that never shows what is typed', async () => {
	const [token] = mintTokens([{location: 'test.pypi.org', caveats: [currentCaveats.projectNames(['typed-pkg'])]}]) as [string];
	const environment = Object.entries(session.env).flatMap(([name, value]) => ['-e', `${name}=${value}`]);
	await execa('tmux', [
		'new-session', '-d', '-s', tmuxSession, '-x', '200', '-y', '30', ...environment, '-e', 'NO_COLOR=1',
		`${process.execPath} ${cliPath} token set testpypi; echo "EXIT=$?"; sleep 60`,
	]);

	await waitForScreen('Paste the upload token for testpypi (https://test.pypi.org/legacy/) (input hidden):');
	await execa('tmux', ['send-keys', '-t', tmuxSession, '-l', token]);
	await execa('tmux', ['send-keys', '-t', tmuxSession, 'Enter']);
	const shown = await waitForScreen('EXIT=');

	expect(shown).toContain('✔ Stored the token for testpypi');
	expect(shown).toContain('EXIT=0');
	expect(shown).not.toContain(token.slice(5, 25));
	expect(shown).not.toContain(token.slice(-20));
	const twineReads = await execa(python, ['-m', 'keyring', 'get', 'https://test.pypi.org/legacy/', '__token__'], {env: session.env});
	expect(twineReads.stdout).toBe(token);
});

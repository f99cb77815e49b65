import {execFile} from 'node:child_process';
import {readFile, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {promisify} from 'node:util';
import {afterAll} from 'vitest';
import {temporaryFolder} from './temp.js';
import {requireCommand} from './tools.js';

const run = promisify(execFile);

/** tmux's names for the keys the wizard reads (`send-keys` without `-l`). */
export type NamedKey = 'Enter' | 'Up' | 'Down' | 'Left' | 'Right' | 'Escape' | 'Tab' | 'BSpace' | 'PPage' | 'NPage' | 'C-c';

export type TerminalOptions = {
	/** The program and its arguments, run directly (no shell). */
	readonly command: readonly string[];
	readonly columns: number;
	readonly rows: number;
	readonly cwd: string;
	/** Added to the pane's environment on top of PATH (nothing else of this process leaks in). */
	readonly env?: Readonly<Record<string, string>>;
};

export type CaptureOptions = {readonly ansi?: boolean; readonly scrollback?: boolean};

export type Terminal = {
	/** Text typed as it is (`send-keys -l`): no key names, no escapes interpreted. */
	readonly type: (text: string) => Promise<void>;
	/** Named keys, one after another. */
	readonly press: (...keys: readonly NamedKey[]) => Promise<void>;
	/**
	 * What the pane shows now, rows without their trailing spaces and without the blank rows at
	 * the bottom: plain, or with SGR escapes (`capture-pane -e`); with `scrollback`, the rows
	 * scrolled off the top come first (a screen taller than the terminal starts there).
	 */
	readonly capture: (options?: CaptureOptions) => Promise<string>;
	/** Polls the pane (and its scrollback when asked) until it shows `expected`; returns that capture (plain). */
	readonly waitFor: (expected: string | RegExp, options?: {readonly timeoutMs?: number; readonly scrollback?: boolean}) => Promise<string>;
	/** The program's exit status once it has exited (its pane stays open until kill()). */
	readonly exitCode: (timeoutMs?: number) => Promise<number>;
	readonly kill: () => Promise<void>;
};

const pollMs = 50;

const running = new Set<Terminal>();

async function pause(ms: number): Promise<void> {
	await new Promise(resolve => {
		setTimeout(resolve, ms);
	});
}

/** The rows of a capture without the empty ones below the last written row. */
function withoutBlankEnd(screen: string): string {
	const rows = screen.split('\n');
	while (rows.length > 0 && /^(?:\u001B\[[\d;:]*m|\s)*$/.test(rows.at(-1)!)) {
		rows.pop();
	}

	return rows.join('\n');
}

// A test that fails before its own kill() must not leave a tmux server behind.
afterAll(async () => {
	await Promise.all([...running].map(async terminal => terminal.kill()));
});

/**
 * Runs `command` in a real terminal: a detached session of a private tmux server (its own socket
 * in a temp folder, so tests never meet each other's or the user's sessions), exactly
 * `columns` x `rows` with no status line. The pane stays after the program exits, so its last
 * screen and exit status can still be read until kill().
 */
export async function startTerminal(options: TerminalOptions): Promise<Terminal> {
	requireCommand('tmux', 'tmux');
	const folder = await temporaryFolder('wizard-tmux-');
	const socket = path.join(folder, 'socket');
	const config = path.join(folder, 'tmux.conf');
	await writeFile(config, ['set -g status off', 'set -g default-terminal tmux-256color', 'set -g history-limit 5000', ''].join('\n'));
	// The server copies the environment of the client that starts it into every pane.
	const env = {PATH: process.env['PATH'] ?? '/usr/bin:/bin', LANG: 'C.UTF-8', ...options.env};
	const tmux = async (...args: string[]) => (await run('tmux', ['-S', socket, '-f', config, ...args], {env, encoding: 'utf8'})).stdout;

	const statusFile = path.join(folder, 'status');
	// tmux 3.3 drops what a program writes just before it exits when its pane dies with it, so a
	// shell holds the pane open after the program and writes its status to a file instead. Its
	// INT trap (a handler, reset for the program at exec, not an ignore, which would be
	// inherited) keeps Ctrl+C from ending the shell before the program's own handler has run.
	const holder = 'trap : INT; "$@"; printf "%s" "$?" > "$0"; exec sleep 86400';
	const pane = (await tmux('new-session', '-d', '-x', String(options.columns), '-y', String(options.rows), '-c', options.cwd, '-P', '-F', '#{pane_id}', '--', 'sh', '-c', holder, statusFile, ...options.command)).trim();
	let killed = false;

	const capture = async ({ansi = false, scrollback = false}: CaptureOptions = {}) =>
		withoutBlankEnd(await tmux('capture-pane', '-p', ...(ansi ? ['-e'] : []), ...(scrollback ? ['-S', '-'] : []), '-t', pane));
	/** The program's exit status (a shell's: 128 + N for signal N), or undefined while it runs. */
	const exited = async () => {
		const status = await readFile(statusFile, 'utf8').catch(() => undefined);
		return status === undefined || status === '' ? undefined : Number(status);
	};

	/** The screen once tmux has drawn everything the program wrote: two polls in a row agree. */
	const settledScreen = async (options: CaptureOptions = {}) => {
		let screen = await capture(options);
		for (let tries = 0; tries < 20; tries++) {
			await pause(pollMs);
			const next = await capture(options);
			if (next === screen) {
				break;
			}

			screen = next;
		}

		return screen;
	};

	const command = options.command.join(' ');
	const terminal: Terminal = {
		async type(text) {
			await tmux('send-keys', '-t', pane, '-l', text);
		},
		async press(...keys) {
			for (const key of keys) {
				await tmux('send-keys', '-t', pane, key);
			}
		},
		capture,
		async waitFor(expected, {timeoutMs = 30_000, scrollback = false} = {}) {
			const matches = (screen: string) => (typeof expected === 'string' ? screen.includes(expected) : expected.test(screen));
			const started = Date.now();
			for (;;) {
				const screen = await capture({scrollback});
				if (matches(screen)) {
					return screen;
				}

				const status = await exited();
				if (status !== undefined) {
					const last = await settledScreen({scrollback});
					if (matches(last)) {
						return last;
					}

					throw new Error(`\`${command}\` exited with status ${status} in tmux before the screen showed ${String(expected)}. Last screen:\n${last}`);
				}

				if (Date.now() - started > timeoutMs) {
					throw new Error(`The tmux screen of \`${command}\` did not show ${String(expected)} within ${timeoutMs} ms. Last screen:\n${screen}`);
				}

				await pause(pollMs);
			}
		},
		async exitCode(timeoutMs = 30_000) {
			const started = Date.now();
			for (;;) {
				const status = await exited();
				if (status !== undefined) {
					// So that a capture() after this sees the program's last words.
					await settledScreen();
					return status;
				}

				if (Date.now() - started > timeoutMs) {
					throw new Error(`\`${command}\` was still running in tmux after ${timeoutMs} ms. Screen:\n${await capture()}`);
				}

				await pause(pollMs);
			}
		},
		async kill() {
			if (!killed) {
				killed = true;
				running.delete(terminal);
				await tmux('kill-server').catch(() => undefined);
			}
		},
	};
	running.add(terminal);
	return terminal;
}

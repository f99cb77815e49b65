import {describe, expect, test} from 'vitest';
import {temporaryFolder} from '../../helpers/temp.js';
import {startTerminal} from '../../helpers/tmux.js';

/*
 * The terminal the end-to-end tests drive the wizard in: small shell programs stand in for it,
 * so what the helper types, reads and reports is checked against what a program really got.
 */

const shell = (script: string) => ['sh', '-c', script];

describe('a program run in a private tmux terminal', () => {
	test('sees the size, folder and environment it was given, and gets typed text exactly', async () => {
		const cwd = await temporaryFolder('wizard-tmux-cwd-');
		const terminal = await startTerminal({
			command: shell('stty size; pwd; printf "greeting=%s\\n" "$GREETING"; printf "name? "; IFS= read -r name; printf "got [%s]\\n" "$name"; exit 3'),
			columns: 60,
			rows: 24,
			cwd,
			env: {GREETING: 'hello there'},
		});
		// tmux trims the spaces at the end of a row.
		await terminal.waitFor('name?');
		await terminal.type(`O'Brien <&> $HOME "Enter" ✔`);
		await terminal.press('Enter');

		const screen = await terminal.waitFor(/got \[.*\]/);
		expect(screen.split('\n').slice(0, 3)).toEqual(['24 60', cwd, 'greeting=hello there']);
		expect(screen).toContain(`got [O'Brien <&> $HOME "Enter" ✔]`);
		expect(await terminal.exitCode()).toBe(3);
		await terminal.kill();
	});

	test('gets named keys as the escape sequences a terminal sends, and Ctrl+C as SIGINT', async () => {
		const terminal = await startTerminal({
			command: shell('trap \'echo "interrupted"; exit 130\' INT; stty -echo; IFS= read -r line; printf "%s" "$line" | od -An -c; printf "ready\\n"; while :; do sleep 1; done'),
			columns: 100,
			rows: 32,
			cwd: await temporaryFolder('wizard-tmux-cwd-'),
		});
		await terminal.press('Up', 'Escape', 'Enter');
		expect(await terminal.waitFor('ready')).toMatch(/033\s+\[\s+A\s+033/);

		await terminal.press('C-c');
		expect(await terminal.waitFor('interrupted')).toContain('interrupted');
		expect(await terminal.exitCode()).toBe(130);
		await terminal.kill();
	});

	test('captures colours as SGR escapes only when asked', async () => {
		const terminal = await startTerminal({command: shell('printf "\\033[1;31mred\\033[0m plain\\n"; exit 0'), columns: 60, rows: 24, cwd: await temporaryFolder('wizard-tmux-cwd-')});
		expect(await terminal.exitCode()).toBe(0);
		expect((await terminal.capture()).split('\n')[0]).toBe('red plain');
		expect((await terminal.capture({ansi: true})).split('\n')[0]).toMatch(/^\u001B\[1m\u001B\[31mred\u001B\[0m.* plain$/);
		await terminal.kill();
	});

	test('waitFor fails naming the exit status and the last screen when the program ends first', async () => {
		const terminal = await startTerminal({command: shell('echo "Something else"; exit 2'), columns: 60, rows: 24, cwd: await temporaryFolder('wizard-tmux-cwd-')});
		await expect(terminal.waitFor('Plan', {timeoutMs: 10_000})).rejects.toThrow(/`sh -c .*` exited with status 2 in tmux before the screen showed Plan\. Last screen:\nSomething else/);
		await terminal.kill();
	});

	test('waitFor fails after its timeout with the screen it saw', async () => {
		const terminal = await startTerminal({command: shell('echo "Still reading"; sleep 30'), columns: 60, rows: 24, cwd: await temporaryFolder('wizard-tmux-cwd-')});
		await expect(terminal.waitFor(/Summary/, {timeoutMs: 300})).rejects.toThrow(/did not show \/Summary\/ within 300 ms\. Last screen:\nStill reading/);
		await terminal.kill();
	});

	test('a screen taller than the terminal is found in the scrollback when asked', async () => {
		const terminal = await startTerminal({command: shell('echo "Title"; seq 1 29; printf 30; sleep 30'), columns: 60, rows: 10, cwd: await temporaryFolder('wizard-tmux-cwd-')});
		const whole = await terminal.waitFor(/^Title\n1\n2\n[\d\n]*\n30$/, {scrollback: true});
		expect(whole.split('\n')).toHaveLength(31);
		expect((await terminal.capture()).split('\n')).toEqual(['21', '22', '23', '24', '25', '26', '27', '28', '29', '30']);
		await expect(terminal.waitFor('Title', {timeoutMs: 200})).rejects.toThrow(/did not show Title/);
		await terminal.kill();
	});

	test('a program killed by a signal reports 128 + the signal, as a shell does', async () => {
		const terminal = await startTerminal({command: shell('kill -TERM $$'), columns: 60, rows: 24, cwd: await temporaryFolder('wizard-tmux-cwd-')});
		expect(await terminal.exitCode()).toBe(143);
		await terminal.kill();
	});
});

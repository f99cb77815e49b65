import {execa, type ResultPromise} from 'execa';
import {mkdir, readFile, writeFile} from 'node:fs/promises';
import path from 'node:path';
import type {UploadLogEntry} from '../../source/sandbox/upload-log.js';
import {cliPath} from '../helpers/cli.js';
import type {Terminal} from '../helpers/tmux.js';

/** What the end-to-end tests of the interactive wizard share: the sandbox, captures, logs. */

export type SandboxProcess = {readonly url: string; readonly process: ResultPromise};

/** `wizard sandbox` as its own process on a free port, accepting only `token`. */
export async function startSandboxProcess(data: string, token: string, delaySeconds: number): Promise<SandboxProcess> {
	const child = execa(process.execPath, [cliPath, 'sandbox', '--port', '0', '--data', data, '--delay', String(delaySeconds), '--token', token], {reject: false, env: {NO_COLOR: '1'}});
	let output = '';
	const url = await new Promise<string>((resolve, reject) => {
		child.stdout!.on('data', (chunk: Buffer) => {
			output += chunk.toString();
			const found = /Sandbox index ready at (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];
			if (found !== undefined && output.includes('Press Ctrl+C')) {
				resolve(found);
			}
		});
		void child.once('exit', () => reject(new Error(`wizard sandbox exited early:\n${output}`)));
	});
	return {url, process: child};
}

/** The built CLI as a terminal command. */
export function wizardCommand(args: readonly string[]): string[] {
	return [process.execPath, cliPath, ...args];
}

/** A screen's title line (the words alone, or followed by two spaces and more, as `Release  1.0.1 · ...`). */
export function titleLine(words: string): RegExp {
	return new RegExp(`^${words}(?: {2}.*)?$`, 'm');
}

const withoutEscapes = (line: string) => line.replaceAll(/\u001B\[[\d;:]*m/g, '');

/**
 * The rows from the last one showing `title` to the end: one screen, even when it is taller
 * than the terminal and its top has scrolled off (search a capture with its scrollback).
 */
export function screenFrom(capture: string, title: RegExp): string {
	const rows = capture.split('\n');
	const single = new RegExp(title.source, title.flags.replace('g', ''));
	const start = rows.findLastIndex(row => single.test(withoutEscapes(row)));
	return start === -1 ? capture : rows.slice(start).join('\n');
}

/**
 * With WIZARD_SCREENSHOTS set (`npm run screenshots` sets it), saves what the terminal shows,
 * escapes included, as `<screen>.<columns>x<rows>.ansi` in that folder; with `title`, from that
 * title's row on, scrolled-off rows included.
 */
export async function saveScreenshot(terminal: Terminal, screen: string, size: {readonly columns: number; readonly rows: number}, title?: RegExp): Promise<void> {
	const folder = process.env['WIZARD_SCREENSHOTS'];
	if (folder === undefined || folder === '') {
		return;
	}

	const capture = title === undefined ? await terminal.capture({ansi: true}) : screenFrom(await terminal.capture({ansi: true, scrollback: true}), title);
	await mkdir(folder, {recursive: true});
	await writeFile(path.join(folder, `${screen}.${size.columns}x${size.rows}.ansi`), `${capture}\n`);
}

/**
 * Types `text` into the wizard's one-line input, waits until the field shows it (`shown`), then
 * presses Enter. Text and Enter that reach the wizard in one read (a paste ending in a newline,
 * or keys sent back to back on a busy machine) fill the field but are not submitted.
 * Returns the screen with the text in the field.
 */
export async function typeAndEnter(terminal: Terminal, text: string, shown: string | RegExp): Promise<string> {
	await terminal.type(text);
	const screen = await terminal.waitFor(shown);
	await terminal.press('Enter');
	return screen;
}

/** The sandbox's upload log: every upload request it answered, oldest first. */
export async function uploadLog(file: string): Promise<UploadLogEntry[]> {
	return (await readFile(file, 'utf8')).split('\n').filter(line => line.trim() !== '').map(line => JSON.parse(line) as UploadLogEntry);
}

/** index -> the file names it accepted (status 200), sorted, one entry per accepted upload. */
export function acceptedUploads(log: readonly UploadLogEntry[]): Record<string, string[]> {
	const accepted: Record<string, string[]> = {};
	for (const entry of log) {
		if (entry.status === 200 && entry.filename !== null) {
			(accepted[entry.index] ??= []).push(entry.filename);
		}
	}

	for (const files of Object.values(accepted)) {
		files.sort();
	}

	return accepted;
}

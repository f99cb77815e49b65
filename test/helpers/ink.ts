import type {render} from 'ink-testing-library';

type Rendered = ReturnType<typeof render>;

/** Resolves once a macrotask has run: Ink re-subscribes its input handlers after a frame. */
export async function nextMacrotask(): Promise<void> {
	await new Promise(resolve => {
		setTimeout(resolve, 0);
	});
}

/**
 * Polls the last frame until `check` holds (a string it must contain, or a predicate), then lets
 * one macrotask pass so the next key reaches handlers that are subscribed again. No fixed sleeps.
 */
export async function waitForFrame(rendered: Rendered, check: string | RegExp | ((frame: string) => boolean), timeoutMs = 5000): Promise<string> {
	const matches = (frame: string) => (typeof check === 'string' ? frame.includes(check) : check instanceof RegExp ? check.test(frame) : check(frame));
	const started = Date.now();
	for (;;) {
		const frame = rendered.lastFrame() ?? '';
		if (matches(frame)) {
			await nextMacrotask();
			return frame;
		}

		if (Date.now() - started > timeoutMs) {
			throw new Error(`No frame matched ${String(check)} within ${timeoutMs} ms. Last frame:\n${frame}`);
		}

		await new Promise(resolve => {
			setTimeout(resolve, 10);
		});
	}
}

/** Writes keys one at a time, each after the frame has settled. */
export async function press(rendered: Rendered, ...keys: string[]): Promise<void> {
	for (const key of keys) {
		rendered.stdin.write(key);
		await nextMacrotask();
		await nextMacrotask();
	}
}

export const keys = {
	up: '\u001B[A',
	down: '\u001B[B',
	enter: '\r',
	escape: '\u001B',
	backspace: '\u007F',
	ctrlC: '\u0003',
} as const;

/** Frames with clock times, durations and elapsed counters masked, so they compare across runs. */
export function maskTimes(frame: string): string {
	return frame
		.replaceAll(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z/g, '<time>')
		.replaceAll(/\b\d\d:\d\d(?::\d\d)?\b/g, '<clock>')
		.replaceAll(/\b\d+(?:\.\d+)?\s?(?:ms|s|m|min)\b/g, '<duration>');
}

/** Without ANSI colour and hyperlink sequences. */
export function plain(frame: string): string {
	// eslint-disable-next-line no-control-regex
	return frame.replaceAll(/\u001B\]8;[^\u0007\u001B]*(?:\u0007|\u001B\\)/g, '').replaceAll(/\u001B\[[\d;]*m/g, '');
}

import {Text, useStdout} from 'ink';
import {colorEnabled, colors} from '../theme.js';

type Environment = Readonly<Record<string, string | undefined>>;

export type HyperlinkTerminal = {
	readonly env: Environment;
	readonly isTTY: boolean;
	readonly colors: boolean;
	readonly platform: NodeJS.Platform;
};

/**
 * Whether the terminal shows OSC 8 hyperlinks: the decision of the `supports-hyperlinks` package
 * (FORCE_HYPERLINK first, then no colour or no TTY says no, then known terminals), without its
 * command-line flags, which belong to the wizard's own arguments.
 */
export function supportsHyperlinks({env, isTTY, colors, platform}: HyperlinkTerminal): boolean {
	const forced = env['FORCE_HYPERLINK'];
	if (forced !== undefined && forced !== '') {
		return Number.parseInt(forced, 10) !== 0;
	}

	if (env['NETLIFY']) {
		return true;
	}

	if (!colors || !isTTY) {
		return false;
	}

	if (env['WT_SESSION'] !== undefined) {
		return true;
	}

	if (platform === 'win32' || env['CI'] || env['TEAMCITY_VERSION']) {
		return false;
	}

	const program = env['TERM_PROGRAM'];
	if (program !== undefined) {
		const version = parseVersion(env['TERM_PROGRAM_VERSION']);
		switch (program) {
			case 'iTerm.app': {
				return version.major === 3 ? version.minor >= 1 : version.major > 3;
			}

			case 'WezTerm': {
				const nixDate = /^0-unstable-(\d{4}-\d{2}-\d{2})$/.exec(env['TERM_PROGRAM_VERSION'] ?? '')?.[1];
				return nixDate === undefined ? version.major >= 20_200_620 : nixDate >= '2020-06-20';
			}

			case 'vscode': {
				// Cursor is a fork of VS Code that had hyperlinks from its 0.x versions.
				return env['CURSOR_TRACE_ID'] !== undefined && env['CURSOR_TRACE_ID'] !== '' ? true : version.major > 1 || (version.major === 1 && version.minor >= 72);
			}

			case 'ghostty':
			case 'zed': {
				return true;
			}

			default:
		}
	}

	const vte = env['VTE_VERSION'];
	if (vte !== undefined && vte !== '') {
		// 0.50.0 was meant to support hyperlinks and crashes on them instead.
		if (vte === '0.50.0') {
			return false;
		}

		const version = parseVersion(vte);
		return version.major > 0 || version.minor >= 50;
	}

	return env['TERM'] === 'alacritty' || env['TERM'] === 'xterm-kitty';
}

/** `3.4.1` -> 3, 4; VTE writes `6003` for 0.60.3. Missing parts are NaN, which compares false. */
function parseVersion(text = ''): {major: number; minor: number} {
	const compact = /^(\d{1,2})(\d{2})$/.exec(text);
	if (compact !== null) {
		return {major: 0, minor: Number.parseInt(compact[1]!, 10)};
	}

	const [major, minor] = text.split('.').map(part => Number.parseInt(part, 10));
	return {major: major ?? Number.NaN, minor: minor ?? Number.NaN};
}

/** The OSC 8 sequence around `text`; the text itself is what the terminal prints. */
export function hyperlink(url: string, text: string): string {
	return `\u001B]8;;${url}\u0007${text}\u001B]8;;\u0007`;
}

/**
 * A URL, always printed in full (a person copies it, tmux captures read it), and clickable where
 * the terminal supports hyperlinks. Ink measures the visible text only: Ink keeps OSC sequences
 * and string-width ignores them.
 */
export function Link({url}: {readonly url: string}) {
	const {stdout} = useStdout();
	const clickable = supportsHyperlinks({env: process.env, isTTY: stdout.isTTY === true, colors: colorEnabled(), platform: process.platform});
	return <Text color={colors.link}>{clickable ? hyperlink(url, url) : url}</Text>;
}

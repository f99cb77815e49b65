import chalk, {supportsColor, type ColorSupportLevel} from 'chalk';
import type {StepStatus} from '../../core/release/types.js';

/**
 * The wizard's colours, by what they mean. Screens pass these to Ink's `color` prop and never
 * name a colour themselves, so one place decides how the wizard looks.
 */
export const colors = {
	/** Done, visible, passed, a token that is present. */
	success: 'green',
	/** Failed, refused, taken, missing. */
	failure: 'red',
	/** Skipped, warnings, anything that needs a look. */
	warning: 'yellow',
	/** The running step, the highlighted choice, versions. */
	accent: 'cyan',
	link: 'blue',
	/** A list's pointer: the colour ink-select-input gives the highlighted item's label. */
	selected: 'blue',
	/** Secondary text: paths, durations, explanations. Prefer Ink's `dimColor` where it reads better. */
	muted: 'gray',
	/** Unified diff lines. */
	added: 'green',
	removed: 'red',
	hunk: 'cyan',
} as const;

export type Tone = keyof typeof colors;

export const symbols = {
	done: '✔',
	failed: '✖',
	pending: '◌',
	running: '▸',
	skipped: '↓',
	warning: '⚠',
	unknown: '?',
	arrow: '→',
	bullet: '•',
	ellipsis: '…',
} as const;

/** The symbol and tone of a step's state, the same on every screen. */
export function stepMark(status: StepStatus): {readonly symbol: string; readonly tone: Tone} {
	switch (status) {
		case 'done': {
			return {symbol: symbols.done, tone: 'success'};
		}

		case 'failed': {
			return {symbol: symbols.failed, tone: 'failure'};
		}

		case 'skipped': {
			return {symbol: symbols.skipped, tone: 'warning'};
		}

		case 'running': {
			return {symbol: symbols.running, tone: 'accent'};
		}

		case 'pending': {
			return {symbol: symbols.pending, tone: 'muted'};
		}
	}
}

/**
 * The colour level the wizard uses, by the rules of chalk's supports-color, plus NO_COLOR
 * (no-color.org), which supports-color ignores: a non-empty NO_COLOR turns colour off unless
 * FORCE_COLOR asks for it. `detected` is what supports-color found for the terminal.
 */
export function colorLevel(env: Readonly<Record<string, string | undefined>>, detected: ColorSupportLevel): ColorSupportLevel {
	const forced = forcedLevel(env['FORCE_COLOR']);
	if (forced !== undefined) {
		return forced === 0 ? 0 : (Math.max(forced, detected) as ColorSupportLevel);
	}

	if (env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '') {
		return 0;
	}

	return detected;
}

/** supports-color's reading of FORCE_COLOR: `true`/empty 1, `false` 0, a number up to 3. */
function forcedLevel(value: string | undefined): ColorSupportLevel | undefined {
	if (value === undefined) {
		return undefined;
	}

	if (value === 'true' || value === '') {
		return 1;
	}

	if (value === 'false') {
		return 0;
	}

	const level = Number.parseInt(value, 10);
	return Number.isNaN(level) ? undefined : (Math.min(Math.max(level, 0), 3) as ColorSupportLevel);
}

/**
 * Sets the level of the chalk instance Ink colours with, once, before the first render. Ink's
 * chalk decides its level when it is first imported and knows nothing of NO_COLOR. Returns the
 * previous level, so a test can put it back.
 */
export function applyColorPreference(env: Readonly<Record<string, string | undefined>> = process.env, detected: ColorSupportLevel = supportsColor === false ? 0 : supportsColor.level): ColorSupportLevel {
	const previous = chalk.level;
	chalk.level = colorLevel(env, detected);
	return previous;
}

/** Whether frames carry colour now (links follow it: no colour, no hyperlinks). */
export function colorEnabled(): boolean {
	return chalk.level > 0;
}

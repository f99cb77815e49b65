import {Text} from 'ink';
import {colors} from '../theme.js';

const frames = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'] as const;

/** The frame for `now`: the app's clock moves it (once a second while a step runs), so no spinner keeps its own timer. */
export function spinnerFrame(now: number): string {
	return frames[Math.floor(now / 1000) % frames.length]!;
}

export function Spinner({now}: {readonly now: number}) {
	return <Text color={colors.accent}>{spinnerFrame(now)}</Text>;
}

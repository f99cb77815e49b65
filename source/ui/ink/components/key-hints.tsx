import {Text} from 'ink';
import stringWidth from 'string-width';

export type KeyHint = {readonly key: string; readonly action: string};

const separator = '  ';

/**
 * One dim line naming the screen's keys (`↑↓ choose  enter resume  q quit  ? help`). Hints that do
 * not fit in `columns` are left out from the end, but the last one (help) stays: it explains the rest.
 */
export function KeyHints({hints, columns}: {readonly hints: readonly KeyHint[]; readonly columns: number}) {
	return (
		<Text dimColor wrap="truncate-end">
			{fitHints(hints, columns)}
		</Text>
	);
}

export function fitHints(hints: readonly KeyHint[], columns: number): string {
	const words = hints.map(hint => `${hint.key} ${hint.action}`);
	const kept = [...words];
	while (kept.length > 1 && stringWidth(kept.join(separator)) > columns) {
		kept.splice(kept.length - 2, 1);
	}

	return kept.join(separator);
}

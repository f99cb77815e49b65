/** A replacement of `from` by `to` at a 1-based line and column. */
export type LineEdit = {
	readonly line: number;
	readonly column: number;
	readonly from: string;
	readonly to: string;
};

export class EditMismatchError extends Error {
	readonly line: number;

	constructor(line: number, message: string) {
		super(message);
		this.name = 'EditMismatchError';
		this.line = line;
	}
}

/**
 * Applies `edits` to `text` and keeps every other byte: line endings (`\n`, `\r\n`, mixed),
 * quoting, comments, order. Throws EditMismatchError when a line no longer holds `from` at the
 * given column (the file changed since it was read).
 */
export function applyLineEdits(text: string, edits: readonly LineEdit[]): string {
	const parts = text.split(/(\r?\n)/);
	// parts alternates line, separator, line, ...: line N is parts[2 * (N - 1)].
	const ordered = [...edits].sort((a, b) => a.line - b.line || b.column - a.column);
	for (const edit of ordered) {
		const index = 2 * (edit.line - 1);
		const line = parts[index];
		const start = edit.column - 1;
		if (line === undefined || line.slice(start, start + edit.from.length) !== edit.from) {
			throw new EditMismatchError(edit.line, `line ${edit.line} no longer holds "${edit.from}" at column ${edit.column}`);
		}

		parts[index] = line.slice(0, start) + edit.to + line.slice(start + edit.from.length);
	}

	return parts.join('');
}

const context = 3;

/**
 * A unified diff (`git diff` style, three lines of context) of a file whose edits replaced lines
 * without adding or removing any, which is what version and pin rewrites do.
 */
export function unifiedDiff(file: string, before: string, after: string): string {
	if (before === after) {
		return '';
	}

	const old = before.split(/\r?\n/);
	const changed = after.split(/\r?\n/);
	const header = [`--- a/${file}`, `+++ b/${file}`];
	if (old.length !== changed.length) {
		return [...header, `@@ -1,${old.length} +1,${changed.length} @@`, ...old.map(line => `-${line}`), ...changed.map(line => `+${line}`), ''].join('\n');
	}

	const differing = old.flatMap((line, index) => (line === changed[index] ? [] : [index]));
	const hunks: Array<{start: number; end: number}> = [];
	for (const index of differing) {
		const start = Math.max(0, index - context);
		const end = Math.min(old.length - 1, index + context);
		const last = hunks.at(-1);
		if (last !== undefined && start <= last.end + 1) {
			last.end = end;
		} else {
			hunks.push({start, end});
		}
	}

	const lines = [...header];
	for (const {start, end} of hunks) {
		const length = end - start + 1;
		lines.push(`@@ -${start + 1},${length} +${start + 1},${length} @@`);
		for (let index = start; index <= end; index++) {
			if (old[index] === changed[index]) {
				lines.push(` ${old[index]}`);
			} else {
				lines.push(`-${old[index]}`);
			}
		}

		// Removed lines first, then added, within each run of changes, as diff prints them.
		const hunk = lines.splice(lines.length - length);
		lines.push(...reorder(hunk, start, old, changed));
	}

	return `${lines.join('\n')}\n`;
}

function reorder(hunk: string[], start: number, old: string[], changed: string[]): string[] {
	const result: string[] = [];
	let index = 0;
	while (index < hunk.length) {
		if (hunk[index]!.startsWith('-')) {
			const run: number[] = [];
			while (index < hunk.length && hunk[index]!.startsWith('-')) {
				run.push(start + index);
				index++;
			}

			result.push(...run.map(line => `-${old[line]}`), ...run.map(line => `+${changed[line]}`));
		} else {
			result.push(hunk[index]!);
			index++;
		}
	}

	return result;
}

export type IniValue = {
	readonly value: string;
	/** 1-based line of the `key = value` line. */
	readonly line: number;
};

export type IniDocument = ReadonlyMap<string, ReadonlyMap<string, IniValue>>;

/**
 * Reads setup.cfg the way setuptools' configparser does for what we need: sections, `key = value`
 * or `key: value`, indented continuation lines, `#`/`;` comments.
 */
export function parseIni(text: string): IniDocument {
	const sections = new Map<string, Map<string, IniValue>>();
	let section: Map<string, IniValue> | undefined;
	let lastKey: string | undefined;
	const lines = text.split(/\r?\n/);
	for (const [index, line] of lines.entries()) {
		if (/^\s*([#;].*)?$/.test(line)) {
			continue;
		}

		const header = /^\[([^\]]+)\]\s*$/.exec(line);
		if (header) {
			section = new Map();
			sections.set(header[1]!.trim(), section);
			lastKey = undefined;
			continue;
		}

		if (section === undefined) {
			continue;
		}

		if (/^\s/.test(line) && lastKey !== undefined) {
			const previous = section.get(lastKey)!;
			section.set(lastKey, {...previous, value: `${previous.value}\n${line.trim()}`});
			continue;
		}

		const pair = /^([^=:]+?)\s*[=:]\s*(.*)$/.exec(line);
		if (pair) {
			lastKey = pair[1]!.trim().toLowerCase().replaceAll('-', '_');
			section.set(lastKey, {value: pair[2]!.trim(), line: index + 1});
		}
	}

	return sections;
}

/** A multi-line list value (`install_requires`), one entry per line, comments dropped. */
export function iniList(value: string | undefined): string[] {
	if (value === undefined) {
		return [];
	}

	return value
		.split('\n')
		.map(entry => entry.replace(/\s+#.*$/, '').trim())
		.filter(entry => entry !== '' && !entry.startsWith('#'));
}

import {ConfigError} from './errors.js';

export type IniValue = {
	readonly value: string;
	/** 1-based line of the `key = value` line. */
	readonly line: number;
};

export type IniDocument = ReadonlyMap<string, ReadonlyMap<string, IniValue>>;

export type IniOptions = {
	/** Named in the error for a line that is neither a section, a pair nor a comment. */
	readonly file: string;
	/** Refuse such lines (as Python's configparser does) instead of passing over them. */
	readonly strict?: boolean;
};

/**
 * Reads an INI file as Python's RawConfigParser does (no interpolation): `[section]`,
 * `key = value` or `key: value` with lower-cased keys, `#`/`;` comment lines, and indented
 * continuation lines joined with newlines. Used for setup.cfg and ~/.pypirc.
 */
export function parseIni(text: string, options: IniOptions): IniDocument {
	const sections = new Map<string, Map<string, IniValue>>();
	let section: Map<string, IniValue> | undefined;
	let lastKey: string | undefined;
	for (const [index, rawLine] of text.split(/\r?\n/).entries()) {
		const line = rawLine.trimEnd();
		const trimmed = line.trim();
		if (trimmed === '' || trimmed.startsWith('#') || trimmed.startsWith(';')) {
			continue;
		}

		if (/^\s/.test(line) && section !== undefined && lastKey !== undefined) {
			const previous = section.get(lastKey)!;
			section.set(lastKey, {...previous, value: `${previous.value}\n${trimmed}`.trim()});
			continue;
		}

		const header = /^\[([^\]]+)\]$/.exec(trimmed);
		if (header !== null) {
			const name = header[1]!.trim();
			section = sections.get(name) ?? new Map();
			sections.set(name, section);
			lastKey = undefined;
			continue;
		}

		const pair = /^([^=:]+?)\s*[=:]\s*(.*)$/.exec(trimmed);
		if (pair === null || section === undefined) {
			if (options.strict === true) {
				throw new ConfigError(options.file, `line ${index + 1} is neither a [section], a "key = value" line nor a comment.`);
			}

			continue;
		}

		lastKey = pair[1]!.toLowerCase();
		section.set(lastKey, {value: pair[2]!, line: index + 1});
	}

	return sections;
}

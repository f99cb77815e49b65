import {readFile} from 'node:fs/promises';
import {parse, TomlError} from 'smol-toml';
import {ConfigError} from '../errors.js';

export type TomlTable = Record<string, unknown>;

/** Parses TOML text; a syntax error names the file, line and column. */
export function parseToml(text: string, file: string): TomlTable {
	try {
		return parse(text) as TomlTable;
	} catch (error: unknown) {
		if (error instanceof TomlError) {
			const reason = error.message.split('\n')[0]!.replace(/^Invalid TOML document: /, '');
			throw new ConfigError(`${file}:${error.line}:${error.column}`, `invalid TOML: ${reason}`, {
				hint: 'Fix the syntax at that line and column, then run the command again.',
			});
		}

		throw error;
	}
}

export async function readToml(path: string, displayName = path): Promise<{text: string; data: TomlTable}> {
	const text = await readFile(path, 'utf8');
	return {text, data: parseToml(text, displayName)};
}

export function isTable(value: unknown): value is TomlTable {
	return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

/** `data['tool']['poetry']`, or undefined when any part is missing or not a table. */
export function tableAt(data: TomlTable, ...keys: string[]): TomlTable | undefined {
	let current: unknown = data;
	for (const key of keys) {
		if (!isTable(current)) {
			return undefined;
		}

		current = current[key];
	}

	return isTable(current) ? current : undefined;
}

import {parseIni, type IniDocument} from '../ini.js';

/** setup.cfg as setuptools reads it: dashed keys (`install-requires`) mean the underscored ones. */
export function parseSetupCfg(text: string, file: string): IniDocument {
	return new Map(
		[...parseIni(text, {file})].map(([name, section]) => [name, new Map([...section].map(([key, value]) => [key.replaceAll('-', '_'), value]))]),
	);
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

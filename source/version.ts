import {readFileSync} from 'node:fs';

declare const PACKAGE_VERSION: string | undefined;

/** Inlined by the bundler; read from package.json when running from source (tests). */
export const packageVersion: string =
	typeof PACKAGE_VERSION === 'string'
		? PACKAGE_VERSION
		: (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {version: string}).version;

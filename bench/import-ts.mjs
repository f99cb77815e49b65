// Imports one of the tests' TypeScript helpers, bundled on the fly, so a benchmark works on
// exactly the fixtures the tests use.
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {build} from 'esbuild';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export async function importTs(relative) {
	const bundled = await build({entryPoints: [path.join(root, relative)], bundle: true, format: 'esm', platform: 'node', write: false, packages: 'external'});
	return import(`data:text/javascript;base64,${Buffer.from(bundled.outputFiles[0].text).toString('base64')}`);
}

// Bundles the CLI with esbuild. Code splitting keeps Ink and React in their own chunks,
// loaded only by the interactive front end, so `wizard --version` and `wizard plan` start fast.
import {build} from 'esbuild';
import {readFile, rm} from 'node:fs/promises';

const {version} = JSON.parse(await readFile('package.json', 'utf8'));

await rm('dist', {recursive: true, force: true});
await build({
	entryPoints: {cli: 'source/cli.ts'},
	outdir: 'dist',
	bundle: true,
	splitting: true,
	format: 'esm',
	platform: 'node',
	target: 'node20',
	packages: 'external',
	jsx: 'automatic',
	sourcemap: 'linked',
	banner: {js: '#!/usr/bin/env node'},
	define: {PACKAGE_VERSION: JSON.stringify(version)},
	logLevel: 'warning',
});

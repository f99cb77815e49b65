// Bundles the CLI with esbuild. Code splitting keeps Ink and React in their own chunks,
// loaded only by the interactive front end, so `wizard --version` and `wizard plan` start fast.
import {build} from 'esbuild';
import {readFile, rename, rm} from 'node:fs/promises';

const {version} = JSON.parse(await readFile('package.json', 'utf8'));

// Build beside dist/ and swap it in, so a CLI started during a rebuild never finds it half gone.
const staging = `dist.${process.pid}`;
await build({
	entryPoints: {cli: 'source/cli.ts'},
	outdir: staging,
	bundle: true,
	splitting: true,
	format: 'esm',
	platform: 'node',
	target: 'node20',
	// Dependencies are bundled too: resolving hundreds of node_modules files at run time costs
	// more than the code itself. Native addons stay external.
	external: ['@napi-rs/keyring', 'react-devtools-core'],
	jsx: 'automatic',
	sourcemap: 'linked',
	// CommonJS dependencies call require() for Node built-ins; give the ESM bundle one.
	banner: {js: "#!/usr/bin/env node\nimport {createRequire as __wizardRequire} from 'node:module';\nconst require = __wizardRequire(import.meta.url);"},
	// React and its reconciler pick their production builds (a third of the size, no dev checks).
	define: {PACKAGE_VERSION: JSON.stringify(version), 'process.env.NODE_ENV': '"production"'},
	logLevel: 'warning',
});
const old = `dist.old.${process.pid}`;
await rename('dist', old).catch(() => {});
await rename(staging, 'dist');
await rm(old, {recursive: true, force: true});

// `npm run screenshots`: runs the wizard's end-to-end tests with WIZARD_SCREENSHOTS set, so they
// save their tmux captures (`capture-pane -e -p`) of the screens into screenshots/captures/,
// then turns every capture into screenshots/<screen>.svg. Nothing is drawn by hand.
// `node scripts/screenshots.mjs --convert-only` converts the captures already there.
// A capture is named <screen>.<columns>x<rows>.ansi: the terminal it came from sets the width.
import {spawnSync} from 'node:child_process';
import {mkdir, readdir, readFile, rm, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {ansiToSvg} from './ansi-to-svg.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const output = path.join(root, 'screenshots');
const captures = path.join(output, 'captures');

if (!process.argv.includes('--convert-only')) {
	await rm(captures, {recursive: true, force: true});
	await mkdir(captures, {recursive: true});
	const build = spawnSync('npm', ['run', 'build'], {cwd: root, stdio: 'inherit'});
	if (build.status !== 0) {
		process.exit(build.status ?? 1);
	}

	const tests = spawnSync('npx', ['vitest', 'run', 'test/e2e/wizard-first-publish.test.ts', 'test/e2e/wizard-resume.test.ts'], {cwd: root, stdio: 'inherit', env: {...process.env, WIZARD_SCREENSHOTS: captures}});
	if (tests.status !== 0) {
		console.error('The end-to-end tests failed: no screenshots were made from their captures.');
		process.exit(tests.status ?? 1);
	}
}

const files = (await readdir(captures).catch(() => [])).filter(name => name.endsWith('.ansi')).sort();
if (files.length === 0) {
	console.error(`No captures in ${path.relative(root, captures)}/: run \`npm run screenshots\` (it runs the end-to-end tests that save them).`);
	process.exit(1);
}

for (const file of files) {
	const found = /^(?<screen>.+)\.(?<columns>\d+)x\d+\.ansi$/.exec(file);
	if (found === null) {
		console.error(`${path.join(path.relative(root, captures), file)}: expected a name like plan.100x32.ansi (screen, then the terminal's columns x rows).`);
		process.exit(1);
	}

	const {screen, columns} = found.groups;
	const svg = ansiToSvg(await readFile(path.join(captures, file), 'utf8'), {columns: Number(columns), title: `wizard: ${screen.replaceAll('-', ' ')}`});
	await writeFile(path.join(output, `${screen}.svg`), svg);
	console.log(`screenshots/${screen}.svg  (from captures/${file})`);
}

import {chmod, mkdir, readdir, readFile, stat, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {build} from 'esbuild';
import {execa} from 'execa';
import {expect, test} from 'vitest';
import {copyFileAtomic, writeFileAtomic} from '../../source/core/atomic-write.js';
import {projectRoot} from '../helpers/cli.js';
import {temporaryFolder} from '../helpers/temp.js';
import {requireCommand} from '../helpers/tools.js';

test('replaces the content, keeps the file mode and leaves no temporary file behind', async () => {
	const folder = await temporaryFolder();
	const file = path.join(folder, 'setup.py');
	await writeFile(file, 'VERSION = "1.0"\n');
	await chmod(file, 0o755);
	await writeFileAtomic(file, 'VERSION = "1.1"\n');
	expect(await readFile(file, 'utf8')).toBe('VERSION = "1.1"\n');
	expect((await stat(file)).mode & 0o777).toBe(0o755);
	await copyFileAtomic(file, path.join(folder, 'copy.py'));
	expect(await readdir(folder)).toEqual(['copy.py', 'setup.py']);
});

test('a failed write leaves the original file as it was', async () => {
	const folder = await temporaryFolder();
	const file = path.join(folder, 'pyproject.toml');
	await writeFile(file, 'version = "1.0"\n');
	await expect(copyFileAtomic(path.join(folder, 'missing'), file)).rejects.toThrow(/ENOENT/);
	expect(await readFile(file, 'utf8')).toBe('version = "1.0"\n');
	expect(await readdir(folder)).toEqual(['pyproject.toml']);
});

test('each write is flushed to the disk before the rename, and the folder after it (strace shows the calls)', async () => {
	requireCommand('strace', 'strace');
	const folder = await temporaryFolder();
	const script = path.join(folder, 'write.mjs');
	await build({
		stdin: {
			contents: `import {writeFileAtomic, writeFileAtomicSync, copyFileAtomic} from './source/core/atomic-write.ts';
const [folder] = process.argv.slice(2);
await writeFileAtomic(folder + '/async.txt', 'a');
writeFileAtomicSync(folder + '/sync.txt', 's');
await copyFileAtomic(folder + '/sync.txt', folder + '/copy.txt');`,
			resolveDir: projectRoot,
			loader: 'ts',
		},
		bundle: true,
		platform: 'node',
		format: 'esm',
		outfile: script,
		logLevel: 'silent',
	});
	const target = path.join(folder, 'files');
	await mkdir(target);
	const {stderr} = await execa('strace', ['-f', '-y', '-e', 'trace=fsync,fdatasync,rename,renameat,renameat2', process.execPath, script, target]);
	const calls = stderr
		.split('\n')
		.map(line => line.replace(/^\[pid\s+\d+\] /, ''))
		.filter(line => /^(fsync|fdatasync|rename)/.test(line) && line.includes(target));
	const temporary = (name: string) => new RegExp(String.raw`^f(data)?sync\(\d+<${target}/\.${name}\.[0-9a-f]+\.wizard-tmp>\)`);
	const renamed = (name: string) => new RegExp(String.raw`^rename(at2?)?\(.*\.${name}\.[0-9a-f]+\.wizard-tmp", .*"${target}/${name}"`);
	const folderSync = new RegExp(String.raw`^f(data)?sync\(\d+<${target}>\)`);
	for (const name of ['async.txt', 'sync.txt', 'copy.txt']) {
		const flushed = calls.findIndex(call => temporary(name).test(call));
		const moved = calls.findIndex(call => renamed(name).test(call));
		expect(flushed, `${name}: ${calls.join('\n')}`).toBeGreaterThanOrEqual(0);
		expect(moved).toBeGreaterThan(flushed);
		expect(calls.slice(moved + 1).some(call => folderSync.test(call)), `${name}: the folder is flushed after the rename`).toBe(true);
	}

	expect(await readdir(target)).toEqual(['async.txt', 'copy.txt', 'sync.txt']);
});

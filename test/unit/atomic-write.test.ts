import {readdir, readFile, stat, writeFile, chmod} from 'node:fs/promises';
import path from 'node:path';
import {expect, test} from 'vitest';
import {copyFileAtomic, writeFileAtomic} from '../../source/core/atomic-write.js';
import {temporaryFolder} from '../helpers/temp.js';

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

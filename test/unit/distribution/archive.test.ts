import {randomBytes} from 'node:crypto';
import {readFile, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {describe, expect, test} from 'vitest';
import {ArchiveError, listArchive, readArchiveMember, walkArchive} from '../../../source/core/distribution/archive.js';
import {temporaryFolder} from '../../helpers/temp.js';
import {writeArchive} from '../../integration/sandbox/fixtures.js';

// Archives written by Python's own zipfile and tarfile, read back member by member.

const members = {'pkg-1.0/PKG-INFO': 'Metadata-Version: 2.1\nName: pkg\n', 'pkg-1.0/pkg/__init__.py': 'SECRET = "x"\n'};

describe.each(['zip', 'tar.gz'] as const)('a %s archive', format => {
	test('lists its members and reads one of them', async () => {
		const file = await writeArchive(path.join(await temporaryFolder(), `pkg-1.0.${format}`), format, members);
		expect((await listArchive(file, format)).filter(entry => entry.isFile).map(entry => [entry.name, entry.size])).toEqual([
			['pkg-1.0/PKG-INFO', Buffer.byteLength(members['pkg-1.0/PKG-INFO'])],
			['pkg-1.0/pkg/__init__.py', Buffer.byteLength(members['pkg-1.0/pkg/__init__.py'])],
		]);
		expect((await readArchiveMember(file, format, 'pkg-1.0/PKG-INFO'))?.toString()).toBe(members['pkg-1.0/PKG-INFO']);
		expect(await readArchiveMember(file, format, 'pkg-1.0/missing')).toBeUndefined();
	});

	test('stops early when the visitor says so', async () => {
		const file = await writeArchive(path.join(await temporaryFolder(), `pkg-1.0.${format}`), format, members);
		const seen: string[] = [];
		await walkArchive(file, format, entry => {
			seen.push(entry.name);
			return 'stop';
		});
		expect(seen).toEqual(['pkg-1.0/PKG-INFO']);
	});
});

test('a file that is not an archive is reported as such, not as a crash', async () => {
	const folder = await temporaryFolder();
	await writeFile(path.join(folder, 'bad.whl'), 'a');
	await writeFile(path.join(folder, 'bad.tar.gz'), 'Definitely not a valid tar file.');
	await expect(listArchive(path.join(folder, 'bad.whl'), 'zip')).rejects.toMatchObject({kind: 'not-zip'});
	await expect(listArchive(path.join(folder, 'bad.tar.gz'), 'tar.gz')).rejects.toBeInstanceOf(ArchiveError);
	await expect(listArchive(path.join(folder, 'bad.tar.gz'), 'tar.gz')).rejects.toMatchObject({kind: 'not-tar'});
});

test('a truncated tar.gz is reported as corrupt', async () => {
	const folder = await temporaryFolder();
	const big = Object.fromEntries(Array.from({length: 20}, (_, index) => [`pkg-1.0/file${index}.txt`, randomBytes(5000).toString('hex')]));
	const file = await writeArchive(path.join(folder, 'pkg-1.0.tar.gz'), 'tar.gz', big);
	const bytes = await readFile(file);
	await writeFile(file, bytes.subarray(0, Math.floor(bytes.length / 2)));
	await expect(listArchive(file, 'tar.gz')).rejects.toMatchObject({kind: 'corrupt'});
});

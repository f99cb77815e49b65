import {mkdir, writeFile} from 'node:fs/promises';
import path from 'node:path';
import type {FileRecord, IndexRecords, StoredRelease} from '../../../source/sandbox/records.js';

/**
 * Writes a testpypi index of `count` projects (one release, one wheel each) straight into a
 * data folder, as uploads would have left it: the sandbox started on that folder serves it.
 * Thousands of uploads through HTTP would take minutes; the records are the same.
 */
export async function writeIndexOfProjects(dataDir: string, count: number): Promise<void> {
	const projects: Record<string, {name: string; normalized: string}> = {};
	const releases: StoredRelease[] = [];
	const files: FileRecord[] = [];
	for (let number = 0; number < count; number++) {
		const name = `project-${String(number).padStart(5, '0')}`;
		const serial = number + 1;
		const filename = `${name.replaceAll('-', '_')}-1.0-py3-none-any.whl`;
		const digest = (number.toString(16).padStart(8, '0')).repeat(8);
		projects[name] = {name, normalized: name};
		releases.push({project: name, version: '1.0', canonicalVersion: '1', created: '2026-01-01T00:00:00.000000Z', yanked: false, yankedReason: null, serial, metadata: {}});
		files.push({
			filename,
			project: name,
			version: '1.0',
			packagetype: 'bdist_wheel',
			pythonVersion: 'py3',
			size: 1000,
			md5: digest.slice(0, 32),
			sha256: digest,
			blake2_256: digest,
			uploadTime: '2026-01-01T00:00:00.000000Z',
			requiresPython: null,
			metadataSha256: null,
			comment: null,
			visibleAfter: 0,
			serial,
		});
	}

	const records: IndexRecords = {serial: count, projects, releases, files, usedFilenames: files.map(file => file.filename)};
	await mkdir(path.join(dataDir, 'testpypi'), {recursive: true});
	await writeFile(path.join(dataDir, 'testpypi', 'records.json'), JSON.stringify(records));
}

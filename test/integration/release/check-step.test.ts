import {readFile} from 'node:fs/promises';
import path from 'node:path';
import {expect, test} from 'vitest';
import {createCiAnswerer} from '../../../source/core/release/questions.js';
import {beginRelease, openRepository} from '../../../source/core/release/session.js';
import type {ReleaseEvent} from '../../../source/core/release/types.js';
import {memoryReleaseStore} from '../../../source/core/state/release-store.js';
import {initialReleaseView, reduceReleaseView, type ReleaseView} from '../../../source/ui/release-view.js';
import {temporaryFolder} from '../../helpers/temp.js';
import {python, requirePythonModules} from '../../helpers/tools.js';
import {gitRepository} from './git-repository.js';

// The check step through the engine: real --no-isolation builds, real twine, the events a front
// end reads. The release stops once the check is done.

const brokenRst = String.raw`Broken\n======\n\n.. no-such-directive::\n`;

function setupPackage(name: string, description: string): Record<string, string> {
	return {
		[`${name}/setup.py`]: `from setuptools import setup\n\nsetup(\n    name="${name}",\n    version="1.0.0",\n    packages=["${name}"],\n    long_description="${description}",\n    long_description_content_type="text/x-rst",\n)\n`,
		[`${name}/${name}/__init__.py`]: '',
	};
}

test('one twine check for every file of the release; each file’s verdict and errors shown beside its own package', async () => {
	requirePythonModules(['build', 'twine', 'setuptools'], 'python3-build twine python3-setuptools');
	const {root} = await gitRepository({...setupPackage('alpha', brokenRst), ...setupPackage('beta', 'Beta.'), ...setupPackage('gamma', 'Gamma.')}, {remote: false});
	const store = memoryReleaseStore(await temporaryFolder('check-step-releases-'));
	const controller = new AbortController();
	const session = await openRepository({root, python, store, signal: controller.signal});
	const {engine} = await beginRelease(session, {
		bump: ['patch'],
		restart: false,
		dryRun: false,
		skip: [],
		jobs: 2,
		noIsolation: true,
		allowFiles: [],
		answerer: createCiAnswerer(() => undefined),
	});
	const events: ReleaseEvent[] = [];
	let view = initialReleaseView(engine.record());
	let checking: ReleaseView | undefined;
	engine.subscribe((event, record) => {
		events.push(event);
		if (event.type === 'step-finished' && event.step === 'check') {
			// The rows as the checklist shows them at the end of the step, before it collapses them.
			checking = view;
			controller.abort();
		}

		view = reduceReleaseView(view, event, record);
	});
	await engine.run();
	const record = engine.record();
	expect(record.steps['check']?.status, JSON.stringify(record.failure)).toBe('done');

	const files = Object.values(record.packages).flatMap(release => release.files.map(file => ({name: file.name, owner: release.normalizedName})));
	expect(files).toHaveLength(6);
	const log = await readFile(path.join(record.folder, 'logs', 'check.log'), 'utf8');
	const runs = log.split('\n').filter(line => /^\$ .* -m twine check /.test(line));
	expect(runs).toHaveLength(1);
	for (const file of files) {
		expect(runs[0]).toContain(file.name);
	}

	const output = events.flatMap(event => (event.type === 'step-output' && event.step === 'check' ? [event] : []));
	const verdicts = output.flatMap(event => {
		const named = /^Checking \S+\/([^/]+): (PASSED|FAILED)/.exec(event.line);
		return named === null ? [] : [{file: named[1], package: event.package, verdict: named[2]}];
	});
	expect(verdicts.toSorted((left, right) => left.file!.localeCompare(right.file!))).toEqual(
		files.map(file => ({file: file.name, package: file.owner, verdict: file.owner === 'alpha' ? 'FAILED' : 'PASSED'})).toSorted((left, right) => left.file.localeCompare(right.file)),
	);
	// twine's explanation after alpha's FAILED lines is alpha's, not the package checked before it.
	const errors = output.filter(event => event.line.includes('has syntax errors in markup'));
	expect(errors).toHaveLength(2);
	expect(errors.map(event => event.package)).toEqual(['alpha', 'alpha']);
	expect(Object.fromEntries(Object.values(checking!.phase!.packages).map(row => [row.name, row.state]))).toEqual({alpha: 'failed', beta: 'done', gamma: 'done'});
	expect(record.steps['check']?.message).toBe('6 file(s) checked: 2 problem(s) PyPI would refuse, reported with the inspection');
});

import {describe, expect, test} from 'vitest';
import {PreconditionError, UsageError} from '../../../source/core/errors.js';
import {createCiAnswerer} from '../../../source/core/release/questions.js';
import {beginRelease, openRepository, type ReleaseChoices} from '../../../source/core/release/session.js';
import {buildStep} from '../../../source/core/release/steps/build.js';
import type {ReleaseRecord} from '../../../source/core/release/types.js';
import {memoryReleaseStore, type ReleaseStore} from '../../../source/core/state/release-store.js';
import {hatchlingAboutPackage} from '../../helpers/fixtures.js';
import {sampleRecord} from '../../helpers/release-record.js';
import {temporaryFolder} from '../../helpers/temp.js';
import {git, gitRepository} from '../../integration/release/git-repository.js';

const choices: ReleaseChoices = {bump: [], restart: false, dryRun: false, skip: [], jobs: 1, noIsolation: false, allowFiles: [], answerer: createCiAnswerer(() => undefined)};
const signal = new AbortController().signal;

async function opened(store?: (root: string) => ReleaseStore) {
	const {root} = await gitRepository(hatchlingAboutPackage(), {remote: false});
	const releases = store?.(root) ?? memoryReleaseStore(await temporaryFolder('releases-'));
	return {root, store: releases, session: await openRepository({root, store: releases, signal})};
}

/** A saved release of hatch-demo that failed at the build, with its wheel already on the test index. */
function unfinished(root: string): ReleaseRecord {
	const record = sampleRecord(root);
	const wheel = 'hatch_demo-0.4.0-py3-none-any.whl';
	return {
		...record,
		status: 'failed',
		bump: ['minor'],
		version: '0.4.0',
		packages: {
			'hatch-demo': {
				name: 'Hatch_Demo',
				normalizedName: 'hatch-demo',
				path: '.',
				previousVersion: '0.3.1',
				version: '0.4.0',
				batch: 0,
				status: 'built',
				files: [{path: `/gone/${wheel}`, name: wheel, size: 1, sha256: '0'.repeat(64)}],
				builtFrom: '1'.repeat(40),
				uploads: {test: {[wheel]: 'uploaded'}, production: {[wheel]: 'pending'}},
				installCheck: undefined,
			},
		},
		batches: [['hatch-demo']],
		steps: {...record.steps, build: {title: 'Build', status: 'failed'}},
		failure: {step: 'build', message: 'it broke', exitCode: 1, tail: []},
	};
}

describe('release session', () => {
	test('opening a repository gives the plan before any choice, and decides nothing', async () => {
		const {session, store} = await opened();
		expect(session.plan.packages.map(found => [found.name, found.version])).toEqual([['Hatch_Demo', '0.3.1']]);
		expect(session.saved).toBeUndefined();
		expect(session.damaged).toBeUndefined();
		expect(store.read()).toEqual({kind: 'none'});
	});

	test('an unfinished release is offered with a one-line description, and continued by beginRelease', async () => {
		const {session} = await opened(root => {
			const store = memoryReleaseStore('/nonexistent');
			store.save(unfinished(root));
			return store;
		});
		expect(session.saved?.description).toMatch(/^0\.4\.0 \(--bump minor\), failed, failed at Build, 0 of 6 steps done, started 2026-01-01T00:00:00\.000Z$/);
		const started = await beginRelease(session, choices);
		expect(started.resumed).toBe(true);
		expect(started.engine.record().version).toBe('0.4.0');
	});

	test('--skip names the steps of the release when the id is not one of them', async () => {
		const {session} = await opened();
		const attempt = beginRelease(session, {...choices, bump: ['minor'], skip: ['upload-test']});
		await expect(attempt).rejects.toThrow(UsageError);
		await expect(attempt).rejects.toMatchObject({
			message: '--skip upload-test: there is no such step in this release.',
			hint: 'The steps are: preflight, version, tests, build, check, inspect.',
		});
	});

	test('a damaged record is kept as found by openRepository, and refused by beginRelease without --restart', async () => {
		const {session} = await opened(() => ({...memoryReleaseStore('/nonexistent'), read: () => ({kind: 'damaged', problem: 'steps: expected object'})}));
		expect(session.damaged).toBe('steps: expected object');
		await expect(beginRelease(session, {...choices, bump: ['minor']})).rejects.toThrow(PreconditionError);
		const restarted = await beginRelease(session, {...choices, bump: ['minor'], restart: true});
		expect(restarted.notes).toEqual(['Replaced the damaged release record (not saved: dry run) (steps: expected object).']);
		expect(restarted.engine.record()).toMatchObject({version: '0.4.0', schema: 3, targets: {}, downstream: []});
	});

	test('the build step refuses to rebuild a package once a file of it was uploaded: a file name is never reused', async () => {
		const {session, root} = await opened(root => {
			const store = memoryReleaseStore('/nonexistent');
			store.save(unfinished(root));
			return store;
		});
		const started = await beginRelease(session, choices);
		const record = started.engine.record();
		const context = {root, config: session.config, configFile: session.configFile, plan: session.plan, options: {dryRun: false, python: 'python3', jobs: 1, isolation: true, allowFiles: [], skip: [], stopAfter: undefined, waitTimeoutMs: 600_000}, targets: undefined, record: () => record};
		const io = {exec: async () => ({stdout: git(root, 'rev-parse', 'HEAD'), stderr: '', exitCode: 0})} as unknown as Parameters<typeof buildStep.run>[1];
		const attempt = buildStep.run(context, io);
		await expect(attempt).rejects.toThrow(/files of them were already uploaded:\n {2}Hatch_Demo: hatch_demo-0\.4\.0-py3-none-any\.whl \(uploaded\) on the test index/);
		await expect(attempt).rejects.toMatchObject({hint: expect.stringMatching(/^A file name can never be reused on an index, so they cannot be rebuilt from other code\. .*\(git branch later-fixes && git reset --hard 111111111111\)/)});
	});
});

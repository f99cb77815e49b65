import {setTimeout as delay} from 'node:timers/promises';
import {PreconditionError, StepFailedError} from '../../errors.js';
import {compareWithIndex, type FileVerdict} from '../../index/file-check.js';
import {releaseInfo, projectInfo} from '../../index/json-api.js';
import {projectFiles} from '../../index/simple-api.js';
import {interpretTwineUpload, twineOutputEnvironment, type UploadResult} from '../../index/upload-result.js';
import {runBatches} from '../batch-runner.js';
import type {ReleaseContext, ResolvedTarget} from '../context.js';
import {StepSkipped, type Step, type StepIo} from '../engine.js';
import type {Question} from '../questions.js';
import {StepCommandError} from '../step-failure.js';
import {describeTarget} from '../target-text.js';
import type {BuiltFile, IndexRole, PackageRecord, ReleaseRecord, StepId} from '../types.js';
import {retryDelaysMs, withIndexRetries} from './index-retries.js';
import {waitForBatch} from './propagation-wait.js';
import {newFilesWindowMs} from '../summary.js';

/** PyPI takes no new file for a release whose first file is older than this. */
export {newFilesWindowMs} from '../summary.js';

export type UploadStep = Step<ReleaseContext> & {readonly role: IndexRole};

/**
 * SPEC §3 steps 4 and 6: every built file to the role's index, batch by batch, each batch
 * visible on the simple pages before the next one starts. The index is asked first, so a
 * resumed release never sends a file twice and a name taken by other bytes stops it before
 * anything of that package is sent.
 */
export function uploadStep(role: IndexRole): UploadStep {
	const id: StepId = `upload-${role}`;
	return {
		id,
		role,
		title: role === 'test' ? 'Upload to the test index' : 'Upload to the production index',
		skip(context) {
			if (role === 'production' && context.options.stopAfter === 'test') {
				return 'given --stop-after test';
			}

			if (context.options.dryRun) {
				const files = Object.values(context.record().packages).flatMap(release => release.files.map(file => file.name));
				return `[dry run] not uploaded: ${files.length === 0 ? 'every built file' : files.join(', ')} to ${context.record().targets[role]?.display ?? `the ${role} index`}`;
			}

			return undefined;
		},
		async run(context, io) {
			const target = targetOf(context, role);
			const record = context.record();
			if (role === 'test' && productionWillRun(context)) {
				// Asked before the first upload of the release: only waits and caches ask mid-run.
				await productionConfirmation(context, io);
			}

			if (role === 'production' && leftToPublish(context) && (await productionConfirmation(context, io)) === 'no') {
				// The tag and downstream steps skip themselves when the production upload was skipped.
				throw new StepSkipped('not confirmed');
			}

			const counts = {sent: 0, present: 0};
			await runBatches(
				record.batches,
				{
					jobs: context.options.jobs,
					signal: io.signal,
					onBatch(index, names) {
						io.progress(`batch ${index + 1} of ${record.batches.length}: ${names.join(', ')}`);
					},
					afterBatch: async (index, names) => waitForBatch(context, io, target, index, names),
				},
				async name => {
					const release = context.record().packages[name];
					if (release !== undefined) {
						const done = await uploadPackage(context, io, target, release);
						counts.sent += done.sent;
						counts.present += done.present;
					}
				},
			);
			return `${counts.sent} file(s) uploaded to ${target.display}${counts.present > 0 ? `, ${counts.present} already there` : ''}; every file is visible`;
		},
	};
}

/** The step titled after the index it uploads to, as the release's targets name it. */
export function titledForTargets<S extends Step<ReleaseContext>>(step: S, targets: ReleaseRecord['targets']): S {
	const role = (step as Partial<UploadStep>).role;
	const display = role === undefined ? undefined : targets[role]?.display;
	return display === undefined ? step : {...step, title: `Upload to ${display}`};
}

function targetOf(context: ReleaseContext, role: IndexRole): ResolvedTarget {
	const target = context.targets?.[role];
	if (target === undefined) {
		throw new PreconditionError(`This run has no ${role} index to upload to, though the release has upload steps.`, {
			hint: 'Run the same command with the same indexes as the run that started the release (wizard status shows them), or start over with --restart.',
		});
	}

	return target;
}

function productionWillRun(context: ReleaseContext): boolean {
	const status = context.record().steps['upload-production']?.status;
	return context.options.stopAfter !== 'test' && !context.options.skip.includes('upload-production') && status !== 'done' && status !== 'skipped' && leftToPublish(context);
}

/** Some file is not yet on production: once every one is, there is nothing left to confirm. */
function leftToPublish(context: ReleaseContext): boolean {
	return Object.values(context.record().packages).some(release => release.files.some(file => !['uploaded', 'visible'].includes(release.uploads.production[file.name] ?? 'pending')));
}

function productionStarted(context: ReleaseContext): boolean {
	return Object.values(context.record().packages).some(release => Object.values(release.uploads.production).some(state => state !== 'pending'));
}

/** One answer per run, asked before the first upload (the test upload) or at the production upload of a resumed run. */
const confirmations = new WeakMap<ReleaseContext, Promise<string>>();

async function productionConfirmation(context: ReleaseContext, io: StepIo): Promise<string> {
	let answer = confirmations.get(context);
	if (answer === undefined) {
		// A file that left `pending` on production went there after a yes: a resume does not ask again.
		answer = productionStarted(context) ? Promise.resolve('yes') : askProductionConfirmation(context, io);
		confirmations.set(context, answer);
	}

	return answer;
}

async function askProductionConfirmation(context: ReleaseContext, io: StepIo): Promise<string> {
	const target = targetOf(context, 'production');
	const record = context.record();
	const releases = Object.values(record.packages);
	const newNames: string[] = [];
	for (const release of releases) {
		const info = await withIndexRetries(async () => projectInfo(target.jsonBase, release.normalizedName, {signal: io.signal}), io.signal);
		if (!info.found) {
			newNames.push(release.name);
		}
	}

	const question: Question = {
		kind: 'confirm',
		id: 'confirm-production-upload',
		message: `Upload ${describeTarget(record)} to ${target.display}? Files on ${target.display} can never be replaced.`,
		detail: [
			...releases.map(release => `${release.name} ${release.version}: ${release.files.length === 0 ? 'its built files' : release.files.map(file => file.name).join(', ')}`),
			`index: ${target.uploadUrl}`,
			...newNames.map(name => `${name} is new on ${target.display}: this is its first-ever publish`),
		],
		default: newNames.length === 0,
		// A first-ever publish creates the project for good: a person types the version to say yes.
		...(newNames.length === 0 ? {} : {confirmText: record.version ?? releases.find(release => newNames.includes(release.name))!.version}),
		ci: {answer: 'yes', because: 'wizard --ci publishes unless --stop-after test'},
	};
	return io.ask(question);
}

/** Sends the files of one package the index does not have yet, in one twine call. */
async function uploadPackage(context: ReleaseContext, io: StepIo, target: ResolvedTarget, release: PackageRecord): Promise<{sent: number; present: number}> {
	const {role} = target;
	const states = release.uploads[role];
	// Uploaded (twine said so) or visible: the wait checks them; asking the index now could
	// only show them missing while they propagate.
	const unsure = release.files.filter(file => states[file.name] !== 'uploaded' && states[file.name] !== 'visible');
	if (unsure.length === 0) {
		return {sent: 0, present: 0};
	}

	const listing = await withIndexRetries(async () => projectFiles(target.simpleBase, release.normalizedName, {signal: io.signal, cacheBust: true}), io.signal);
	const verdicts = compareWithIndex(
		unsure.map(file => ({filename: file.name, sha256: file.sha256})),
		listing,
	);
	const conflict = verdicts.find((verdict): verdict is Extract<FileVerdict, {verdict: 'conflict'}> => verdict.verdict === 'conflict');
	if (conflict !== undefined) {
		throw new StepFailedError(
			`upload-${role}`,
			`${target.display} already has a file named ${conflict.filename} with other contents (sha256 ${conflict.indexSha256}, ours ${conflict.localSha256}); nothing of ${release.name} was sent.`,
			{hint: `A file name can never be reused on an index. ${conflict.advice} To start that release: wizard --restart --bump post.`},
		);
	}

	let present = 0;
	for (const verdict of verdicts.filter(candidate => candidate.verdict === 'same' || candidate.verdict === 'unverified')) {
		const file = unsure.find(candidate => candidate.name === verdict.filename)!;
		if (verdict.verdict === 'unverified') {
			await io.log(`${file.name}: ${target.display} lists it without a sha256; taken as uploaded`, release.normalizedName);
		}

		io.dispatch({type: 'file-uploaded', name: release.normalizedName, role, file: file.name});
		io.notify({type: 'upload-progress', role, package: release.normalizedName, file: file.name, phase: 'skipped', bytes: file.size});
		present++;
	}

	const toSend = unsure.filter(file => verdicts.find(verdict => verdict.filename === file.name)?.verdict === 'absent');
	if (toSend.length === 0) {
		return {sent: 0, present};
	}

	await refuseOldRelease(io, target, release);
	await sendWithTwine(context, io, target, release, toSend);
	return {sent: toSend.length, present};
}

/** PyPI refuses new files for a release older than 14 days: say so before trying. */
async function refuseOldRelease(io: StepIo, target: ResolvedTarget, release: PackageRecord): Promise<void> {
	const info = await withIndexRetries(async () => releaseInfo(target.jsonBase, release.normalizedName, release.version, {signal: io.signal}), io.signal);
	if (!info.found) {
		return;
	}

	const first = firstUploadTime(info.files.map(file => file.uploadTime));
	if (first !== undefined && Date.now() - first > newFilesWindowMs) {
		throw new StepFailedError(
			`upload-${target.role}`,
			`${release.name} ${release.version} was first uploaded to ${target.display} on ${new Date(first).toISOString().slice(0, 10)}, more than 14 days ago; PyPI takes no new file for a release that old, so its missing files cannot be added.`,
			{hint: 'Release a new version instead: for the same code, a post-release with wizard --restart --bump post.'},
		);
	}
}

/** The earliest of the release's upload times (ms since the epoch), if the index gives any. */
export function firstUploadTime(times: ReadonlyArray<string | undefined>): number | undefined {
	const parsed = times.flatMap(time => {
		if (time === undefined) {
			return [];
		}

		// The JSON API's upload_time has no zone: it is UTC.
		const ms = Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(time) ? time : `${time}Z`);
		return Number.isNaN(ms) ? [] : [ms];
	});
	return parsed.length === 0 ? undefined : Math.min(...parsed);
}

/**
 * One twine call for the package's files; a retryable failure (5xx after twine's own retries,
 * no answer) is tried again for the files still missing after 1 s, 2 s and 4 s, then becomes a
 * resumable failure.
 */
async function sendWithTwine(context: ReleaseContext, io: StepIo, target: ResolvedTarget, release: PackageRecord, files: readonly BuiltFile[]): Promise<void> {
	const {role} = target;
	const token = await target.token();
	let remaining = [...files];
	for (let attempt = 0; ; attempt++) {
		for (const file of remaining) {
			io.dispatch({type: 'file-upload-started', name: release.normalizedName, role, file: file.name});
			io.notify({type: 'upload-progress', role, package: release.normalizedName, file: file.name, phase: 'started', bytes: file.size});
		}

		const started = Date.now();
		const run = await io.exec(
			context.options.python,
			['-m', 'twine', 'upload', '--non-interactive', '--disable-progress-bar', '--repository-url', target.uploadUrl, ...remaining.map(file => file.path)],
			{cwd: context.root, package: release.normalizedName, allowFailure: true, env: {...twineOutputEnvironment, TWINE_USERNAME: '__token__', TWINE_PASSWORD: token}},
		);
		const result = interpretTwineUpload({...run, files: remaining.map(file => file.path), repository: {name: target.name, uploadUrl: target.uploadUrl}});
		const durationMs = Date.now() - started;
		const uploaded = new Set(result.files.filter(outcome => outcome.state === 'uploaded' || outcome.state === 'already-present').map(outcome => outcome.filename));
		for (const file of remaining.filter(candidate => uploaded.has(candidate.name))) {
			io.dispatch({type: 'file-uploaded', name: release.normalizedName, role, file: file.name});
			io.notify({type: 'upload-progress', role, package: release.normalizedName, file: file.name, phase: 'finished', bytes: file.size, durationMs});
		}

		remaining = remaining.filter(file => !uploaded.has(file.name));
		if (result.kind === 'ok' && remaining.length === 0) {
			return;
		}

		if (result.kind !== 'retryable' || attempt >= retryDelaysMs.length) {
			throw uploadFailure(role, release, result, run.tail, attempt + 1);
		}

		await io.log(`${result.message} Trying again in ${retryDelaysMs[attempt]! / 1000} s.`, release.normalizedName);
		await delay(retryDelaysMs[attempt]!, undefined, {signal: io.signal});
	}
}

function uploadFailure(role: IndexRole, release: PackageRecord, result: UploadResult, tail: readonly string[], tries: number): Error {
	const step = `upload-${role}`;
	switch (result.kind) {
		case 'forbidden': {
			return new PreconditionError(`Uploading ${release.name}: ${result.message}`, {hint: result.hint});
		}

		case 'retryable': {
			return new StepCommandError(step, `Uploading ${release.name}: ${result.message} (${tries} tries).`, tail, {hint: result.hint});
		}

		case 'rejected':
		case 'failed': {
			return new StepCommandError(step, `Uploading ${release.name}: ${result.message}`, tail, {hint: result.hint});
		}

		case 'ok': {
			// twine said it succeeded, yet did not name every file.
			return new StepFailedError(step, `twine finished without uploading every file of ${release.name}.`, {
				hint: 'Run the same command again: the index is asked first, and only the missing files are sent.',
			});
		}
	}
}

export const uploadTestStep = uploadStep('test');
export const uploadProductionStep = uploadStep('production');

import {existsSync} from 'node:fs';
import path from 'node:path';
import {setTimeout as delay} from 'node:timers/promises';
import {StepFailedError} from '../../errors.js';
import {formatCommand} from '../../exec.js';
import {waitUntilVisible} from '../../index/propagation.js';
import {installCheck, pipInstallArguments, type InstallCheckResult} from '../../python/install-check.js';
import {createPipProbes, type PipProbes} from '../../python/pip-probes.js';
import type {InstallDiagnosis, InstallFix, ProjectInstallers} from '../../python/stale-cache.js';
import {runBatches} from '../batch-runner.js';
import type {ReleaseContext} from '../context.js';
import type {Step, StepIo} from '../engine.js';
import type {Question} from '../questions.js';
import {StepCommandError} from '../step-failure.js';
import type {PackageRecord, TargetRecord} from '../types.js';

// SPEC §3 step 5: every package installs from the test index into a fresh environment (the
// production index supplying the other dependencies) and passes its smoke commands.

const stepId = 'install-check';
/** How long "wait and retry" gives a proxy or CDN to fetch a stale page again, at most. */
const staleCacheWaitMs = 60_000;

type Indexes = {readonly test: TargetRecord; readonly production: TargetRecord | undefined};
type Retry = 'retry-no-cache-dir' | 'wait-and-retry';
type Failed = Exclude<InstallCheckResult, {status: 'passed'}>;
type Propagation = Extract<InstallDiagnosis, {kind: 'stale-cache' | 'not-visible'}>;

export const installCheckStep: Step<ReleaseContext> = {
	id: stepId,
	title: 'Install check from the test index',
	skip(context) {
		const record = context.record();
		const indexes = indexesOf(context);
		if (context.options.dryRun) {
			const packages = record.batches.flat().flatMap(name => (record.packages[name] === undefined ? [] : [record.packages[name]]));
			return indexes === undefined || packages.length === 0
				? '[dry run] nothing to install'
				: `[dry run] not run: ${packages.map(release => pipCommand(indexes, release)).join('; ')} (each in a fresh virtual environment)`;
		}

		if (indexes === undefined) {
			return 'this release has no test index';
		}

		if (record.steps['upload-test']?.status === 'skipped') {
			return 'nothing on the test index to install (the test upload was skipped)';
		}

		return checked(context).length === 0 ? 'nothing on the test index to install (the build produced no file)' : undefined;
	},
	async run(context, io) {
		const indexes = indexesOf(context)!;
		const record = context.record();
		const packages = checked(context);
		const batches = record.batches.map(batch => batch.flatMap(name => packages.filter(release => release.normalizedName === name)));
		const ownPackages = new Map(Object.values(record.packages).map(release => [release.normalizedName, release.version]));
		const installers = projectInstallers(context);
		// The interpreter's pip answers the same for every package: asked once in this run.
		const pipProbes = createPipProbes();
		let passed = 0;
		let earlier = 0;
		await runBatches(batches, {jobs: context.options.jobs, signal: io.signal}, async release => {
			if (context.record().packages[release.normalizedName]?.installCheck?.status === 'passed') {
				earlier++;
				await io.log(`${release.name} ${release.version}: passed in an earlier run, not checked again.`, release.normalizedName);
				return;
			}

			await checkPackage(context, io, {release, indexes, ownPackages, installers, pipProbes});
			passed++;
		});
		const again = earlier === 0 ? '' : ` (${earlier} passed in an earlier run)`;
		return `${passed + earlier} package(s) installed from ${indexes.test.display} and passed their smoke commands${again}`;
	},
};

/** Packages with files, in batch order: what the test upload sent. */
function checked(context: ReleaseContext): PackageRecord[] {
	const record = context.record();
	return record.batches.flat().flatMap(name => {
		const release = record.packages[name];
		return release !== undefined && release.files.length > 0 ? [release] : [];
	});
}

/** The run's targets; on a resume without them, the ones the record kept (no token is needed here). */
function indexesOf(context: ReleaseContext): Indexes | undefined {
	const {targets} = context.record();
	const test = context.targets?.test ?? targets.test;
	return test === undefined ? undefined : {test, production: context.targets?.production ?? targets.production};
}

function pipCommand(indexes: Indexes, release: PackageRecord, retry?: 'no-cache-dir'): string {
	return formatCommand('pip', pipInstallArguments({name: release.name, version: release.version, testSimple: indexes.test.simpleBase, productionSimple: productionSimple(indexes), retry}));
}

function productionSimple(indexes: Indexes): string {
	return (indexes.production ?? indexes.test).simpleBase;
}

/** The installers whose caches a user of this project may hold: uv where a uv.lock is, poetry where a poetry.lock is. */
function projectInstallers(context: ReleaseContext): ProjectInstallers {
	const folders = [context.root, ...context.plan.packages.map(found => found.absolutePath)];
	const has = (file: string) => folders.some(folder => existsSync(path.join(folder, file)));
	return {uv: has('uv.lock'), poetry: has('poetry.lock')};
}

type PackageCheck = {
	readonly release: PackageRecord;
	readonly indexes: Indexes;
	readonly ownPackages: ReadonlyMap<string, string>;
	readonly installers: ProjectInstallers;
	readonly pipProbes: PipProbes;
};

async function checkPackage(context: ReleaseContext, io: StepIo, check: PackageCheck): Promise<void> {
	const {release, indexes} = check;
	const wheel = release.files.find(file => file.name.endsWith('.whl'));
	const attempt = async (retry: 'no-cache-dir' | undefined) =>
		installCheck({
			python: context.options.python,
			folder: path.join(context.record().folder, 'install-check', release.normalizedName),
			name: release.name,
			version: release.version,
			testSimple: indexes.test.simpleBase,
			productionSimple: productionSimple(indexes),
			smoke: context.config.smoke[release.normalizedName],
			wheel: wheel?.path,
			systemSitePackages: context.config.installCheck.systemSitePackages,
			retry,
			ownPackages: check.ownPackages,
			installers: check.installers,
			pipProbes: check.pipProbes,
			run: io.exec.bind(io),
			signal: io.signal,
		});

	io.notify({type: 'install-check-progress', package: release.normalizedName, phase: 'started'});
	let result = await attempt(undefined);
	let durationMs = result.durationMs;
	if (isPropagation(result)) {
		const fix = await io.ask(retryQuestion(context, check, result.diagnosis));
		if (fix === 'stop') {
			finish(io, release, 'failed', durationMs);
			throw propagationFailure(check, result.diagnosis, 'you chose to stop');
		}

		await waitBeforeRetry(context, io, check, result.diagnosis, fix as Retry);
		result = await attempt(fix === 'retry-no-cache-dir' ? 'no-cache-dir' : undefined);
		durationMs += result.durationMs;
		if (isPropagation(result)) {
			finish(io, release, 'failed', durationMs);
			throw propagationFailure(check, result.diagnosis, 'the second try failed too');
		}
	}

	if (result.status !== 'passed') {
		finish(io, release, 'failed', durationMs);
		throw checkFailure(context, check, result);
	}

	for (const smoke of result.smoke) {
		await io.log(`${release.name}: ${smoke.command}: ok (${smoke.durationMs} ms)`, release.normalizedName);
	}

	finish(io, release, 'passed', durationMs);
}

function finish(io: StepIo, release: PackageRecord, status: 'passed' | 'failed', durationMs: number): void {
	io.dispatch({type: 'install-checked', name: release.normalizedName, status, durationMs});
	io.notify({type: 'install-check-progress', package: release.normalizedName, phase: 'finished', durationMs, ok: status === 'passed'});
}

function isPropagation(result: InstallCheckResult): result is Extract<InstallCheckResult, {status: 'install-failed'}> & {diagnosis: Propagation} {
	return result.status === 'install-failed' && (result.diagnosis.kind === 'stale-cache' || result.diagnosis.kind === 'not-visible');
}

/** Stale cache or not visible yet: retry without pip's cache, wait and retry, or stop; each labelled with what runs. */
function retryQuestion(context: ReleaseContext, check: PackageCheck, diagnosis: Propagation): Question {
	const {release, indexes} = check;
	const fixes = diagnosis.fixes.filter(fix => fix.scope === 'install-check' && (fix.id === 'retry-no-cache-dir' || fix.id === 'wait-and-retry'));
	const choices = fixes.map(fix =>
		fix.id === 'retry-no-cache-dir'
			? {value: fix.id, label: `Retry without pip's cache: ${pipCommand(indexes, release, 'no-cache-dir')}`, hint: fix.description}
			: {value: fix.id, label: `${waitText(context, diagnosis)}, then retry: ${pipCommand(indexes, release)}`, hint: fix.description},
	);
	const narrowest = choices.find(choice => choice.value === 'retry-no-cache-dir') ?? choices.find(choice => choice.value === 'wait-and-retry');
	const because =
		narrowest?.value === 'retry-no-cache-dir'
			? "the narrowest fix: one retry without pip's cache, nothing deleted"
			: diagnosis.kind === 'not-visible'
				? 'the upload has not propagated yet: wait, then retry once'
				: 'a cache between pip and the index: wait for it to fetch again, then retry once';
	return {
		kind: 'choice',
		id: `install-check-retry:${release.normalizedName}`,
		message: `${release.name} ${release.version} did not install from ${indexes.test.display}: ${diagnosis.message} What now?`,
		detail: yourEnvironment(diagnosis.fixes),
		choices: [...choices, {value: 'stop', label: 'Stop here: the release is kept, and the same command resumes at the install check'}],
		default: narrowest?.value ?? 'stop',
		ci: narrowest === undefined ? {answer: 'stop', because: 'no retry can help'} : {answer: narrowest.value, because},
	};
}

function waitText(context: ReleaseContext, diagnosis: Propagation): string {
	return diagnosis.kind === 'not-visible'
		? `Wait until ${diagnosis.index} lists ${diagnosis.requirement.requirement} (at most ${minutes(context.options.waitTimeoutMs)}, wait.timeout)`
		: `Wait ${minutes(Math.min(staleCacheWaitMs, context.options.waitTimeoutMs))} for the cache to fetch the page again`;
}

function minutes(ms: number): string {
	return ms >= 60_000 ? `${Math.round(ms / 6000) / 10} min` : `${Math.round(ms / 1000)} s`;
}

async function waitBeforeRetry(context: ReleaseContext, io: StepIo, check: PackageCheck, diagnosis: Propagation, fix: Retry): Promise<void> {
	if (fix !== 'wait-and-retry') {
		return;
	}

	const missing = context.record().packages[diagnosis.requirement.name];
	if (diagnosis.kind === 'not-visible' && missing !== undefined && missing.files.length > 0) {
		io.progress(`waiting until ${diagnosis.index} lists ${missing.name} ${missing.version} (at most ${minutes(context.options.waitTimeoutMs)})`);
		const files = missing.files.map(file => file.name);
		const batch = missing.batch;
		io.notify({type: 'wait-started', role: 'test', batch, files, since: new Date().toISOString()});
		const waited = await waitUntilVisible({
			simpleBase: diagnosis.index,
			expected: missing.files.map(file => ({project: missing.normalizedName, filename: file.name, sha256: file.sha256})),
			timeoutMs: context.options.waitTimeoutMs,
			signal: io.signal,
			onPoll(report) {
				const at = (ms: number) => new Date(ms).toISOString();
				io.notify({
					type: 'wait-polled',
					role: 'test',
					batch,
					since: at(report.since),
					polledAt: at(report.polledAt),
					nextPollAt: at(report.nextPollAt ?? report.polledAt),
					missing: report.missing,
					visible: report.visible,
				});
			},
		});
		if (waited.status === 'visible') {
			io.notify({type: 'wait-finished', role: 'test', batch, elapsedMs: waited.elapsedMs});
		}

		io.progress(
			waited.status === 'visible'
				? `${missing.name} ${missing.version} is listed after ${minutes(waited.elapsedMs)}: installing ${check.release.name} again`
				: `${diagnosis.index} still does not list ${waited.missing.join(', ')} after ${minutes(waited.elapsedMs)}: trying once more`,
		);
		return;
	}

	const waitMs = Math.min(staleCacheWaitMs, context.options.waitTimeoutMs);
	io.progress(`waiting ${minutes(waitMs)} before installing ${check.release.name} again`);
	await delay(waitMs, undefined, {signal: io.signal});
}

/** The fixes for the user's own machine (uv, poetry), as lines to show. */
function yourEnvironment(fixes: readonly InstallFix[]): string[] {
	return fixes
		.filter(fix => fix.scope === 'your-environment' && fix.command !== undefined)
		.map(fix => `On your own machine: ${fix.command!} (${fix.description.replace(/\.$/, '')})`);
}

function propagationFailure(check: PackageCheck, diagnosis: Propagation, why: string): StepFailedError {
	const {release, indexes} = check;
	const hint = [
		`Run the same command again later: the uploads are kept and the release resumes at the install check (${pipCommand(indexes, release)}).`,
		...yourEnvironment(diagnosis.fixes),
	].join('\n');
	return new StepFailedError(stepId, `${release.name} ${release.version} did not install from ${indexes.test.display} (${why}): ${diagnosis.message}`, {hint});
}

function checkFailure(context: ReleaseContext, check: PackageCheck, result: Failed): StepCommandError {
	const {release, indexes} = check;
	const where = path.join(context.record().folder, 'install-check', release.normalizedName);
	const resume = 'Then run the same command again: the release resumes at the install check.';
	switch (result.status) {
		case 'install-failed': {
			const {diagnosis} = result;
			const fix =
				diagnosis.kind === 'index-unreachable'
					? `Check that ${diagnosis.index} answers (network, proxy). ${resume}`
					: `Reproduce it with: ${result.pipCommand}. A dependency on no index: publish it first, or in an offline rehearsal set install-check.system-site-packages = true in ${context.configFile} to use the interpreter's packages. ` +
						`A wrong requirement in ${release.name}: fix it and release a new version (files on an index cannot be replaced; .postN for the same code). ${resume}`;
			return new StepCommandError(stepId, `${release.name} ${release.version} did not install from ${indexes.test.display}: ${diagnosis.message}`, result.tail, {hint: fix});
		}

		case 'wrong-version': {
			return new StepCommandError(
				stepId,
				`pip installed ${release.name} ${result.installedVersion ?? '(none)'} from ${indexes.test.display}, not ${release.version}.`,
				[],
				{hint: `Check what ${indexes.test.display} serves for ${release.name} (${result.pipCommand}). ${resume}`},
			);
		}

		case 'smoke-failed': {
			const failed = result.failed[0]!;
			const configured = context.config.smoke[release.normalizedName] !== undefined;
			const source = configured ? `the smoke command of ${release.name} (smoke in ${context.configFile})` : `the default smoke check of ${release.name} (import each module its wheel installs)`;
			const others = result.failed.length > 1 ? ` (and ${result.failed.length - 1} more)` : '';
			return new StepCommandError(
				stepId,
				`${release.name} ${release.version} installed from ${indexes.test.display}, but ${source} failed: ${failed.command} exited with ${failed.exitCode}${others}.`,
				failed.tail,
				{
					hint:
						`Try it in the environment the check left: cd ${path.join(where, 'smoke')} && PATH=${path.join(where, 'venv', 'bin')}:$PATH ${failed.command}. ` +
						`Fix the package and release a new version (files on an index cannot be replaced), or fix the command in ${context.configFile}. ${resume}`,
				},
			);
		}
	}
}

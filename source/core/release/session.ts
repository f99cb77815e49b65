import {existsSync} from 'node:fs';
import path from 'node:path';
import {restoreToggles} from '../build-toggles.js';
import {loadConfig} from '../config/load.js';
import {commandTimeout} from '../config/timeout.js';
import type {WizardConfig} from '../config/types.js';
import type {RunSecrets} from '../credentials/run-secrets.js';
import {exec} from '../exec.js';
import {checkInterpreter} from '../python/interpreter.js';
import {PreconditionError, UsageError} from '../errors.js';
import {loadPlan} from '../plan/discover.js';
import type {Plan} from '../plan/types.js';
import type {ReleaseStore} from '../state/release-store.js';
import {recordSchema} from '../state/record-schema.js';
import type {ReleaseContext, ReleaseOptions, ResolvedTarget, ResolvedTargets} from './context.js';
import {createReleaseEngine, type ReleaseEngine, type Step} from './engine.js';
import type {Answerer} from './questions.js';
import {reduceRelease} from './reducer.js';
import {releaseSteps} from './steps/release-steps.js';
import {describeTarget} from './target-text.js';
import {releaseTargets} from './targets.js';
import type {PackageRecord, ReleaseRecord, StepId, StepRecord} from './types.js';

export type OpenOptions = {
	readonly root: string;
	/** --python, if given. */
	readonly python?: string;
	readonly store: ReleaseStore;
	readonly signal: AbortSignal;
	/** Withheld from every child (see `exec`). */
	readonly secrets?: RunSecrets;
	readonly redact?: (text: string) => string;
};

/** A repository opened for a release: what is there, before anything is decided. */
export type RepositorySession = {
	readonly root: string;
	readonly config: WizardConfig;
	/** The configuration file's path, for messages (or the pyproject.toml it would live in). */
	readonly configFile: string;
	/** The interpreter: --python, else the configuration's, else python3. */
	readonly python: string;
	readonly plan: Plan;
	readonly store: ReleaseStore;
	/** The unfinished release (not ready, not a dry run), if one is saved. */
	readonly saved: {readonly record: ReleaseRecord; readonly description: string; readonly migratedFrom?: number} | undefined;
	/** What is wrong with the saved record, when it cannot be read. */
	readonly damaged: string | undefined;
	/** Toggled files put back because an earlier run was stopped mid-build. */
	readonly restoredToggles: readonly string[];
	readonly signal: AbortSignal;
	readonly secrets?: RunSecrets;
	readonly redact?: (text: string) => string;
};

/** What the person (or the command line) decides once the repository is open. */
export type ReleaseChoices = {
	readonly bump: readonly string[];
	readonly restart: boolean;
	readonly dryRun: boolean;
	readonly skip: readonly string[];
	/** Parallel work within a batch. */
	readonly jobs: number;
	/** --no-isolation given. */
	readonly noIsolation: boolean;
	readonly allowFiles: readonly string[];
	readonly answerer: Answerer;
	/** Where each role uploads, with its token; undefined for a local-only release. */
	readonly targets?: ResolvedTargets;
	readonly stopAfter?: 'test';
	/** Default: 10 minutes. */
	readonly waitTimeoutMs?: number;
};

export type StartedRelease = {
	readonly engine: ReleaseEngine;
	/** True when an unfinished release was found and is being continued. */
	readonly resumed: boolean;
	/** Toggled files put back because an earlier run was stopped mid-build. */
	readonly restoredToggles: readonly string[];
	/** What was done to the saved record before the run (migrated, damaged one replaced). */
	readonly notes: readonly string[];
};

/**
 * Opens the repository: the folder, its configuration, the saved record (kept as found: valid,
 * damaged or none) and the plan. Puts back build toggles a stopped run left applied, since the
 * plan reads those files; decides nothing else.
 */
export async function openRepository(options: OpenOptions): Promise<RepositorySession> {
	const root = path.resolve(options.root);
	if (!existsSync(root)) {
		throw new UsageError(`The folder ${root} does not exist.`, {hint: 'Pass the repository folder: wizard --ci path/to/repo.'});
	}

	const config = await loadConfig(root);
	const python = options.python ?? config.python ?? 'python3';
	const found = options.store.read();
	let unfinished = found.kind === 'valid' && found.record.status !== 'ready' && !found.record.dryRun ? found.record : undefined;
	const restoredToggles = unfinished?.toggles.map(toggle => toggle.path) ?? [];
	if (unfinished !== undefined && unfinished.toggles.length > 0) {
		await restoreToggles(unfinished.toggles);
		unfinished = reduceRelease(unfinished, {type: 'toggles-restored'}, new Date().toISOString());
		options.store.save(unfinished);
	}

	const plan = await discover(root, python, config, options);
	return {
		root,
		config,
		configFile: config.source ?? 'pyproject.toml',
		python,
		plan,
		store: options.store,
		saved:
			unfinished === undefined
				? undefined
				: {record: unfinished, description: describeUnfinished(unfinished), ...(found.kind === 'valid' && found.migratedFrom !== undefined ? {migratedFrom: found.migratedFrom} : {})},
		damaged: found.kind === 'damaged' ? found.problem : undefined,
		restoredToggles,
		signal: options.signal,
		secrets: options.secrets,
		redact: options.redact,
	};
}

/**
 * A release from the choices: the unfinished one continued (never bumped again), or a new one
 * from `--bump` (with `restart`, whatever is saved is discarded first). Returns an engine ready to run.
 */
export async function beginRelease(session: RepositorySession, choices: ReleaseChoices): Promise<StartedRelease> {
	const {store, root} = session;
	const notes: string[] = [];
	if (session.damaged !== undefined) {
		if (!choices.restart) {
			throw new PreconditionError(`The saved release record ${store.file} is damaged: ${session.damaged}.`, {
				hint: 'Add --restart to replace it with a new release (commits and files stay as they are); wizard status shows what is known.',
			});
		}

		notes.push(`Replaced the damaged release record ${store.file} (${session.damaged}).`);
	}

	if (choices.restart) {
		store.clear();
	}

	const unfinished = choices.restart ? undefined : session.saved?.record;
	if (unfinished !== undefined && session.saved?.migratedFrom !== undefined) {
		notes.push(`Migrated the release record ${store.file} from schema ${session.saved.migratedFrom}.`);
	}

	if (unfinished !== undefined && choices.bump.length > 0 && choices.bump.join(',') !== unfinished.bump.join(',')) {
		throw new UsageError(
			`An unfinished release is saved for ${root} (--bump ${unfinished.bump.join(',')} to ${describeTarget(unfinished)}), and this run asks for --bump ${choices.bump.join(',')}.`,
			{hint: 'Run without --bump (or with the same one) to continue it, or add --restart to discard the record and start over (commits stay).'},
		);
	}

	const targets = choices.targets === undefined ? (unfinished !== undefined && Object.keys(unfinished.targets).length > 0 ? unfinished.targets : undefined) : targetRecords(choices.targets);
	const steps = releaseSteps(targets);
	const skip = validSkips(choices.skip, steps);
	const record = unfinished ?? newRecord(session, choices, steps, targets ?? {});
	const releaseOptions: ReleaseOptions = {
		dryRun: choices.dryRun,
		python: session.python,
		jobs: choices.jobs,
		isolation: !choices.noIsolation && session.config.build.isolation,
		allowFiles: choices.allowFiles,
		skip,
		stopAfter: choices.stopAfter,
		waitTimeoutMs: choices.waitTimeoutMs ?? 600_000,
	};

	let engine: ReleaseEngine | undefined;
	const context: ReleaseContext = {
		root,
		config: session.config,
		configFile: session.configFile,
		plan: session.plan,
		options: releaseOptions,
		targets: choices.targets,
		record: () => engine?.record() ?? record,
	};
	engine = createReleaseEngine({
		record,
		store,
		steps,
		context,
		signal: session.signal,
		noLogs: choices.dryRun,
		redact: session.redact,
		secrets: session.secrets,
		skip,
		answerer: choices.answerer,
	});
	if (unfinished !== undefined && targets !== undefined && JSON.stringify(targets) !== JSON.stringify(unfinished.targets)) {
		engine.dispatch({type: 'targets-chosen', targets});
	}

	store.save(engine.record());
	return {engine, resumed: unfinished !== undefined, restoredToggles: session.restoredToggles, notes};
}

/** What the record keeps of the targets: where, never how to authenticate. */
function targetRecords(targets: ResolvedTargets): ReleaseRecord['targets'] {
	const plain = ({name, uploadUrl, simpleBase, jsonBase, display}: ResolvedTarget) => ({name, uploadUrl, simpleBase, jsonBase, display});
	return {test: plain(targets.test), production: plain(targets.production)};
}

/** The unfinished release in one line, for the resume question. */
export function describeUnfinished(record: ReleaseRecord): string {
	const failedAt = record.failure === undefined ? '' : `, failed at ${record.steps[record.failure.step]?.title ?? record.failure.step}`;
	const done = Object.values(record.steps).filter(step => step.status === 'done' || step.status === 'skipped').length;
	return `${describeTarget(record)} (--bump ${record.bump.join(',')}), ${record.status}${failedAt}, ${done} of ${Object.keys(record.steps).length} steps done, started ${record.createdAt}`;
}

/**
 * The plan of this run. Discovery runs the interpreter for setup.py projects, so when it fails,
 * a missing `build` module is reported as preflight would (with the install command).
 */
async function discover(root: string, python: string, config: WizardConfig, {signal, secrets, redact}: OpenOptions): Promise<Plan> {
	try {
		return await loadPlan(root, {python, signal, config});
	} catch (error: unknown) {
		await checkInterpreter(python, root, async (command, args, execOptions) => exec(command, args, {...execOptions, signal, secrets, redact}), commandTimeout(config));
		throw error;
	}
}

function newRecord(session: RepositorySession, choices: ReleaseChoices, steps: ReadonlyArray<Step<ReleaseContext>>, targets: ReleaseRecord['targets']): ReleaseRecord {
	const {plan, root, store} = session;
	const versions = releaseTargets(plan, choices.bump);
	const now = new Date().toISOString();
	const released = plan.packages.filter(found => versions.packages.has(found.normalizedName));
	const batches = plan.batches.map(batch => batch.filter(name => versions.packages.has(name))).filter(batch => batch.length > 0);
	const packages: Record<string, PackageRecord> = {};
	for (const found of released) {
		const version = versions.packages.get(found.normalizedName)!;
		packages[found.normalizedName] = {
			name: found.name,
			normalizedName: found.normalizedName,
			path: found.path,
			previousVersion: version.previous,
			version: version.next,
			batch: batches.findIndex(batch => batch.includes(found.normalizedName)),
			status: 'queued',
			files: [],
			uploads: {test: {}, production: {}},
			installCheck: undefined,
		};
	}

	return {
		schema: recordSchema,
		root,
		createdAt: now,
		updatedAt: now,
		status: 'running',
		bump: [...choices.bump],
		versioning: versions.versioning,
		version: versions.version,
		dryRun: choices.dryRun,
		packages,
		batches,
		folder: path.join(store.folder, now.replaceAll(/[:.]/g, '-')),
		// In the order of the step list: the record's order is the step order.
		steps: Object.fromEntries(steps.map(step => [step.id, {title: step.title, status: 'pending'} satisfies StepRecord])),
		skips: [],
		versionFiles: [],
		commit: undefined,
		toggles: [],
		findings: [],
		warnings: [],
		targets,
		tag: undefined,
		downstream: [],
		failure: undefined,
	};
}

function validSkips(skips: readonly string[], steps: ReadonlyArray<Step<ReleaseContext>>): StepId[] {
	const ids = steps.map(step => step.id);
	for (const skip of skips) {
		if (!ids.includes(skip)) {
			throw new UsageError(`--skip ${skip}: there is no such step in this release.`, {hint: `The steps are: ${ids.join(', ')}.`});
		}
	}

	return [...skips];
}

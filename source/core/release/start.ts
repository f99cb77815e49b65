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
import type {ReleaseContext, ReleaseOptions} from './context.js';
import {createReleaseEngine, type ReleaseEngine} from './engine.js';
import {reduceRelease} from './reducer.js';
import {localSteps} from './steps/local-steps.js';
import {describeTarget} from './target-text.js';
import {releaseTargets} from './targets.js';
import {stepIds, type PackageRecord, type ReleaseRecord, type StepId, type StepRecord} from './types.js';

export type StartOptions = {
	readonly root: string;
	readonly bump: readonly string[];
	/** --python, if given. */
	readonly python: string | undefined;
	readonly jobs: number;
	/** --no-isolation given. */
	readonly noIsolation: boolean;
	readonly dryRun: boolean;
	readonly allowFiles: readonly string[];
	readonly skip: readonly string[];
	readonly restart: boolean;
	readonly store: ReleaseStore;
	readonly signal: AbortSignal;
	readonly redact?: (text: string) => string;
	/** Withheld from every child (see `exec`). */
	readonly secrets?: RunSecrets;
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
 * Reads the repository and the saved record, and returns an engine ready to run: a new release
 * from `--bump`, or the unfinished one continued (never bumped again).
 */
export async function startRelease(options: StartOptions): Promise<StartedRelease> {
	const root = path.resolve(options.root);
	if (!existsSync(root)) {
		throw new UsageError(`The folder ${root} does not exist.`, {hint: 'Pass the repository folder: wizard --ci path/to/repo.'});
	}

	const skip = validSkips(options.skip);
	const config = await loadConfig(root);
	const python = options.python ?? config.python ?? 'python3';
	const notes: string[] = [];
	const found = options.store.read();
	if (found.kind === 'damaged') {
		if (!options.restart) {
			throw new PreconditionError(`The saved release record ${options.store.file} is damaged: ${found.problem}.`, {
				hint: 'Add --restart to replace it with a new release (commits and files stay as they are); wizard status shows what is known.',
			});
		}

		notes.push(`Replaced the damaged release record ${options.store.file} (${found.problem}).`);
	}

	if (options.restart) {
		options.store.clear();
	}

	const saved = options.restart || found.kind !== 'valid' ? undefined : found.record;
	if (saved !== undefined && found.kind === 'valid' && found.migratedFrom !== undefined) {
		notes.push(`Migrated the release record ${options.store.file} from schema ${found.migratedFrom}.`);
	}

	let unfinished = saved !== undefined && saved.status !== 'ready' && !saved.dryRun ? saved : undefined;
	if (unfinished !== undefined && options.bump.length > 0 && options.bump.join(',') !== unfinished.bump.join(',')) {
		throw new UsageError(
			`An unfinished release is saved for ${root} (--bump ${unfinished.bump.join(',')} to ${describeTarget(unfinished)}), and this run asks for --bump ${options.bump.join(',')}.`,
			{hint: 'Run without --bump (or with the same one) to continue it, or add --restart to discard the record and start over (commits stay).'},
		);
	}

	// A run killed mid-build left the toggles applied: put the original bytes back before anything
	// reads the project files.
	const restoredToggles = unfinished?.toggles.map(toggle => toggle.path) ?? [];
	if (unfinished !== undefined && unfinished.toggles.length > 0) {
		await restoreToggles(unfinished.toggles);
		unfinished = reduceRelease(unfinished, {type: 'toggles-restored'}, new Date().toISOString());
		options.store.save(unfinished);
	}

	const plan = await discover(root, python, config, options);
	const record = unfinished ?? newRecord(root, plan, options);
	const releaseOptions: ReleaseOptions = {
		dryRun: options.dryRun,
		python,
		jobs: options.jobs,
		isolation: !options.noIsolation && config.build.isolation,
		allowFiles: options.allowFiles,
		skip,
	};

	let engine: ReleaseEngine | undefined;
	const context: ReleaseContext = {
		root,
		config,
		configFile: config.source ?? 'pyproject.toml',
		plan,
		options: releaseOptions,
		record: () => engine?.record() ?? record,
	};
	engine = createReleaseEngine({record, store: options.store, steps: localSteps, context, signal: options.signal, noLogs: options.dryRun, redact: options.redact, secrets: options.secrets, skip});
	options.store.save(record);
	return {engine, resumed: unfinished !== undefined, restoredToggles, notes};
}

/**
 * The plan of this run. Discovery runs the interpreter for setup.py projects, so when it fails,
 * a missing `build` module is reported as preflight would (with the install command).
 */
async function discover(root: string, python: string, config: WizardConfig, {signal, secrets, redact}: StartOptions): Promise<Plan> {
	try {
		return await loadPlan(root, {python, signal, config});
	} catch (error: unknown) {
		await checkInterpreter(python, root, async (command, args, execOptions) => exec(command, args, {...execOptions, signal, secrets, redact}), commandTimeout(config));
		throw error;
	}
}

function newRecord(root: string, plan: Plan, options: StartOptions): ReleaseRecord {
	const targets = releaseTargets(plan, options.bump);
	const now = new Date().toISOString();
	const released = plan.packages.filter(found => targets.packages.has(found.normalizedName));
	const batches = plan.batches.map(batch => batch.filter(name => targets.packages.has(name))).filter(batch => batch.length > 0);
	const packages: Record<string, PackageRecord> = {};
	for (const found of released) {
		const target = targets.packages.get(found.normalizedName)!;
		packages[found.normalizedName] = {
			name: found.name,
			normalizedName: found.normalizedName,
			path: found.path,
			previousVersion: target.previous,
			version: target.next,
			batch: batches.findIndex(batch => batch.includes(found.normalizedName)),
			status: 'queued',
			files: [],
		};
	}

	return {
		schema: 2,
		root,
		createdAt: now,
		updatedAt: now,
		status: 'running',
		bump: [...options.bump],
		versioning: targets.versioning,
		version: targets.version,
		dryRun: options.dryRun,
		packages,
		batches,
		folder: path.join(options.store.folder, now.replaceAll(/[:.]/g, '-')),
		steps: Object.fromEntries(localSteps.map(step => [step.id, {title: step.title, status: 'pending'} satisfies StepRecord])) as Record<StepId, StepRecord>,
		skips: [],
		versionFiles: [],
		commit: undefined,
		toggles: [],
		findings: [],
		warnings: [],
		failure: undefined,
	};
}

function validSkips(skips: readonly string[]): StepId[] {
	for (const skip of skips) {
		if (!(stepIds as readonly string[]).includes(skip)) {
			throw new UsageError(`--skip ${skip}: there is no such step.`, {hint: `The steps are: ${stepIds.join(', ')}.`});
		}
	}

	return skips as StepId[];
}

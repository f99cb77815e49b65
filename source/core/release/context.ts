import type {WizardConfig} from '../config/types.js';
import type {Plan} from '../plan/types.js';
import type {IndexRole, ReleaseRecord, StepId, TargetRecord} from './types.js';

export type ReleaseOptions = {
	readonly dryRun: boolean;
	/** The interpreter: --python, else the configuration's, else python3. */
	readonly python: string;
	/** Parallel builds within a batch. */
	readonly jobs: number;
	readonly isolation: boolean;
	readonly allowFiles: readonly string[];
	readonly skip: readonly StepId[];
	/** `--stop-after test`: the release ends after the install check from the test index. */
	readonly stopAfter: 'test' | undefined;
	/** How long a propagation wait runs before it becomes a question (config `wait.timeout`). */
	readonly waitTimeoutMs: number;
};

/** Where a role uploads, with the way to its token. The record keeps only the `TargetRecord` part. */
export type ResolvedTarget = TargetRecord & {
	readonly role: IndexRole;
	/**
	 * The upload token from the credentials chain (keychain, --token-env, TWINE_PASSWORD),
	 * resolved on first use and added to the run's secrets; never stored, logged or shown.
	 */
	token(): Promise<string>;
};

export type ResolvedTargets = Readonly<Record<IndexRole, ResolvedTarget>>;

/** What every step reads: the repository as discovered in this run, and the saved record. */
export type ReleaseContext = {
	readonly root: string;
	readonly config: WizardConfig;
	/** The configuration file's path, for messages (or the pyproject.toml it would live in). */
	readonly configFile: string;
	readonly plan: Plan;
	readonly options: ReleaseOptions;
	/** The indexes of this run; undefined for a local-only release. */
	readonly targets: ResolvedTargets | undefined;
	/** The record as it is now (it changes as the steps run). */
	record(): ReleaseRecord;
};

import type {WizardConfig} from '../config/types.js';
import type {Plan} from '../plan/types.js';
import type {ReleaseRecord, StepId} from './types.js';

export type ReleaseOptions = {
	readonly dryRun: boolean;
	/** The interpreter: --python, else the configuration's, else python3. */
	readonly python: string;
	/** Parallel builds within a batch. */
	readonly jobs: number;
	readonly isolation: boolean;
	readonly allowFiles: readonly string[];
	readonly skip: readonly StepId[];
};

/** What every step reads: the repository as discovered in this run, and the saved record. */
export type ReleaseContext = {
	readonly root: string;
	readonly config: WizardConfig;
	/** The configuration file's path, for messages (or the pyproject.toml it would live in). */
	readonly configFile: string;
	readonly plan: Plan;
	readonly options: ReleaseOptions;
	/** The record as it is now (it changes as the steps run). */
	record(): ReleaseRecord;
};

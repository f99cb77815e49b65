import {StepFailedError, type WizardErrorOptions} from '../errors.js';
import {ExecError} from '../exec.js';
import type {StepId} from './types.js';

/** A step failed because of a command: the message names the step's work, the tail shows why. */
export class StepCommandError extends StepFailedError {
	readonly tail: readonly string[];

	constructor(step: StepId, message: string, tail: readonly string[], options: WizardErrorOptions = {}) {
		super(step, message, options);
		this.tail = tail;
	}
}

/** Rewrites a failed command into the step's own words; other errors pass through. */
export function explainCommandError(step: StepId, error: unknown, what: string, hint?: string): unknown {
	if (error instanceof ExecError) {
		return new StepCommandError(step, `${what}: ${error.message}`, error.tail, {hint, cause: error});
	}

	return error;
}

/** Exit codes of SPEC §2: one place, so every front end and test agrees. */
export const exitCodes = {
	ok: 0,
	stepFailed: 1,
	usage: 2,
	precondition: 3,
	interrupted: 130,
} as const;

export type ExitCode = (typeof exitCodes)[keyof typeof exitCodes];

export type WizardErrorOptions = {
	/** What the user can do about it, printed under the message. */
	readonly hint?: string;
	readonly cause?: unknown;
};

/**
 * An error a user can act on: what happened (message), what to do (hint), and the exit code.
 * The top-level handler prints these without a stack trace.
 */
export class WizardError extends Error {
	readonly hint: string | undefined;
	readonly exitCode: ExitCode;

	constructor(message: string, exitCode: ExitCode, options: WizardErrorOptions = {}) {
		super(message, options.cause === undefined ? undefined : {cause: options.cause});
		this.name = new.target.name;
		this.hint = options.hint;
		this.exitCode = exitCode;
	}
}

/** Bad command line: exit 2. */
export class UsageError extends WizardError {
	constructor(message: string, options: WizardErrorOptions = {}) {
		super(message, exitCodes.usage, options);
	}
}

/** Bad repository content or configuration (a file, a key, a value): exit 2. */
export class ConfigError extends WizardError {
	readonly file: string;

	constructor(file: string, message: string, options: WizardErrorOptions = {}) {
		super(`${file}: ${message}`, exitCodes.usage, options);
		this.file = file;
	}
}

/** Something the release needs is missing (a tool, a token, a clean tree): exit 3. */
export class PreconditionError extends WizardError {
	constructor(message: string, options: WizardErrorOptions = {}) {
		super(message, exitCodes.precondition, options);
	}
}

/** A release step failed: exit 1, and the state is kept for resume. */
export class StepFailedError extends WizardError {
	readonly step: string;

	constructor(step: string, message: string, options: WizardErrorOptions = {}) {
		super(message, exitCodes.stepFailed, options);
		this.step = step;
	}
}

export function isWizardError(error: unknown): error is WizardError {
	return error instanceof WizardError;
}

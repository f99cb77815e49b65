import type {CommandTimeout} from '../exec.js';
import type {WizardConfig} from './types.js';

/** Long enough for a slow network, short enough that a hung remote is not mistaken for work. */
export const defaultTimeoutSeconds = 30;

/** `timeout = SECONDS`: a positive number, at most a day. */
export function readTimeout(value: unknown, fail: (key: string, expected: string, hint?: string) => never): number {
	if (value === undefined) {
		return defaultTimeoutSeconds;
	}

	if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || value > 86_400) {
		return fail('timeout', `expected a number of seconds above 0 (at most 86400), got ${JSON.stringify(value)}`, `For example: timeout = ${defaultTimeoutSeconds}.`);
	}

	return value;
}

/** The limit for commands that should answer at once, and the setting that changes it. */
export function commandTimeout(config: Pick<WizardConfig, 'source' | 'timeout'>): CommandTimeout {
	const file = config.source ?? 'pyproject.toml';
	const table = file === 'pypi-wizard.toml' ? 'pypi-wizard.toml' : `[tool.pypi-wizard] in ${file}`;
	const current = config.source === undefined ? `${config.timeout} s by default` : `${config.timeout} s`;
	return {seconds: config.timeout, setting: `timeout = SECONDS in ${table} (now ${current})`};
}

import {isTable} from './toml.js';

/** Ten minutes: PyPI's CDN usually shows a new file within one or two. */
export const defaultWaitSeconds = 600;

/** `wait = { timeout = SECONDS }`: how long a propagation wait runs before it asks. */
export function readWait(value: unknown, fail: (key: string, expected: string, hint?: string) => never): {timeout: number} {
	if (value === undefined) {
		return {timeout: defaultWaitSeconds};
	}

	if (!isTable(value)) {
		return fail('wait', `expected a table like { timeout = ${defaultWaitSeconds} }, got ${JSON.stringify(value)}`);
	}

	for (const key of Object.keys(value)) {
		if (key !== 'timeout') {
			fail(`wait.${key}`, 'unknown key', 'The only key of wait is timeout (seconds).');
		}
	}

	const timeout = value['timeout'];
	if (timeout === undefined) {
		return {timeout: defaultWaitSeconds};
	}

	if (typeof timeout !== 'number' || !Number.isFinite(timeout) || timeout <= 0 || timeout > 86_400) {
		return fail('wait.timeout', `expected a number of seconds above 0 (at most 86400), got ${JSON.stringify(timeout)}`, `For example: wait = { timeout = ${defaultWaitSeconds} } (the default, 10 minutes).`);
	}

	return {timeout};
}

import {formatCommand} from '../core/exec.js';
import type {ParsedArguments} from './arguments.js';

// A resume continues the saved release: bumping or restarting again would release a second version.
const notRepeated = new Set(['bump', 'restart', 'ci', 'yank']);
const commaLists = new Set(['skip']);

/**
 * `wizard --ci --python /usr/bin/python3 /repo`: this run's command, as it continues the saved
 * release; without `--ci` for the interactive wizard.
 */
export function resumeCommandText(options: ParsedArguments['options'], root: string, frontEnd: 'ci' | 'wizard' = 'ci'): string {
	const args = frontEnd === 'ci' ? ['--ci'] : [];
	for (const [name, value] of Object.entries(options)) {
		if (notRepeated.has(name) || value === undefined || value === false) {
			continue;
		}

		if (value === true) {
			args.push(`--${name}`);
		} else if (typeof value === 'string') {
			args.push(`--${name}`, value);
		} else if (commaLists.has(name)) {
			args.push(`--${name}`, value.join(','));
		} else {
			args.push(...value.flatMap(entry => [`--${name}`, entry]));
		}
	}

	return formatCommand('wizard', [...args, root]);
}

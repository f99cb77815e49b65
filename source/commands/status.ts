import path from 'node:path';
import {booleanOption} from '../cli/arguments.js';
import type {CommandHandler} from '../cli.js';
import {exitCodes} from '../core/errors.js';
import {openReleaseStore} from '../core/state/release-store.js';
import {statusText} from '../ui/plain/status-text.js';

/** `wizard status [DIR] [--json]`: the saved release record of DIR, as text or JSON. */
export const statusCommand: CommandHandler = async context => {
	const root = path.resolve(context.arguments_.positionals[0] ?? '.');
	const store = openReleaseStore(root);
	const record = store.load();
	if (booleanOption(context.arguments_.options, 'json')) {
		context.stdout.write(`${JSON.stringify({root, file: store.file, release: record ?? null}, undefined, 2)}\n`);
		return exitCodes.ok;
	}

	context.stdout.write(record === undefined ? `No release is saved for ${root}.\n` : `${statusText(record, store.file)}\n`);
	return exitCodes.ok;
};

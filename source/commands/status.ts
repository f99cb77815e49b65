import path from 'node:path';
import {booleanOption} from '../cli/arguments.js';
import type {CommandHandler} from '../cli/command.js';
import {resumeCommandText} from '../cli/resume-command.js';
import {exitCodes} from '../core/errors.js';
import {lockHolder} from '../core/state/release-lock.js';
import {openReleaseStore} from '../core/state/release-store.js';
import {damagedStatusText, statusText} from '../ui/plain/status-text.js';

/** `wizard status [DIR] [--json]`: the saved release record of DIR, as text or JSON; a damaged one is named, not fatal. */
export const statusCommand: CommandHandler = async context => {
	const root = path.resolve(context.arguments_.positionals[0] ?? '.');
	const store = openReleaseStore(root);
	const saved = store.read();
	if (booleanOption(context.arguments_.options, 'json')) {
		const release = saved.kind === 'valid' ? saved.record : null;
		const damaged = saved.kind === 'damaged' ? {damaged: saved.problem} : {};
		context.stdout.write(`${JSON.stringify({root, file: store.file, release, ...damaged}, undefined, 2)}\n`);
		return exitCodes.ok;
	}

	switch (saved.kind) {
		case 'none': {
			context.stdout.write(`No release is saved for ${root}.\n`);
			break;
		}

		case 'damaged': {
			context.stdout.write(`${damagedStatusText(root, store.file, saved.problem)}\n`);
			break;
		}

		case 'valid': {
			const runningNow = store.lockFile === undefined ? undefined : lockHolder(store.lockFile);
			context.stdout.write(`${statusText(saved.record, store.file, resumeCommandText({}, root), runningNow)}\n`);
			break;
		}
	}

	return exitCodes.ok;
};

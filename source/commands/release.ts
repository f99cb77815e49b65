import type {CommandHandler} from '../cli.js';
import {UsageError} from '../core/errors.js';

export const releaseCommand: CommandHandler = async () => {
	throw new UsageError('wizard release is not available in this build yet.');
};

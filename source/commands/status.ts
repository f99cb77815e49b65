import type {CommandHandler} from '../cli.js';
import {UsageError} from '../core/errors.js';

export const statusCommand: CommandHandler = async () => {
	throw new UsageError('wizard status is not available in this build yet.');
};

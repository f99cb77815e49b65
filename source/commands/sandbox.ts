import type {CommandHandler} from '../cli.js';
import {UsageError} from '../core/errors.js';

export const sandboxCommand: CommandHandler = async () => {
	throw new UsageError('wizard sandbox is not available in this build yet.');
};

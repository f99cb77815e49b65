import type {CommandHandler} from '../cli.js';
import {UsageError} from '../core/errors.js';

export const tokenCommand: CommandHandler = async () => {
	throw new UsageError('wizard token is not available in this build yet.');
};

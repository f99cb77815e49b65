import type {CommandHandler} from '../cli/command.js';
import {booleanOption, stringOption} from '../cli/arguments.js';
import {exitCodes} from '../core/errors.js';
import {loadPlan} from '../core/plan/discover.js';
import {planJson, planText} from './plan-report.js';

export const planCommand: CommandHandler = async ({arguments_, stdout}) => {
	const root = arguments_.positionals[0] ?? '.';
	const plan = await loadPlan(root, {python: stringOption(arguments_.options, 'python')});
	stdout.write(booleanOption(arguments_.options, 'json') ? `${JSON.stringify(planJson(plan), undefined, 2)}\n` : planText(plan));
	return exitCodes.ok;
};

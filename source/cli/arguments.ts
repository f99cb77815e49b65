import {UsageError} from '../core/errors.js';
import {closest} from '../core/closest.js';

type OptionSpec = {
	readonly type: 'string' | 'boolean';
	/** Repeatable: the value is an array. */
	readonly multiple?: boolean;
	/** With multiple: `--skip a,b` counts as `--skip a --skip b`. */
	readonly commaList?: boolean;
	readonly short?: string;
};

type CommandSpec = {
	readonly options: Readonly<Record<string, OptionSpec>>;
	readonly maxPositionals: number;
};

const releaseOptions = {
	bump: {type: 'string', multiple: true, commaList: true},
	'test-repository': {type: 'string'},
	repository: {type: 'string'},
	sandbox: {type: 'boolean'},
	delay: {type: 'string'},
	skip: {type: 'string', multiple: true, commaList: true},
	'dry-run': {type: 'boolean'},
	python: {type: 'string'},
	jobs: {type: 'string'},
	'no-isolation': {type: 'boolean'},
	'allow-file': {type: 'string', multiple: true},
	'token-env': {type: 'string'},
	'stop-after': {type: 'string'},
	restart: {type: 'boolean'},
	ci: {type: 'boolean'},
	yank: {type: 'boolean'},
} as const satisfies Record<string, OptionSpec>;

export const commandSpecs = {
	release: {options: releaseOptions, maxPositionals: 1},
	plan: {options: {json: {type: 'boolean'}, python: {type: 'string'}}, maxPositionals: 1},
	status: {options: {json: {type: 'boolean'}}, maxPositionals: 1},
	sandbox: {
		options: {
			host: {type: 'string'},
			port: {type: 'string'},
			data: {type: 'string'},
			delay: {type: 'string'},
			flaky: {type: 'string'},
			token: {type: 'string', multiple: true},
			'max-file-size': {type: 'string'},
		},
		maxPositionals: 0,
	},
	token: {options: {json: {type: 'boolean'}}, maxPositionals: 2},
} as const satisfies Record<string, CommandSpec>;

export type CommandName = keyof typeof commandSpecs;

const globalOptions = {
	help: {type: 'boolean', short: 'h'},
	version: {type: 'boolean', short: 'v'},
} as const satisfies Record<string, OptionSpec>;

export type OptionValue = string | boolean | string[];

export type ParsedArguments = {
	readonly command: CommandName;
	readonly options: Readonly<Record<string, OptionValue | undefined>>;
	readonly positionals: readonly string[];
	readonly help: boolean;
	readonly version: boolean;
};

const subcommands = Object.keys(commandSpecs).filter(name => name !== 'release') as CommandName[];

/**
 * Parses argv (without node and the script) into a command, its options and positionals.
 * Unknown options and commands are usage errors that name the closest valid spelling.
 */
export function parseArguments(argv: readonly string[]): ParsedArguments {
	const first = argv.find(argument => !argument.startsWith('-'));
	const command: CommandName = first !== undefined && (subcommands as string[]).includes(first) ? (first as CommandName) : 'release';
	const spec: CommandSpec = commandSpecs[command];
	const known: Record<string, OptionSpec> = {...globalOptions, ...spec.options};
	const options: Record<string, OptionValue> = {};
	const positionals: string[] = [];
	let commandSeen = command === 'release';

	for (let index = 0; index < argv.length; index++) {
		const argument = argv[index]!;
		if (argument === '--') {
			positionals.push(...argv.slice(index + 1));
			break;
		}

		if (!argument.startsWith('-') || argument === '-') {
			if (!commandSeen && argument === command) {
				commandSeen = true;
				continue;
			}

			positionals.push(argument);
			continue;
		}

		const [name, inlineValue] = splitOption(argument, known);
		const option = known[name];
		if (option === undefined) {
			throw unknownOption(argument, name, command, Object.keys(known));
		}

		let value: string | boolean;
		if (option.type === 'boolean') {
			if (inlineValue !== undefined) {
				throw new UsageError(`Option --${name} takes no value, but was given "${inlineValue}".`);
			}

			value = true;
		} else if (inlineValue === undefined) {
			const next = argv[index + 1];
			if (next === undefined || (next.startsWith('-') && next !== '-')) {
				throw new UsageError(`Option --${name} needs a value.`, {hint: `Write it as --${name} VALUE or --${name}=VALUE.`});
			}

			value = next;
			index++;
		} else {
			value = inlineValue;
		}

		if (option.multiple === true && typeof value === 'string') {
			const previous = options[name];
			const values = option.commaList === true ? value.split(',').filter(Boolean) : [value];
			options[name] = [...(Array.isArray(previous) ? previous : []), ...values];
		} else {
			options[name] = value;
		}
	}

	const help = options['help'] === true;
	const version = options['version'] === true;
	delete options['help'];
	delete options['version'];

	if (!help && positionals.length > spec.maxPositionals) {
		const extra = positionals[spec.maxPositionals]!;
		const suggestion = command === 'release' ? closest(extra, subcommands) : undefined;
		throw new UsageError(
			command === 'release' && suggestion !== undefined && positionals.length >= 1
				? `Unknown command "${extra}".`
				: `Unexpected argument "${extra}" for ${command === 'release' ? 'wizard' : `wizard ${command}`}.`,
			{hint: suggestion === undefined ? 'Run wizard --help for the commands and options.' : `Did you mean "wizard ${suggestion}"?`},
		);
	}

	return {command, options, positionals, help, version};
}

function splitOption(argument: string, known: Record<string, OptionSpec>): [string, string | undefined] {
	if (argument.startsWith('--')) {
		const equals = argument.indexOf('=');
		return equals === -1 ? [argument.slice(2), undefined] : [argument.slice(2, equals), argument.slice(equals + 1)];
	}

	const short = argument.slice(1);
	const match = Object.entries(known).find(([, spec]) => spec.short === short);
	return [match?.[0] ?? short, undefined];
}

function unknownOption(argument: string, name: string, command: CommandName, candidates: string[]): UsageError {
	const suggestion = closest(name, candidates);
	const where = command === 'release' ? 'wizard' : `wizard ${command}`;
	const elsewhere = suggestion === undefined ? commandsWithOption(name) : [];
	let hint = 'Run wizard --help for the commands and options.';
	if (suggestion !== undefined) {
		hint = `Did you mean --${suggestion}?`;
	} else if (elsewhere.length > 0) {
		hint = `--${name} belongs to ${elsewhere.map(other => (other === 'release' ? 'wizard' : `wizard ${other}`)).join(', ')}.`;
	}

	return new UsageError(`Unknown option ${argument.split('=')[0]} for ${where}.`, {hint});
}

function commandsWithOption(name: string): CommandName[] {
	return (Object.keys(commandSpecs) as CommandName[]).filter(command => name in commandSpecs[command].options);
}

export function stringOption(options: ParsedArguments['options'], name: string): string | undefined {
	const value = options[name];
	return typeof value === 'string' ? value : undefined;
}

export function listOption(options: ParsedArguments['options'], name: string): string[] {
	const value = options[name];
	return Array.isArray(value) ? value : [];
}

export function booleanOption(options: ParsedArguments['options'], name: string): boolean {
	return options[name] === true;
}

import {ConfigError} from '../errors.js';

export const constantParts = ['major', 'minor', 'patch'] as const;
export type ConstantPart = (typeof constantParts)[number];

export function isConstantPart(value: string): value is ConstantPart {
	return (constantParts as readonly string[]).includes(value);
}

/** The constant is not in the file, or does not hold a version we can bump. */
export class VersionConstantError extends ConfigError {
	readonly constant: string;

	constructor(file: string, constant: string, message: string, hint: string) {
		super(file, message, {hint});
		this.constant = constant;
	}
}

export type ConstantBump = {
	readonly text: string;
	/** 1-based line of the assignment. */
	readonly line: number;
	/** The value as written before and after: `"325.3"` -> `"325.4"`, `(2, 4)` -> `(2, 5)`. */
	readonly before: string;
	readonly after: string;
};

const partIndex: Record<ConstantPart, number> = {major: 0, minor: 1, patch: 2};

/**
 * Bumps a version constant in a Python file, keeping every other byte: a string of dotted
 * numbers (`PROVISION_VERSION = "325.3"`, whose two parts are major.minor), a tuple
 * (`API_FEATURE_LEVEL = (2, 4)` or `(2, 4, 1)`) or a plain integer (major only). The part is
 * incremented and the parts after it reset to zero; a part the value does not have is refused.
 */
export function bumpVersionConstant(text: string, file: string, name: string, part: ConstantPart): ConstantBump {
	const assignment = new RegExp(String.raw`^([ \t]*${name.replaceAll(/[.*+?^${}()|[\]\\]/g, String.raw`\$&`)}[ \t]*(?::[^=\n]*)?=[ \t]*)(.*)$`, 'm');
	const match = assignment.exec(text);
	if (match === null) {
		throw new VersionConstantError(file, name, `no assignment to ${name} found.`, `Check bump.name in the downstream configuration, or add a line like ${name} = "1.0" to ${file}.`);
	}

	const valueStart = match.index + match[1]!.length;
	const value = match[2]!;
	const numbers = numbersOf(value);
	if (numbers === undefined) {
		throw new VersionConstantError(
			file,
			name,
			`${name} = ${value.trim()} is not a version we can bump.`,
			'The constant must be a string of dotted numbers ("325.3"), a tuple of numbers ((2, 4)) or an integer.',
		);
	}

	const index = partIndex[part];
	if (index >= numbers.length) {
		throw new VersionConstantError(
			file,
			name,
			`${name} = ${numbers.literal} has ${numbers.length === 1 ? 'one part' : `${numbers.length} parts`}, so it has no ${part} part.`,
			`Set bump.part to ${constantParts.slice(0, numbers.length).map(each => `"${each}"`).join(' or ')} in the downstream configuration.`,
		);
	}

	let literal = numbers.literal;
	// Right to left, so earlier offsets stay valid while the digits change length.
	for (let position = numbers.length - 1; position >= index; position--) {
		const {start, digits} = numbers.parts[position]!;
		const next = position === index ? String(Number(digits) + 1) : '0';
		literal = literal.slice(0, start) + next + literal.slice(start + digits.length);
	}

	const offset = valueStart + numbers.offset;
	return {
		text: text.slice(0, offset) + literal + text.slice(offset + numbers.literal.length),
		line: text.slice(0, match.index).split('\n').length,
		before: numbers.literal,
		after: literal,
	};
}

type Numbers = {
	/** Where the literal starts in the value, and the literal itself (quotes or parentheses included). */
	readonly offset: number;
	readonly literal: string;
	readonly length: number;
	readonly parts: ReadonlyArray<{readonly start: number; readonly digits: string}>;
};

function numbersOf(value: string): Numbers | undefined {
	const literal = /^(["'])(\d+(?:\.\d+)*)\1|^\(\s*\d+\s*(?:,\s*\d+\s*)*,?\s*\)|^\d+(?![\w.])/.exec(value);
	if (literal === null) {
		return undefined;
	}

	const parts = [...literal[0].matchAll(/\d+/g)].map(found => ({start: found.index, digits: found[0]}));
	return {offset: literal.index, literal: literal[0], length: parts.length, parts};
}

import * as z from 'zod/mini';
import type {ReleaseRecord} from '../release/types.js';

/*
 * The release record as it is read back from disk: every field of `ReleaseRecord` (types.ts),
 * mirrored here. To add a field: add it to the type in types.ts and here, side by side. An
 * optional field (`builtFrom?: string`) needs no new schema number; a field whose absence would
 * mislead an older record's reader gets a new `recordSchema` and a step in `migrations` below.
 * The `Same` check at the end fails to compile while the two disagree.
 */

/** The schema this version writes. */
export const recordSchema = 3;

const text = z.string();
const optionalText = z.optional(z.string());

// Open: the ids come from the step list the release uses.
const stepIdSchema = text;

const stepSchema = z.object({
	title: optionalText,
	status: z.enum(['pending', 'running', 'done', 'failed', 'skipped']),
	startedAt: optionalText,
	finishedAt: optionalText,
	durationMs: z.optional(z.number()),
	message: optionalText,
	log: optionalText,
	tail: z.optional(z.array(text)),
});

const builtFileSchema = z.object({
	path: text,
	name: text,
	size: z.number(),
	sha256: text,
});

const uploadStateSchema = z.enum(['pending', 'uploading', 'uploaded', 'visible']);

const targetSchema = z.object({name: text, uploadUrl: text, simpleBase: text, jsonBase: text, display: text});

const packageSchema = z.object({
	name: text,
	normalizedName: text,
	path: text,
	previousVersion: text,
	version: text,
	batch: z.number(),
	status: z.enum(['queued', 'building', 'built', 'failed']),
	files: z.array(builtFileSchema),
	durationMs: z.optional(z.number()),
	builtFrom: optionalText,
	uploads: z.object({test: z.record(text, uploadStateSchema), production: z.record(text, uploadStateSchema)}),
	installCheck: z.optional(z.object({status: z.enum(['passed', 'failed']), durationMs: z.number()})),
});

const findingSchema = z.object({
	kind: z.enum(['unwanted-file', 'secret', 'filename', 'metadata', 'archive']),
	archive: text,
	member: optionalText,
	line: z.optional(z.number()),
	message: text,
	fix: text,
});

const toggleSchema = z.object({path: text, backup: text});

const failureSchema = z.object({
	step: stepIdSchema,
	message: text,
	hint: optionalText,
	exitCode: z.number(),
	log: optionalText,
	tail: z.array(text),
});

export const releaseRecordSchema = z.object({
	schema: z.literal(recordSchema),
	root: text,
	createdAt: text,
	updatedAt: text,
	status: z.enum(['running', 'failed', 'interrupted', 'ready']),
	bump: z.array(text),
	versioning: z.enum(['synchronized', 'independent']),
	version: optionalText,
	dryRun: z.boolean(),
	packages: z.record(text, packageSchema),
	batches: z.array(z.array(text)),
	folder: text,
	steps: z.record(stepIdSchema, stepSchema),
	skips: z.array(z.object({step: stepIdSchema, reason: text})),
	versionFiles: z.array(text),
	commit: optionalText,
	toggles: z.array(toggleSchema),
	findings: z.array(findingSchema),
	warnings: z.array(text),
	targets: z.object({test: z.optional(targetSchema), production: z.optional(targetSchema)}),
	tag: z.optional(z.object({name: text, commit: text, created: z.boolean(), pushed: z.boolean()})),
	downstream: z.array(z.object({path: text, branch: text, commit: optionalText, status: z.enum(['pending', 'committed'])})),
	failure: z.optional(failureSchema),
});

type Migration = (record: Record<string, unknown>) => Record<string, unknown>;

/** `migrations[n]` turns a schema-n record into a schema-(n+1) one. */
const migrations: Readonly<Record<number, Migration>> = {
	// Schema 2 keeps each step's title in the record; a schema-1 record gets its id until the step runs again.
	1(record) {
		const steps = isObject(record['steps']) ? record['steps'] : {};
		return {
			...record,
			schema: 2,
			steps: Object.fromEntries(Object.entries(steps).map(([id, step]) => [id, isObject(step) ? {title: id, ...step} : step])),
		};
	},
	// Schema 3 adds publishing: upload targets, each built file's upload state (pending), the tag, downstream branches.
	2(record) {
		const packages = isObject(record['packages']) ? record['packages'] : {};
		return {
			...record,
			schema: 3,
			packages: Object.fromEntries(Object.entries(packages).map(([name, release]) => [name, isObject(release) ? {...release, uploads: pendingUploads(release['files'])} : release])),
			targets: {},
			downstream: [],
		};
	},
};

function pendingUploads(files: unknown): {test: Record<string, 'pending'>; production: Record<string, 'pending'>} {
	const names = Array.isArray(files) ? files.filter(isObject).map(file => file['name']).filter((name): name is string => typeof name === 'string') : [];
	const pending = Object.fromEntries(names.map(name => [name, 'pending' as const]));
	return {test: pending, production: {...pending}};
}

export type RecordReading = {readonly kind: 'valid'; readonly record: ReleaseRecord; readonly migratedFrom?: number} | {readonly kind: 'damaged'; readonly problem: string};

/** The record in `json`, migrated to the current schema, or what is wrong with it. */
export function readRecord(json: unknown): RecordReading {
	if (!isObject(json)) {
		return {kind: 'damaged', problem: `expected a JSON object, found ${describeValue(json)}`};
	}

	let record = json;
	const original = record['schema'];
	if (typeof original !== 'number' || !Number.isInteger(original) || original < 1) {
		return {kind: 'damaged', problem: `"schema" is ${describeValue(original)}, not a schema this wizard knows (1 to ${recordSchema})`};
	}

	if (original > recordSchema) {
		return {kind: 'damaged', problem: `it was written by a newer pypi-wizard (schema ${original}; this one reads up to ${recordSchema})`};
	}

	for (let schema = original; schema < recordSchema; schema++) {
		record = migrations[schema]!(record);
	}

	const result = releaseRecordSchema.safeParse(record);
	if (!result.success) {
		return {kind: 'damaged', problem: describeIssues(result.error.issues as readonly Issue[], record)};
	}

	// The checks below keep the schema's output and ReleaseRecord the same shape.
	const valid = result.data as ReleaseRecord;
	return original === recordSchema ? {kind: 'valid', record: valid} : {kind: 'valid', record: valid, migratedFrom: original};
}

type Issue = {readonly code: string; readonly path: readonly PropertyKey[]; readonly message: string; readonly expected?: unknown; readonly values?: readonly unknown[]};

// zod/mini carries no message texts (they would cost start-up time): say it from the issue.
function describeIssues(issues: readonly Issue[], record: unknown): string {
	const shown = issues.slice(0, 3).map(issue => {
		const where = issue.path.length === 0 ? '(the record)' : issue.path.map(String).join('.');
		const found = describeValue(valueAt(record, issue.path));
		if (issue.code === 'invalid_type') {
			return `${where}: expected ${issue.expected === 'nonoptional' ? 'a value' : issue.expected === 'record' ? 'object' : String(issue.expected)}, found ${found}`;
		}

		if (issue.code === 'invalid_value' && issue.values !== undefined) {
			return `${where}: expected ${issue.values.map(value => JSON.stringify(value)).join(' or ')}, found ${found}`;
		}

		return `${where}: ${issue.message} (${issue.code})`;
	});
	const more = issues.length > shown.length ? `; and ${issues.length - shown.length} more` : '';
	return `${shown.join('; ')}${more}`;
}

function valueAt(value: unknown, keys: readonly PropertyKey[]): unknown {
	let current = value;
	for (const key of keys) {
		current = typeof current === 'object' && current !== null ? (current as Record<PropertyKey, unknown>)[key] : undefined;
	}

	return current;
}

function describeValue(value: unknown): string {
	if (value === undefined) {
		return 'nothing';
	}

	return Array.isArray(value) ? 'an array' : value === null ? 'null' : typeof value === 'object' ? 'an object' : JSON.stringify(value);
}

function isObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/*
 * Compile-time agreement of the schema and types.ts. `Plain` forgets readonly and treats
 * `x: T | undefined` as `x?: T` (JSON drops undefined keys), then the two must be identical.
 */
type Plain<T> = T extends ReadonlyArray<infer Item>
	? Array<Plain<Item>>
	: T extends object
		? Flat<
				{-readonly [K in keyof T as undefined extends T[K] ? K : never]?: Plain<Exclude<T[K], undefined>>} & {
					-readonly [K in keyof T as undefined extends T[K] ? never : K]: Plain<T[K]>;
				}
			>
		: T;
type Flat<T> = {[K in keyof T]: T[K]};
type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Holds<T extends true> = T;
export type RecordSchemaMatchesTypes = Holds<Same<Plain<z.infer<typeof releaseRecordSchema>>, Plain<ReleaseRecord>>>;

import {existsSync} from 'node:fs';
import {readFile} from 'node:fs/promises';
import path from 'node:path';
import type {DownstreamConfig} from '../../config/types.js';
import {pinFileKind, rewritePins, type ReleasedPackages} from '../../downstream/pins.js';
import {downstreamBranch, updateDownstream} from '../../downstream/update.js';
import {bumpVersionConstant, isConstantPart} from '../../downstream/version-constant.js';
import {unifiedDiff} from '../../version/diff.js';
import type {ReleaseContext} from '../context.js';
import type {Step, StepIo} from '../engine.js';
import type {Question} from '../questions.js';
import type {ReleaseRecord} from '../types.js';
import {productionSkipReason, releaseTags, stoppedAfterTest} from './tag.js';

/** Each released package's version and tag, by normalised name: what downstream pins follow. */
export function releasedPackages(record: ReleaseRecord, template: string): ReleasedPackages {
	const released = new Map<string, {version: string; tag: string}>();
	for (const tag of releaseTags(record, template)) {
		for (const name of tag.packages) {
			released.set(name, {version: record.packages[name]?.version ?? tag.version, tag: tag.name});
		}
	}

	return released;
}

/**
 * The name and version a downstream branch is called after (`release/<name>-<version>`): the
 * first package released, by its normalised name, so the branch has no capitals or underscores.
 */
export function branchSubject(record: ReleaseRecord): {readonly name: string; readonly version: string} {
	const first = record.packages[record.batches.flat()[0] ?? ''] ?? Object.values(record.packages)[0];
	return {name: first?.normalizedName ?? 'release', version: record.version ?? first?.version ?? ''};
}

/**
 * Step 8: each `[[downstream]]` repository gets its pins rewritten, its version constant bumped
 * and its lock command run, committed on a new branch `release/<name>-<version>` and never
 * pushed. A resume finds the committed branch and does not redo it.
 */
export const downstreamStep: Step<ReleaseContext> = {
	id: 'downstream',
	title: 'Downstream updates',
	skip(context) {
		if (context.options.stopAfter === 'test') {
			return stoppedAfterTest;
		}

		if (context.config.downstream.length === 0) {
			return `no [[downstream]] repository is configured in ${context.configFile}`;
		}

		const skipped = context.options.dryRun ? undefined : productionSkipReason(context.record());
		return skipped === undefined ? undefined : `${skipped}: downstream pins would name versions that are not on the index`;
	},
	async run(context, io) {
		const record = context.record();
		const released = releasedPackages(record, context.config.tag);
		const subject = branchSubject(record);
		if (context.options.dryRun) {
			const lines = [];
			for (const [index, entry] of context.config.downstream.entries()) {
				lines.push(await dryRunUpdate(context, io, entry, released, downstreamBranch(subject.name, subject.version), index));
			}

			return lines.join('; ');
		}

		const results: string[] = [];
		for (const [index, entry] of context.config.downstream.entries()) {
			const done = context.record().downstream.find(downstream => downstream.path === entry.path && downstream.status === 'committed');
			if (done !== undefined) {
				results.push(`${entry.path}: ${done.branch} (committed by an earlier run)`);
				continue;
			}

			const question = await updateQuestion(context, entry, released, downstreamBranch(subject.name, subject.version), index);
			if (question !== undefined && (await io.ask(question)) === 'no') {
				await io.log(`${entry.path}: not updated (you chose not to)`);
				results.push(`${entry.path}: not updated (you chose not to)`);
				continue;
			}

			io.progress(`updating ${entry.path}`);
			const update = await updateDownstream({
				entry,
				index,
				repoRoot: context.root,
				released,
				packageName: subject.name,
				version: subject.version,
				run: io.exec.bind(io),
				...(record.folder === '' || io.logFile === undefined ? {} : {lockLogFile: path.join(record.folder, 'logs', `downstream-${index}-lock.log`)}),
			});
			if (update.status === 'up-to-date') {
				await io.log(`${entry.path}: its pins already name this release; no branch made`);
				results.push(`${entry.path}: already up to date`);
				continue;
			}

			io.dispatch({type: 'downstream-updated', path: entry.path, branch: update.branch, commit: update.commit});
			if (update.diff !== '') {
				io.show(update.diff);
			}

			results.push(`${entry.path}: ${update.branch}${update.status === 'resumed' ? ' (found from an earlier run)' : ''}`);
		}

		return `${results.join('; ')}; nothing pushed`;
	},
};

/** What the update would change, from the files as they are now: shown as a diff, nothing written. */
async function dryRunUpdate(context: ReleaseContext, io: StepIo, entry: DownstreamConfig, released: ReleasedPackages, branch: string, index: number): Promise<string> {
	const folder = path.resolve(context.root, entry.path);
	const {diff, missing} = await downstreamDiff(folder, entry, released);
	for (const file of missing) {
		io.warn(`downstream[${index}].pins: ${file} is not in ${folder}; the real run stops there. Correct the path (relative to the downstream folder).`);
	}

	if (diff !== '') {
		io.show(`In ${folder}:\n${diff}`);
	}

	const lock = entry.lock === undefined ? '' : `, run ${entry.lock}`;
	return diff === '' ? `[dry run] ${entry.path}: its pins already name this release` : `[dry run] ${entry.path}: would commit on ${branch}${lock} (diff above), not push`;
}

/** The edits an update would make in the downstream folder, from its files as they are now; pin files that are missing. */
async function downstreamDiff(folder: string, entry: DownstreamConfig, released: ReleasedPackages): Promise<{diff: string; missing: string[]}> {
	const diffs: string[] = [];
	const missing: string[] = [];
	for (const file of entry.pins) {
		const full = path.join(folder, file);
		if (!existsSync(full)) {
			missing.push(file);
			continue;
		}

		const text = await readFile(full, 'utf8');
		diffs.push(unifiedDiff(file, text, rewritePins(text, pinFileKind(file), released).text));
	}

	if (entry.bump !== undefined && isConstantPart(entry.bump.part) && existsSync(path.join(folder, entry.bump.file))) {
		const full = path.join(folder, entry.bump.file);
		const text = await readFile(full, 'utf8');
		diffs.push(unifiedDiff(entry.bump.file, text, bumpVersionConstant(text, full, entry.bump.name, entry.bump.part).text));
	}

	return {diff: diffs.filter(Boolean).join(''), missing};
}

/** Before a downstream repository is touched: the pins it would get, as a diff. Undefined when nothing would change. */
async function updateQuestion(context: ReleaseContext, entry: DownstreamConfig, released: ReleasedPackages, branch: string, index: number): Promise<Question | undefined> {
	const folder = path.resolve(context.root, entry.path);
	const {diff} = await downstreamDiff(folder, entry, released);
	if (diff === '') {
		return undefined;
	}

	return {
		kind: 'confirm',
		id: `confirm-downstream-${index + 1}`,
		message: `Update ${entry.path}: commit these pins on a new branch ${branch}${entry.lock === undefined ? '' : ` and run ${entry.lock}`}? Nothing is pushed.`,
		detail: diff.replace(/\n$/, '').split('\n'),
		default: true,
		ci: {answer: 'yes', because: 'wizard --ci updates every configured downstream repository'},
	};
}

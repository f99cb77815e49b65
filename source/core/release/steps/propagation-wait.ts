import {StepFailedError} from '../../errors.js';
import {waitUntilVisible, type ExpectedFile} from '../../index/propagation.js';
import type {ReleaseContext, ResolvedTarget} from '../context.js';
import type {StepIo} from '../engine.js';
import type {Question} from '../questions.js';

/**
 * After a batch is uploaded, before the next one starts: polls the target's simple pages until
 * every file of the batch not yet seen there is listed with its sha256 (installers read those
 * pages, so the next batch's pins can resolve). Each file is recorded visible as it appears. At
 * `wait.timeout` it asks whether to keep waiting; stopping is a resumable failure, and a resumed
 * run waits for the same files again without uploading anything.
 */
export async function waitForBatch(context: ReleaseContext, io: StepIo, target: ResolvedTarget, batch: number, names: readonly string[]): Promise<void> {
	const {role} = target;
	const packages = names.map(name => context.record().packages[name]).filter(release => release !== undefined);
	let expected: ExpectedFile[] = packages.flatMap(release =>
		release.files.filter(file => release.uploads[role][file.name] !== 'visible').map(file => ({project: release.normalizedName, filename: file.name, sha256: file.sha256})),
	);
	if (expected.length === 0) {
		return;
	}

	const projectOf = new Map(expected.map(file => [file.filename, file.project]));
	const since = Date.now();
	const sinceText = new Date(since).toISOString();
	io.notify({type: 'wait-started', role, batch, files: expected.map(file => file.filename), since: sinceText});
	const recorded = new Set<string>();
	for (;;) {
		const result = await waitUntilVisible({
			simpleBase: target.simpleBase,
			expected,
			timeoutMs: context.options.waitTimeoutMs,
			signal: io.signal,
			onPoll(report) {
				for (const file of report.visible.filter(name => !recorded.has(name))) {
					recorded.add(file);
					io.dispatch({type: 'file-visible', name: projectOf.get(file)!, role, file});
				}

				const polledAt = new Date(report.polledAt).toISOString();
				io.notify({
					type: 'wait-polled',
					role,
					batch,
					since: sinceText,
					polledAt,
					nextPollAt: report.nextPollAt === undefined ? polledAt : new Date(report.nextPollAt).toISOString(),
					missing: report.missing,
					visible: [...recorded],
				});
			},
		});
		if (result.status === 'visible') {
			io.notify({type: 'wait-finished', role, batch, elapsedMs: Date.now() - since});
			return;
		}

		const answer = await io.ask(pastLimitQuestion(context, target, batch, result.missing, Date.now() - since));
		if (answer === 'stop') {
			throw new StepFailedError(`upload-${role}`, `${result.missing.length} file(s) of batch ${batch + 1} are still not listed on ${target.display} (${target.simpleBase}) after ${minutes(Date.now() - since)}: ${result.missing.join(', ')}.`, {
				hint: 'They were uploaded; the index has not published them yet. Run the same command later: the wait resumes, and nothing is uploaded again.',
			});
		}

		expected = expected.filter(file => result.missing.includes(file.filename));
	}
}

function pastLimitQuestion(context: ReleaseContext, target: ResolvedTarget, batch: number, missing: readonly string[], elapsedMs: number): Question {
	return {
		kind: 'choice',
		id: `wait-${target.role}-batch-${batch + 1}`,
		message: `Batch ${batch + 1} is still not fully visible on ${target.display} after ${minutes(elapsedMs)} (wait.timeout is ${minutes(context.options.waitTimeoutMs)}).`,
		detail: missing.map(file => `not listed yet: ${file}`),
		choices: [
			{value: 'keep-waiting', label: 'Keep waiting', hint: `another ${minutes(context.options.waitTimeoutMs)}`},
			{value: 'stop', label: 'Stop and resume later', hint: 'run the same command later: the wait resumes, nothing is uploaded again'},
		],
		default: 'keep-waiting',
		ci: {answer: 'stop', because: 'a --ci run does not wait past wait.timeout'},
	};
}

function minutes(ms: number): string {
	return ms < 60_000 ? `${Math.round(ms / 1000)} s` : `${Math.round(ms / 6000) / 10} min`;
}

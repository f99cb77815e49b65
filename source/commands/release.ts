import {availableParallelism, tmpdir} from 'node:os';
import path from 'node:path';
import process from 'node:process';
import {booleanOption, listOption, stringOption} from '../cli/arguments.js';
import type {CommandHandler} from '../cli/command.js';
import {resumeCommandText} from '../cli/resume-command.js';
import {exitCodes, UsageError, type ExitCode} from '../core/errors.js';
import {collectRunSecrets} from '../core/credentials/run-secrets.js';
import {formatCommand} from '../core/exec.js';
import {createRedactor} from '../core/redact.js';
import {createCiAnswerer} from '../core/release/questions.js';
import {startRelease} from '../core/release/start.js';
import {describeTarget} from '../core/release/target-text.js';
import {lockRelease, type ReleaseLock} from '../core/state/release-lock.js';
import {memoryReleaseStore, openReleaseStore} from '../core/state/release-store.js';
import {createPlainReporter} from '../ui/plain/reporter.js';

/** `wizard [DIR]` and `wizard --ci [DIR] ...`: the release checklist. Only --ci exists for now. */
export const releaseCommand: CommandHandler = async context => {
	const {options, positionals} = context.arguments_;
	if (booleanOption(options, 'yank')) {
		throw new UsageError('wizard --yank is not available yet.', {hint: 'Yank the release on the index\'s web page for now.'});
	}

	if (!booleanOption(options, 'ci')) {
		throw process.stdin.isTTY
			? new UsageError('The interactive wizard is not available yet.', {hint: 'Run the checklist without prompts: wizard --ci --bump PART [DIR].'})
			: new UsageError('Standard input is not a terminal, so the wizard cannot ask questions.', {hint: 'Run it without prompts: wizard --ci --bump PART [DIR].'});
	}

	const root = path.resolve(positionals[0] ?? '.');
	const dryRun = booleanOption(options, 'dry-run');
	const store = dryRun ? memoryReleaseStore(path.join(tmpdir(), 'pypi-wizard-dry-run')) : openReleaseStore(root);
	// Known from the start, so no child sees them and nothing shows them, whatever their shape.
	const secrets = collectRunSecrets(context.env, stringOption(options, 'token-env'));
	// One run at a time: taken before the record is read, so --restart cannot discard a running release.
	const lock: ReleaseLock | undefined = store.lockFile === undefined ? undefined : lockRelease(store.lockFile, formatCommand('wizard', process.argv.slice(2)));
	const write = (text: string) => context.stdout.write(text);
	if (lock?.tookOverFrom !== undefined) {
		const gone = lock.tookOverFrom;
		write(`Note: took over the release lock of an earlier run that is gone (process ${gone.pid}, \`${gone.command}\`, since ${gone.startedAt}).\n`);
	}

	const controller = new AbortController();
	const stop = () => controller.abort();
	process.once('SIGINT', stop);
	process.once('SIGTERM', stop);
	try {
		const started = await startRelease({
			root,
			bump: listOption(options, 'bump'),
			python: stringOption(options, 'python'),
			jobs: parseJobs(stringOption(options, 'jobs')),
			noIsolation: booleanOption(options, 'no-isolation'),
			dryRun,
			allowFiles: listOption(options, 'allow-file'),
			skip: listOption(options, 'skip'),
			restart: booleanOption(options, 'restart'),
			store,
			signal: controller.signal,
			redact: createRedactor(secrets),
			secrets,
			answerer: createCiAnswerer(write),
		});
		const record = started.engine.record();
		write(
			started.resumed
				? `Resuming the release of ${describeTarget(record)} in ${root} (started ${record.createdAt}).\n`
				: `Releasing ${describeTarget(record)} from ${root}${dryRun ? ' (dry run: nothing is written)' : ''}.\n`,
		);
		for (const note of started.notes) {
			write(`Note: ${note}\n`);
		}

		for (const file of started.restoredToggles) {
			write(`Restored ${file}: an interrupted build had left its build toggle applied.\n`);
		}

		for (const option of ['repository', 'test-repository', 'sandbox', 'token-env'] as const) {
			if (options[option] !== undefined) {
				write(`Note: --${option} is accepted, but this version stops after the build: nothing is uploaded.\n`);
			}
		}

		started.engine.subscribe(createPlainReporter(context.stdout, context.stderr, {resumeCommand: resumeCommandText(options, root)}));
		const outcome = await started.engine.run();
		if (!dryRun) {
			write(`Release record: ${store.file} (wizard status ${root})\n`);
		}

		return outcome.exitCode as ExitCode;
	} catch (error: unknown) {
		if (controller.signal.aborted) {
			context.stderr.write('✖ Interrupted before the first step: nothing was changed.\n');
			return exitCodes.interrupted;
		}

		throw error;
	} finally {
		process.off('SIGINT', stop);
		process.off('SIGTERM', stop);
		lock?.release();
	}
};

function parseJobs(value: string | undefined): number {
	if (value === undefined) {
		return availableParallelism();
	}

	const jobs = Number(value);
	if (!Number.isInteger(jobs) || jobs < 1) {
		throw new UsageError(`--jobs ${value}: expected a whole number of 1 or more.`, {hint: 'For example --jobs 2.'});
	}

	return jobs;
}

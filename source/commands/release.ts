import {rm} from 'node:fs/promises';
import {availableParallelism, tmpdir} from 'node:os';
import path from 'node:path';
import process from 'node:process';
import {booleanOption, listOption, stringOption} from '../cli/arguments.js';
import type {CommandHandler} from '../cli/command.js';
import {resumeCommandText} from '../cli/resume-command.js';
import {exitCodes, UsageError, type ExitCode} from '../core/errors.js';
import {collectRunSecrets} from '../core/credentials/run-secrets.js';
import {formatCommand} from '../core/exec.js';
import type {ResolvedTarget, ResolvedTargets} from '../core/release/context.js';
import {createCiAnswerer} from '../core/release/questions.js';
import {createRunSecretBook} from '../core/release/run-secret-book.js';
import {isSandboxTarget, savedSandboxPort, startRunSandbox, type RunSandbox} from '../core/release/run-sandbox.js';
import {publishingStepIds} from '../core/release/types.js';
import {beginRelease, openRepository, type RepositorySession} from '../core/release/session.js';
import {resolveTargets} from '../core/release/targets-resolve.js';
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
	const tokenEnv = stringOption(options, 'token-env');
	const stopAfter = parseStopAfter(stringOption(options, 'stop-after'));
	const repositoryFlags = {test: stringOption(options, 'test-repository'), production: stringOption(options, 'repository')};
	if (booleanOption(options, 'sandbox') && (repositoryFlags.test !== undefined || repositoryFlags.production !== undefined)) {
		throw new UsageError(`--sandbox makes the embedded sandbox both targets, so it cannot be combined with ${repositoryFlags.test === undefined ? '--repository' : '--test-repository'}.`, {
			hint: 'Rehearse with --sandbox alone, or name the real indexes with --test-repository and --repository.',
		});
	}

	// Known from the start, so no child sees them and nothing shows them, whatever their shape;
	// a token found later (keychain, sandbox) joins them when it is resolved.
	const book = createRunSecretBook(collectRunSecrets(context.env, tokenEnv));
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
	let sandbox: RunSandbox | undefined;
	try {
		const restart = booleanOption(options, 'restart');
		const skip = listOption(options, 'skip');
		// With both uploads skipped nothing leaves the machine: a local release, without targets or tokens.
		const local = skip.includes('upload-test') && skip.includes('upload-production');
		const session = await openRepository({root, python: stringOption(options, 'python'), store, signal: controller.signal, secrets: book.secrets, redact: book.redact});
		const saved = restart ? undefined : session.saved?.record.targets;
		// A sandbox release resumes on a sandbox again: its saved URLs point at one.
		const onSandbox = booleanOption(options, 'sandbox') || (repositoryFlags.test === undefined && repositoryFlags.production === undefined && saved !== undefined && [saved.test, saved.production].some(target => target !== undefined && isSandboxTarget(target)));
		if (onSandbox && !local) {
			sandbox = await startRunSandbox({dataDir: dryRun ? undefined : await sandboxFolder(session, saved !== undefined), preferredPort: saved === undefined ? undefined : savedSandboxPort(saved)});
			write(`Sandbox index: ${sandbox.url}/testpypi/ (test) and ${sandbox.url}/pypi/ (production), files in ${sandbox.dataDir}; it stops when the release ends.\n`);
		}

		const targets: ResolvedTargets | undefined = local ? undefined : await resolveTargets({
			flags: repositoryFlags,
			config: session.config,
			saved,
			sandbox,
			env: context.env,
			tokenEnv,
			addSecret: book.add,
			log: message => write(`${message}\n`),
		});
		const started = await beginRelease(session, {
			bump: listOption(options, 'bump'),
			jobs: parseJobs(stringOption(options, 'jobs')),
			noIsolation: booleanOption(options, 'no-isolation'),
			dryRun,
			allowFiles: listOption(options, 'allow-file'),
			skip: local ? skip.filter(step => !(publishingStepIds as readonly string[]).includes(step)) : skip,
			restart,
			answerer: createCiAnswerer(write),
			targets,
			stopAfter,
			waitTimeoutMs: session.config.wait.timeout * 1000,
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

		write(
			targets === undefined
				? 'Nothing is uploaded: --skip upload-test,upload-production makes this a local release (no tag, no downstream update).\n'
				: `${dryRun ? 'Would upload' : 'Uploads go'} to ${whereTo(targets.test)}, then ${stopAfter === 'test' ? 'not to production (--stop-after test)' : whereTo(targets.production)}.\n`,
		);
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
		await sandbox?.close();
		lock?.release();
	}
};

/**
 * The sandbox's files live with the repository's releases, so a resume serves them again; a new
 * release starts on an empty sandbox, so a rehearsal can be repeated.
 */
async function sandboxFolder(session: RepositorySession, resuming: boolean): Promise<string> {
	const folder = path.join(session.store.folder, 'sandbox');
	if (!resuming) {
		await rm(folder, {recursive: true, force: true});
	}

	return folder;
}

function whereTo(target: ResolvedTarget): string {
	return isSandboxTarget(target) ? target.display : `${target.display} (${target.uploadUrl})`;
}

function parseStopAfter(value: string | undefined): 'test' | undefined {
	if (value === undefined || value === 'test') {
		return value;
	}

	throw new UsageError(`--stop-after ${value}: the release can only stop after the test index.`, {
		hint: 'Use --stop-after test to end after the install check from the test index, before production.',
	});
}

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

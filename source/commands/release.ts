import {tmpdir} from 'node:os';
import path from 'node:path';
import process from 'node:process';
import {booleanOption} from '../cli/arguments.js';
import type {CommandHandler} from '../cli/command.js';
import {resumeCommandText} from '../cli/resume-command.js';
import {exitCodes, UsageError, type ExitCode} from '../core/errors.js';
import {collectRunSecrets} from '../core/credentials/run-secrets.js';
import {formatCommand} from '../core/exec.js';
import {createCiAnswerer} from '../core/release/questions.js';
import {createRunSecretBook} from '../core/release/run-secret-book.js';
import type {RunSandbox} from '../core/release/run-sandbox.js';
import {beginRelease, openRepository} from '../core/release/session.js';
import {describeTarget} from '../core/release/target-text.js';
import {lockRelease, type ReleaseLock} from '../core/state/release-lock.js';
import {memoryReleaseStore, openReleaseStore} from '../core/state/release-store.js';
import {createPlainReporter} from '../ui/plain/reporter.js';
import {WizardController} from '../ui/wizard-controller.js';
import {engineSkips, releaseRequest, whereTo} from './release-request.js';
import {runTargets} from './release-targets.js';

/** `wizard [DIR]` (the interactive wizard, in a terminal) and `wizard --ci [DIR] ...`: the release checklist. */
export const releaseCommand: CommandHandler = async context => {
	const {options} = context.arguments_;
	if (booleanOption(options, 'yank')) {
		throw new UsageError('wizard --yank is not available yet.', {hint: 'Yank the release on the index\'s web page for now.'});
	}

	const request = releaseRequest(context.arguments_);
	if (!booleanOption(options, 'ci')) {
		if (!process.stdin.isTTY || !process.stdout.isTTY) {
			throw new UsageError(`Standard ${process.stdin.isTTY ? 'output' : 'input'} is not a terminal, so the wizard cannot ask questions.`, {
				hint: 'Run it without prompts: wizard --ci --bump PART [DIR].',
			});
		}

		const controller = new WizardController({request, env: context.env, resumeCommand: resumeCommandText(options, request.root, 'wizard')});
		// The repository is read while Ink loads; the app reports what goes wrong.
		const opening = controller.open();
		opening.catch(() => undefined);
		// The only way into React and Ink: `--ci`, `plan` and `status` never load them.
		const {runWizard} = await import('../ui/ink/run-wizard.js');
		return runWizard(controller, opening);
	}

	const {root, dryRun} = request;
	const store = dryRun ? memoryReleaseStore(path.join(tmpdir(), 'pypi-wizard-dry-run')) : openReleaseStore(root);
	// Known from the start, so no child sees them and nothing shows them, whatever their shape;
	// a token found later (keychain, sandbox) joins them when it is resolved.
	const book = createRunSecretBook(collectRunSecrets(context.env, request.tokenEnv));
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
		const session = await openRepository({root, python: request.python, store, signal: controller.signal, secrets: book.secrets, redact: book.redact});
		const run = await runTargets(session, request, {restart: request.restart, env: context.env, book, log: line => write(`${line}\n`)});
		({sandbox} = run);
		const {targets} = run;
		const started = await beginRelease(session, {
			bump: request.bump,
			jobs: request.jobs,
			noIsolation: request.noIsolation,
			dryRun,
			allowFiles: request.allowFiles,
			skip: engineSkips(request),
			restart: request.restart,
			answerer: createCiAnswerer(write),
			targets,
			stopAfter: request.stopAfter,
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
				: `${dryRun ? 'Would upload' : 'Uploads go'} to ${whereTo(targets.test)}, then ${request.stopAfter === 'test' ? 'not to production (--stop-after test)' : whereTo(targets.production)}.\n`,
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

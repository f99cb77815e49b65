import type {ResolvedTargets} from '../core/release/context.js';
import {isSandboxTarget, savedSandboxPort, startRunSandbox, type RunSandbox} from '../core/release/run-sandbox.js';
import type {RunSecretBook} from '../core/release/run-secret-book.js';
import type {RepositorySession} from '../core/release/session.js';
import {resolveTargets} from '../core/release/targets-resolve.js';
import {sandboxFolder, type ReleaseRequest} from './release-request.js';

export type RunTargets = {
	/** Undefined for a local release. */
	readonly targets: ResolvedTargets | undefined;
	/** The sandbox this run started, to close when it ends. */
	readonly sandbox: RunSandbox | undefined;
	/** Whether the run continues the saved release (its targets are the saved ones unless flags say otherwise). */
	readonly resuming: boolean;
};

/**
 * Where this run uploads: the embedded sandbox (started here, on the saved port when resuming one),
 * the flags, the saved release's targets, the configuration, or TestPyPI and PyPI.
 * `restart` is the decision to discard the saved release (the wizard asks it on its resume screen).
 */
export async function runTargets(
	session: RepositorySession,
	request: ReleaseRequest,
	options: {readonly restart: boolean; readonly env: NodeJS.ProcessEnv; readonly book: RunSecretBook; readonly log: (line: string) => void},
): Promise<RunTargets> {
	const saved = options.restart ? undefined : session.saved?.record.targets;
	const {repositoryFlags: flags} = request;
	// A sandbox release resumes on a sandbox again: its saved URLs point at one.
	const onSandbox = request.sandbox || (flags.test === undefined && flags.production === undefined && saved !== undefined && [saved.test, saved.production].some(target => target !== undefined && isSandboxTarget(target)));
	let sandbox: RunSandbox | undefined;
	if (onSandbox && !request.local) {
		sandbox = await startRunSandbox({
			dataDir: request.dryRun ? undefined : await sandboxFolder(session, saved !== undefined),
			preferredPort: saved === undefined ? undefined : savedSandboxPort(saved),
			delaySeconds: request.delaySeconds,
		});
		options.log(`Sandbox index: ${sandbox.url}/testpypi/ (test) and ${sandbox.url}/pypi/ (production), files in ${sandbox.dataDir}; it stops when the release ends.`);
	}

	try {
		const targets = request.local
			? undefined
			: await resolveTargets({flags, config: session.config, saved, sandbox, env: options.env, tokenEnv: request.tokenEnv, addSecret: options.book.add, log: options.log});
		return {targets, sandbox, resuming: saved !== undefined};
	} catch (error: unknown) {
		await sandbox?.close();
		throw error;
	}
}

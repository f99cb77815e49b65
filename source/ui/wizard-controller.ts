import {tmpdir} from 'node:os';
import path from 'node:path';
import process from 'node:process';
import {engineSkips, type ReleaseRequest} from '../commands/release-request.js';
import {runTargets, type RunTargets} from '../commands/release-targets.js';
import {mapLimit} from '../core/concurrency.js';
import {formatCommand} from '../core/exec.js';
import {openKeychain} from '../core/credentials/keychain.js';
import {checkPypiToken, type TokenDetails} from '../core/credentials/pypi-token.js';
import {collectRunSecrets} from '../core/credentials/run-secrets.js';
import {tokenPageUrl} from '../core/credentials/token-page.js';
import {checkUsableToken, describeRefusal, formatDate, refusalHint} from '../core/credentials/usable-token.js';
import {projectInfo} from '../core/index/json-api.js';
import {projectPageUrl, indexUrlsFor} from '../core/index/index-urls.js';
import {checkInterpreter} from '../core/python/interpreter.js';
import {exec} from '../core/exec.js';
import type {ResolvedTarget, ResolvedTargets} from '../core/release/context.js';
import {personAnswerer, type Question} from '../core/release/questions.js';
import {createRunSecretBook, type RunSecretBook} from '../core/release/run-secret-book.js';
import {isSandboxTarget} from '../core/release/run-sandbox.js';
import {beginRelease, openRepository, type RepositorySession, type StartedRelease} from '../core/release/session.js';
import type {IndexRole} from '../core/release/types.js';
import {lockRelease, type ReleaseLock} from '../core/state/release-lock.js';
import {memoryReleaseStore, openReleaseStore, type ReleaseStore} from '../core/state/release-store.js';
import {commandTimeout} from '../core/config/timeout.js';
import type {GuideLinks, NameState, NameView, StoredToken, TargetView, ToolsView} from './wizard-types.js';

export type WizardOptions = {
	readonly request: ReleaseRequest;
	readonly env: NodeJS.ProcessEnv;
	/** The command that continues this release, as the wizard prints it. */
	readonly resumeCommand: string;
};

/**
 * Everything the wizard does that is not drawing: the repository, the targets and their tokens,
 * the name checks, the engine. The Ink app calls it and renders what it returns.
 */
export class WizardController {
	readonly request: ReleaseRequest;
	readonly resumeCommand: string;
	readonly store: ReleaseStore;
	readonly book: RunSecretBook;
	/** Lines to show above the checklist (sandbox address, where tokens came from, notes). */
	readonly notes: string[] = [];
	readonly env: NodeJS.ProcessEnv;
	private readonly controller = new AbortController();
	private lock: ReleaseLock | undefined;
	private run: RunTargets | undefined;
	private readonly keychain;

	constructor(options: WizardOptions) {
		this.request = options.request;
		this.env = options.env;
		this.resumeCommand = options.resumeCommand;
		this.store = options.request.dryRun ? memoryReleaseStore(path.join(tmpdir(), 'pypi-wizard-dry-run')) : openReleaseStore(options.request.root);
		this.book = createRunSecretBook(collectRunSecrets(options.env, options.request.tokenEnv));
		this.keychain = openKeychain({env: options.env});
	}

	get signal(): AbortSignal {
		return this.controller.signal;
	}

	/** Keeps what the person needs to know about the run; the credentials chain's misses are not. */
	private note(line: string): void {
		if (!line.startsWith('No token for') && !this.notes.includes(line)) {
			this.notes.push(line);
		}
	}

	abort(): void {
		this.controller.abort();
	}

	/** Takes the release lock and reads the repository and its saved record. */
	async open(): Promise<RepositorySession> {
		if (this.store.lockFile !== undefined) {
			this.lock = lockRelease(this.store.lockFile, formatCommand('wizard', process.argv.slice(2)));
			const gone = this.lock.tookOverFrom;
			if (gone !== undefined) {
				this.notes.push(`Took over the release lock of an earlier run that is gone (process ${gone.pid}, since ${gone.startedAt}).`);
			}
		}

		const {request, book} = this;
		return openRepository({root: request.root, python: request.python, store: this.store, signal: this.signal, secrets: book.secrets, redact: book.redact});
	}

	/** Where this run uploads; starts the sandbox for a sandbox run. `restart`: the saved release is discarded. */
	async targets(session: RepositorySession, restart: boolean): Promise<ResolvedTargets | undefined> {
		this.run ??= await runTargets(session, this.request, {restart, env: this.env, book: this.book, log: line => this.note(line)});
		return this.run.targets;
	}

	/** Each target with the state of its token, from the same chain the upload uses. */
	async targetViews(targets: ResolvedTargets): Promise<TargetView[]> {
		return Promise.all((['test', 'production'] as const).map(async role => targetView(targets[role], this.notes)));
	}

	async tools(session: RepositorySession): Promise<ToolsView> {
		const run = async (command: string, args: readonly string[], options: Parameters<typeof exec>[2]) => exec(command, args, {...options, signal: this.signal, secrets: this.book.secrets});
		try {
			const interpreter = await checkInterpreter(session.python, session.root, run, commandTimeout(session.config));
			return {python: interpreter.executable, version: interpreter.version, modules: {build: true, twine: true, pip: true, venv: true}, problem: undefined};
		} catch (error: unknown) {
			const problem = error instanceof Error ? error.message : String(error);
			return {python: session.python, version: undefined, modules: undefined, problem};
		}
	}

	/** Whether each package's name is free, ours or taken on each index (a few requests at a time). */
	async names(session: RepositorySession, targets: ResolvedTargets): Promise<NameView[]> {
		const roles = ['test', 'production'] as const;
		return mapLimit(session.plan.packages, 8, async found => {
			const states = await Promise.all(roles.map(async role => nameState(targets[role], found.name, found.version, this.signal)));
			return {name: found.name, normalizedName: found.normalizedName, states: {test: states[0]!, production: states[1]!}};
		});
	}

	/** Stores a pasted token in the OS keychain for `target`, after checking that its index can take it. */
	async storeToken(target: ResolvedTarget, text: string): Promise<StoredToken> {
		const repository = {name: target.name, uploadUrl: target.uploadUrl, origin: 'url' as const};
		const check = checkUsableToken(text, repository);
		if (!check.ok) {
			return {ok: false, problem: check.reason === 'not-a-token' ? check.problem : `This token ${describeRefusal(check, repository)}.`, hint: refusalHint(check, repository)};
		}

		this.book.add(check.token);
		try {
			await this.keychain.setToken(target.uploadUrl, check.token);
		} catch (error: unknown) {
			return {ok: false, problem: `The OS keychain refused it: ${error instanceof Error ? error.message : String(error)}`, hint: undefined};
		}

		return {ok: true, scope: describeScope(check.details)};
	}

	/** The release, new (from `bump`) or continued; the engine asks its questions through `ask`. */
	async begin(session: RepositorySession, choices: {readonly bump: readonly string[]; readonly restart: boolean}, ask: (question: Question, signal: AbortSignal) => Promise<string>): Promise<StartedRelease> {
		const {request} = this;
		const targets = await this.targets(session, choices.restart);
		return beginRelease(session, {
			bump: choices.bump,
			restart: choices.restart,
			jobs: request.jobs,
			noIsolation: request.noIsolation,
			dryRun: request.dryRun,
			allowFiles: request.allowFiles,
			skip: engineSkips(request),
			answerer: personAnswerer(ask),
			targets,
			stopAfter: request.stopAfter,
			waitTimeoutMs: session.config.wait.timeout * 1000,
		});
	}

	async close(): Promise<void> {
		await this.run?.sandbox?.close();
		this.lock?.release();
	}
}

/** The pages a first-time publisher needs on PyPI or TestPyPI; none for other indexes. */
export function guideLinks(target: ResolvedTarget): GuideLinks {
	const host = tokenPageUrl(target.uploadUrl) === undefined ? undefined : new URL(tokenPageUrl(target.uploadUrl)!).origin;
	return {
		role: target.role,
		display: target.display,
		register: host === undefined ? undefined : `${host}/account/register/`,
		twoFactor: host === undefined ? undefined : `${host}/manage/account/two-factor/`,
		tokenPage: host === undefined ? undefined : `${host}/manage/account/token/`,
		trustedPublisher: host === undefined ? undefined : `${host}/manage/account/publishing/`,
	};
}

/** Whether the first-time guide has something to do: a token to store or a name new or taken on a real index. */
export function needsGuide(targets: readonly TargetView[], names: readonly NameView[]): boolean {
	const real = targets.filter(target => target.token.kind !== 'sandbox');
	return (
		real.some(target => target.token.kind === 'missing') ||
		names.some(name => real.some(target => name.states[target.role].state === 'free' || name.states[target.role].state === 'taken'))
	);
}

async function targetView(target: ResolvedTarget, notes: readonly string[]): Promise<TargetView> {
	const base = {role: target.role, display: target.display, uploadUrl: target.uploadUrl};
	if (isSandboxTarget(target)) {
		return {...base, token: {kind: 'sandbox'}};
	}

	let token: string;
	try {
		token = await target.token();
	} catch (error: unknown) {
		const message = error instanceof Error ? error.message : String(error);
		// None found, or one the index would refuse (expired, another index's): the guide asks for a new one.
		return /^(No upload token|The upload token from)/.test(message)
			? {...base, token: {kind: 'missing', tokenPage: tokenPageUrl(target.uploadUrl)}}
			: {...base, token: {kind: 'unknown', reason: message}};
	}

	const source = [...notes].reverse().find(note => note.startsWith('Upload token for') && note.includes(target.uploadUrl))?.replace(/^.*: from (.*)\.$/, '$1') ?? 'the credentials chain';
	const check = checkPypiToken(token);
	const details = check.ok ? check.details : undefined;
	return {
		...base,
		token: {
			kind: 'stored',
			source,
			scope: details?.scope ?? 'unknown',
			projects: details?.projects ?? [],
			expiresAt: details?.expiresAt === undefined ? undefined : formatDate(details.expiresAt),
		},
	};
}

async function nameState(target: ResolvedTarget, name: string, version: string, signal: AbortSignal): Promise<NameView['states'][IndexRole]> {
	const page = projectPageUrl(indexUrlsFor({name: target.name, uploadUrl: target.uploadUrl, origin: 'url'}), name, version)?.replace(/\d[^/]*\/$/, '');
	try {
		const info = await projectInfo(target.jsonBase, name, {signal, timeoutMs: 10_000});
		const state: NameState = !info.found ? 'free' : info.versions.includes(version) ? 'published' : 'taken';
		return {
			state,
			...(info.found && state === 'taken' ? {detail: `${info.name} exists there with ${info.versions.length} version(s), newest ${info.latestVersion}; none is ${version}`} : {}),
			...(page === undefined || !info.found ? {} : {projectUrl: page}),
		};
	} catch (error: unknown) {
		return {state: 'unknown', detail: error instanceof Error ? error.message : String(error)};
	}
}

function describeScope(details: TokenDetails | undefined): string {
	if (details === undefined) {
		return 'a password for this index (not a PyPI token)';
	}

	const scope = details.scope === 'account' ? 'every project of your account' : `only ${details.projects.join(', ')}`;
	return `${scope}${details.expiresAt === undefined ? '' : `, until ${formatDate(details.expiresAt)}`}`;
}

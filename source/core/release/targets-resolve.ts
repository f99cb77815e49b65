import type {WizardConfig} from '../config/types.js';
import type {Keychain} from '../credentials/keychain.js';
import {resolveRepository, type Repository} from '../credentials/repositories.js';
import {resolveUploadToken} from '../credentials/resolve-token.js';
import {indexUrlsFor} from '../index/index-urls.js';
import type {ResolvedTarget, ResolvedTargets} from './context.js';
import type {RunSandbox} from './run-sandbox.js';
import type {IndexRole, ReleaseRecord, TargetRecord} from './types.js';

type Environment = Readonly<Record<string, string | undefined>>;

export type TargetResolutionOptions = {
	/** `--test-repository` and `--repository` (NAME or URL), as given. */
	readonly flags: {readonly test?: string | undefined; readonly production?: string | undefined};
	readonly config: Pick<WizardConfig, 'repositories'>;
	/** The targets of the unfinished release being resumed, if any. */
	readonly saved: ReleaseRecord['targets'] | undefined;
	/** `--sandbox` (or the resume of a sandbox release): both roles upload there, with its token. */
	readonly sandbox?: RunSandbox | undefined;
	readonly env: Environment;
	/** `--token-env NAME`. */
	readonly tokenEnv?: string | undefined;
	/** Told every token this run learns, so the redactor and the child environments know it. */
	readonly addSecret: (secret: string, username?: string) => void;
	readonly keychain?: Keychain;
	/** Where the credentials chain says where a token came from (never the token). */
	readonly log?: (message: string) => void;
};

const defaults: Readonly<Record<IndexRole, string>> = {test: 'testpypi', production: 'pypi'};

/**
 * Where each role uploads in this run: the sandbox; else the flag; else, on resume, the saved
 * target (the same URLs); else the configuration's `test-repository` / `repository`; else
 * testpypi and pypi. Each target's `token()` goes through the credentials chain once, on first
 * use, and the token joins the run's secrets; it is never stored.
 */
export async function resolveTargets(options: TargetResolutionOptions): Promise<ResolvedTargets> {
	return {test: await resolveTarget('test', options), production: await resolveTarget('production', options)};
}

async function resolveTarget(role: IndexRole, options: TargetResolutionOptions): Promise<ResolvedTarget> {
	const {sandbox} = options;
	if (sandbox !== undefined) {
		const index = role === 'test' ? 'testpypi' : 'pypi';
		const record = targetRecord(`sandbox ${index}`, {name: `sandbox ${index}`, uploadUrl: `${sandbox.url}/${index}/legacy/`, origin: 'url'});
		return {
			...record,
			role,
			async token() {
				options.addSecret(sandbox.token);
				return sandbox.token;
			},
		};
	}

	const flag = options.flags[role];
	const saved = options.saved?.[role];
	let repository: Repository;
	let record: TargetRecord;
	if (flag === undefined && saved !== undefined) {
		repository = await savedRepository(saved, options.env);
		record = saved;
	} else {
		repository = await resolveRepository(flag ?? options.config.repositories[role] ?? defaults[role], options.env);
		record = targetRecord(repository.name, repository);
	}

	return {...record, role, token: onceResolved(repository, options)};
}

function targetRecord(name: string, repository: Repository): TargetRecord {
	const urls = indexUrlsFor(repository);
	return {name, uploadUrl: urls.uploadUrl, simpleBase: urls.simpleBase, jsonBase: urls.jsonBase, display: urls.displayName};
}

/** The saved target's repository: its `~/.pypirc` section or built-in while it still names the same URL. */
async function savedRepository(saved: TargetRecord, env: Environment): Promise<Repository> {
	const byName = await resolveRepository(saved.name, env).catch(() => undefined);
	return byName?.uploadUrl === saved.uploadUrl ? byName : {name: saved.name, uploadUrl: saved.uploadUrl, origin: 'url'};
}

function onceResolved(repository: Repository, options: TargetResolutionOptions): () => Promise<string> {
	let resolved: Promise<string> | undefined;
	return async () => {
		resolved ??= resolveUploadToken({
			repository,
			env: options.env,
			...(options.tokenEnv === undefined ? {} : {tokenEnv: options.tokenEnv}),
			...(options.keychain === undefined ? {} : {keychain: options.keychain}),
			...(options.log === undefined ? {} : {log: options.log}),
		}).then(
			credential => {
				options.addSecret(credential.token, credential.username);
				return credential.token;
			},
			(error: unknown) => {
				// A failed lookup may succeed later (a token stored meanwhile): ask the chain again then.
				resolved = undefined;
				throw error;
			},
		);
		return resolved;
	};
}

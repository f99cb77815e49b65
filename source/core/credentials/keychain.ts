import process from 'node:process';
import {PreconditionError} from '../errors.js';
import {runKeychainWorker, type WorkerOutcome, type WorkerRequest} from './keychain-worker.js';

export type KeychainStatus = {readonly available: true} | {readonly available: false; readonly reason: string};

export type KeychainOptions = {
	/** The environment the keychain is reached through (D-Bus session address on Linux). */
	readonly env?: NodeJS.ProcessEnv;
	/** How long the reachability probe may take before the keychain counts as unavailable. */
	readonly probeTimeoutMilliseconds?: number;
	/** How long a read or write may take once the probe answered (an unlock prompt is answered by a person). */
	readonly operationTimeoutMilliseconds?: number;
};

/** Upload tokens in the OS keychain, under service = upload URL and account = `__token__`. */
export type Keychain = {
	/** Whether a keychain answers, decided within the probe timeout (1 s); remembered. */
	readonly status: () => Promise<KeychainStatus>;
	readonly getToken: (uploadUrl: string) => Promise<string | undefined>;
	readonly getTokens: (uploadUrls: readonly string[]) => Promise<ReadonlyMap<string, string | undefined>>;
	readonly setToken: (uploadUrl: string, token: string) => Promise<void>;
	/** True when a token was there to delete. */
	readonly deleteToken: (uploadUrl: string) => Promise<boolean>;
};

export class KeychainUnavailableError extends PreconditionError {
	readonly reason: string;

	constructor(reason: string) {
		super(`No OS keychain is reachable: ${reason}.`, {hint: keychainHint()});
		this.reason = reason;
	}
}

export function keychainHint(): string {
	const setup =
		process.platform === 'linux'
			? 'On Linux the keychain is a Secret Service (GNOME Keyring, KWallet) on the D-Bus session bus: log in to a desktop session, or start one with dbus-run-session and gnome-keyring-daemon --unlock, and unlock it.'
			: 'Unlock the keychain (macOS Keychain, Windows Credential Manager) and try again.';
	return `${setup}\nFor this run only, give the token in TWINE_PASSWORD or in a variable named with --token-env NAME; it is never written to a file.`;
}

// Leaves room for node to start within the 2 seconds a user waits at most to hear the keychain is out of reach.
const defaultProbeTimeout = 1000;
const defaultOperationTimeout = 30_000;

export function openKeychain(options: KeychainOptions = {}): Keychain {
	const env = options.env ?? process.env;
	const probeTimeout = options.probeTimeoutMilliseconds ?? defaultProbeTimeout;
	const operationTimeout = options.operationTimeoutMilliseconds ?? defaultOperationTimeout;
	let probed: Promise<KeychainStatus> | undefined;

	const status = async (): Promise<KeychainStatus> => {
		probed ??= runKeychainWorker({op: 'probe'}, env, probeTimeout).then(outcome =>
			outcome.ok ? {available: true} : {available: false, reason: failureReason(outcome, probeTimeout)},
		);
		return probed;
	};

	const run = async (request: WorkerRequest) => {
		const service = 'service' in request ? request.service : '';
		const current = await status();
		if (!current.available) {
			throw new KeychainUnavailableError(current.reason);
		}

		const outcome = await runKeychainWorker(request, env, operationTimeout);
		if (!outcome.ok) {
			const reason = failureReason(outcome, operationTimeout);
			if ('timedOut' in outcome || outcome.unavailable) {
				throw new KeychainUnavailableError(reason);
			}

			if (!('timedOut' in outcome) && outcome.ambiguous === true) {
				throw new PreconditionError(`The OS keychain holds more than one entry for ${service} and account __token__, so none can be replaced or deleted safely.`, {
					hint: `Another tool (python -m keyring set) added one beside this wizard's. Remove them with: python3 -m keyring del ${service} __token__ (repeat until it fails), then store the token again.`,
				});
			}

			throw new PreconditionError(`The OS keychain refused the request: ${reason}.`);
		}

		return outcome;
	};

	const getTokens = async (uploadUrls: readonly string[]) => {
		const answer = await run({op: 'get', services: uploadUrls});
		return new Map(uploadUrls.map((url, index) => [url, answer.values?.[index] ?? undefined]));
	};

	return {
		status,
		getTokens,
		getToken: async uploadUrl => (await getTokens([uploadUrl])).get(uploadUrl),
		async setToken(uploadUrl, token) {
			await run({op: 'set', service: uploadUrl, secret: token});
		},
		deleteToken: async uploadUrl => (await run({op: 'delete', service: uploadUrl})).deleted === true,
	};
}

function failureReason(outcome: Exclude<WorkerOutcome, {ok: true}>, timeout: number): string {
	if ('timedOut' in outcome) {
		return `it did not answer within ${timeout / 1000} s (locked, or waiting on a prompt nobody can see?)`;
	}

	if (/autolaunch|set your DBUS_SESSION_BUS_ADDRESS/i.test(outcome.error)) {
		return 'there is no D-Bus session bus to reach a Secret Service through: DBUS_SESSION_BUS_ADDRESS is not set';
	}

	if (/no result found/i.test(outcome.error)) {
		// keyring-rs's words when the Secret Service has no default collection to write to.
		return 'the Secret Service has no unlocked default keyring (the "login" collection is missing or locked)';
	}

	return outcome.error.replace(/\.$/, '');
}

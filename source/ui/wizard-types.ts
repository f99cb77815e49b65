import type {Question} from '../core/release/questions.js';
import type {IndexRole} from '../core/release/types.js';

/** What the plan screen shows of a target's upload token. Never the token itself. */
export type TokenState =
	| {readonly kind: 'stored'; readonly source: string; readonly scope: 'account' | 'projects' | 'unknown'; readonly projects: readonly string[]; readonly expiresAt: string | undefined}
	| {readonly kind: 'missing'; readonly tokenPage: string | undefined}
	/** The embedded sandbox makes its own token for the run. */
	| {readonly kind: 'sandbox'}
	/** The keychain could not be asked; `reason` says why. */
	| {readonly kind: 'unknown'; readonly reason: string};

export type TargetView = {
	readonly role: IndexRole;
	/** `TestPyPI`, `PyPI`, `sandbox testpypi`, a .pypirc section. */
	readonly display: string;
	readonly uploadUrl: string;
	readonly token: TokenState;
};

/** The interpreter and the modules a release needs from it. `undefined` modules: still probing. */
export type ToolsView = {
	readonly python: string;
	readonly version: string | undefined;
	readonly modules: Readonly<Record<'build' | 'twine' | 'pip' | 'venv', boolean>> | undefined;
	readonly problem: string | undefined;
};

/** Whether a name can be published on one index (PEP 503 normalised lookup). */
export type NameState =
	/** Nobody has it: the first upload creates the project. */
	| 'free'
	/** The index has it, with a version this repository holds or held: it is ours. */
	| 'published'
	/** The index has it and none of its versions is this repository's: probably someone else's. */
	| 'taken'
	/** The index could not be asked (offline): `detail` says why. */
	| 'unknown';

export type NameView = {
	readonly name: string;
	readonly normalizedName: string;
	readonly states: Readonly<Record<IndexRole, {readonly state: NameState; readonly detail?: string; readonly projectUrl?: string}>>;
};

/** Per target, the pages a first-time publisher needs. Undefined where the index has no such page. */
export type GuideLinks = {
	readonly role: IndexRole;
	readonly display: string;
	readonly register: string | undefined;
	readonly twoFactor: string | undefined;
	readonly tokenPage: string | undefined;
	readonly trustedPublisher: string | undefined;
};

export type StoredToken = {readonly ok: true; readonly scope: string} | {readonly ok: false; readonly problem: string; readonly hint: string | undefined};

/** A question of the engine waiting for the person; the app renders it and calls `answer` once. */
export type PendingQuestion = {readonly question: Question; readonly answer: (value: string) => void};

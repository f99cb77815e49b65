/** `[tool.pypi-wizard]` (or `pypi-wizard.toml`), validated, with defaults applied. */
export type WizardConfig = {
	/** The file the configuration came from, or undefined when there is none. */
	readonly source: string | undefined;
	/** Globs of package folders, relative to the root; undefined means "discover". */
	readonly packages: readonly string[] | undefined;
	/** undefined: synchronized where all versions agree, else independent. */
	readonly versioning: 'synchronized' | 'independent' | undefined;
	/** Tag template: `{version}`, and `{name}` for independent versions. */
	readonly tag: string;
	/** Commit message template for the version bump: `{version}`. */
	readonly commitMessage: string;
	/** Test commands; undefined means the default (pytest where configured). */
	readonly test: readonly string[] | undefined;
	/** Smoke commands per normalised package name. */
	readonly smoke: Readonly<Record<string, readonly string[]>>;
	readonly versionFiles: ReadonlyArray<{readonly path: string; readonly pattern: string}>;
	readonly buildToggles: readonly BuildToggle[];
	readonly downstream: readonly DownstreamConfig[];
	/** `source`: "commit" builds a clean checkout of the release commit; "working-tree" the user's files. */
	readonly build: {readonly isolation: boolean; readonly source: 'commit' | 'working-tree'};
	/** Interpreter to use when --python is not given. */
	readonly python: string | undefined;
	/** Seconds a command that should answer at once may take: `git fetch`, the interpreter probe. */
	readonly timeout: number;
	/** `systemSitePackages`: the check's environment also sees the interpreter's installed packages. */
	readonly installCheck: {readonly systemSitePackages: boolean};
	/** `test-repository` and `repository`: where each role uploads when no flag says (NAME or URL). */
	readonly repositories: {readonly test: string | undefined; readonly production: string | undefined};
	/** `wait.timeout`: seconds a propagation wait runs before it becomes a question. */
	readonly wait: {readonly timeout: number};
};

export type DownstreamConfig = {
	readonly path: string;
	readonly pins: readonly string[];
	readonly bump: {readonly file: string; readonly name: string; readonly part: string} | undefined;
	readonly lock: string | undefined;
};

/** Text a file holds while the package builds (`during-build`), and otherwise. */
export type BuildToggle = {readonly path: string; readonly duringBuild: string; readonly otherwise: string};

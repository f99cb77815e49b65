/** A place in a file that holds a package's version, exactly as written there. */
export type VersionLocation = {
	/** Path relative to the repository root, with forward slashes. */
	readonly file: string;
	/** 1-based line of the version text. */
	readonly line: number;
	/** 1-based column where the version string itself starts on that line. */
	readonly column: number;
	/** The whole line, exactly as in the file (without its line ending). */
	readonly text: string;
	/** The version string as written at line:column. */
	readonly version: string;
	/** What kind of place this is, for messages and for the editor. */
	readonly kind: VersionLocationKind;
};

export type VersionLocationKind =
	| 'pyproject-project'
	| 'pyproject-poetry'
	| 'setup-cfg'
	| 'setup-py'
	| 'setup-py-constant'
	| 'version-module'
	| 'version-file'
	| 'configured';

import type {BuildToggle} from '../config/types.js';
import type {VersionLocation} from '../version/types.js';

export type BuildBackend = 'setuptools' | 'hatchling' | 'flit-core' | 'poetry-core' | 'pdm-backend' | 'maturin' | string;

/** A requirement on another package of the same repository, as written in a project file. */
export type SiblingRequirement = {
	/** Normalised name of the sibling package. */
	readonly name: string;
	/** The requirement as written (`openbb-core>=4.1.0`, or poetry's `^1.2.0` value). */
	readonly text: string;
	/** Path relative to the repository root. */
	readonly file: string;
};

export type PythonPackage = {
	readonly name: string;
	/** PEP 503 normalised name: the identity used everywhere else. */
	readonly normalizedName: string;
	readonly version: string;
	/** Folder relative to the repository root (`.` for the root itself), forward slashes. */
	readonly path: string;
	readonly absolutePath: string;
	readonly backend: BuildBackend;
	/** Where name, version and dependencies came from. */
	readonly metadataSource: 'static' | 'backend';
	/** Project files present in the folder (`pyproject.toml`, `setup.cfg`, `setup.py`). */
	readonly projectFiles: readonly string[];
	/** Normalised names of the sibling packages this one depends on, sorted. */
	readonly dependencies: readonly string[];
	readonly siblingRequirements: readonly SiblingRequirement[];
	readonly versionLocations: readonly VersionLocation[];
};

export type Plan = {
	readonly root: string;
	readonly versioning: 'synchronized' | 'independent';
	readonly packages: readonly PythonPackage[];
	/** Topological layers of normalised names: dependencies first, sorted by name inside. */
	readonly batches: ReadonlyArray<readonly string[]>;
	/** The configured build toggles, shown before anything is built. */
	readonly buildToggles: readonly BuildToggle[];
	/** Project folders discovery found but does not release (test fixtures), with why. */
	readonly excluded: readonly ExcludedProject[];
	/** Configured version files that lie outside every package folder. */
	readonly sharedVersionLocations: readonly VersionLocation[];
	readonly warnings: readonly string[];
};

/** A project file discovery found and left out, and the setting that would release it. */
export type ExcludedProject = {
	/** Folder relative to the repository root, forward slashes. */
	readonly path: string;
	readonly reason: string;
	/** The `packages = [...]` line for [tool.pypi-wizard] that would include it. */
	readonly include: string;
};

import type {CommandRunner} from '../git/runner.js';

export type BuildOptions = {
	readonly python: string;
	/** The package folder (absolute). */
	readonly folder: string;
	readonly outdir: string;
	/** false: build with the interpreter's installed backends (offline machines). */
	readonly isolation: boolean;
	readonly package?: string;
};

/** `python -m build` for one package: the sdist, then the wheel built from it, into `outdir`. */
export function buildArguments(options: Pick<BuildOptions, 'outdir' | 'isolation'>): string[] {
	return [
		'-m',
		'build',
		'--outdir',
		options.outdir,
		// Without isolation `build` also checks the installed backends against the declared
		// requirements; Debian's packages carry versions (and names) that fail that check while
		// building fine, so it is skipped.
		...(options.isolation ? [] : ['--no-isolation', '--skip-dependency-check']),
		'.',
	];
}

export async function runBuild(options: BuildOptions, run: CommandRunner): Promise<void> {
	await run(options.python, buildArguments(options), {cwd: options.folder, package: options.package});
}

import {createHash} from 'node:crypto';
import {createReadStream} from 'node:fs';
import {mkdir, readdir, stat} from 'node:fs/promises';
import path from 'node:path';
import {describeBuildToggles} from '../../config/check-build-toggles.js';
import {StepFailedError} from '../../errors.js';
import {formatCommand} from '../../exec.js';
import {resolveHead} from '../../git/worktree.js';
import {buildArguments, runBuild} from '../../python/build.js';
import {compareVersions, isValidVersion} from '../../version/pep440.js';
import {runBatches} from '../batch-runner.js';
import type {ReleaseContext} from '../context.js';
import type {Step, StepIo} from '../engine.js';
import {explainCommandError} from '../step-failure.js';
import type {BuiltFile, PackageRecord, ReleaseRecord} from '../types.js';
import {openBuildSource} from './build-source.js';

/**
 * `python -m build` for every package, batch by batch, up to `jobs` at once within a batch, into
 * a folder made for this attempt (never a stale dist/), from a clean checkout of HEAD with the
 * build toggles on. A package built by an earlier run is kept only while it was built from HEAD:
 * a fix committed after a failed check or inspection is rebuilt.
 */
export const buildStep: Step<ReleaseContext> = {
	id: 'build',
	title: 'Build',
	skip(context) {
		if (context.options.dryRun) {
			const example = formatCommand(context.options.python, buildArguments({outdir: '<release folder>', isolation: context.options.isolation}));
			const where = context.config.build.source === 'working-tree' ? 'in the working tree (build.source = "working-tree")' : 'in a clean checkout of the release commit';
			const toggles = describeBuildToggles(context.config.buildToggles);
			return `[dry run] not run: ${example} (for each package, ${where})${toggles.length > 0 ? `, with build toggles ${toggles.join('; ')}` : ''}`;
		}

		return undefined;
	},
	async run(context, io) {
		const record = context.record();
		const head = await resolveHead(context.root, io.exec.bind(io));
		if (record.commit !== undefined && head !== record.commit) {
			checkHeadHoldsRelease(context, head);
		}

		const stale = new Set<string>();
		for (const release of Object.values(record.packages)) {
			if (await stillBuilt(release, head)) {
				await io.log(`${release.name} ${release.version}: already built from ${head.slice(0, 12)} by an earlier run (${release.files.map(file => file.name).join(', ')})`, release.normalizedName);
			} else {
				stale.add(release.normalizedName);
			}
		}

		refuseRebuildAfterUpload(record, stale, head);
		if (stale.size === 0) {
			return `nothing to build: every package was built from ${head.slice(0, 12)}`;
		}

		const attempt = path.join(record.folder, 'build', new Date().toISOString().replaceAll(/[:.]/g, '-'));
		const source = await openBuildSource(context, io, head);
		const target: BuildTarget = {root: source.root, outdir: attempt, commit: head};
		const batches = record.batches.map(batch => batch.filter(name => stale.has(name)));
		let built = 0;
		try {
			await runBatches(
				batches,
				{
					jobs: context.options.jobs,
					signal: io.signal,
					onBatch(index) {
						io.progress(`batch ${index + 1} of ${record.batches.length}: ${record.batches[index]!.join(', ')}`);
					},
				},
				async name => {
					const release = context.record().packages[name];
					if (release !== undefined) {
						await buildPackage(context, io, release, target);
						built++;
					}
				},
			);
		} finally {
			await source.close();
		}

		return `${built} package(s) built from ${head.slice(0, 12)}, ${record.batches.length} batch(es)`;
	},
};

/**
 * HEAD is past the release commit (a fix committed after a failed step): it is what gets built,
 * so it must still hold the release's versions.
 */
function checkHeadHoldsRelease(context: ReleaseContext, head: string): void {
	const record = context.record();
	const wrong: string[] = [];
	for (const release of Object.values(record.packages)) {
		const found = context.plan.packages.find(candidate => candidate.normalizedName === release.normalizedName);
		if (found === undefined) {
			wrong.push(`  ${release.path}: the package ${release.name} is no longer found`);
			continue;
		}

		const locations = found.versionLocations.filter(location => !sameVersion(location.version, release.version));
		wrong.push(...locations.map(location => `  ${location.file}:${location.line} holds ${location.version}, not ${release.version}`));
		if (locations.length === 0 && !sameVersion(found.version, release.version)) {
			wrong.push(`  ${release.path}: ${release.name} builds as ${found.version}, not ${release.version}`);
		}
	}

	if (record.version !== undefined) {
		const version = record.version;
		wrong.push(...context.plan.sharedVersionLocations.filter(location => !sameVersion(location.version, version)).map(location => `  ${location.file}:${location.line} holds ${location.version}, not ${version}`));
	}

	if (wrong.length > 0) {
		throw new StepFailedError('build', `HEAD (${head.slice(0, 12)}) has moved past the release commit ${record.commit?.slice(0, 12) ?? ''} and no longer holds the release's version:\n${wrong.join('\n')}`, {
			hint: 'Put the release version back in those files and commit, then resume with the command below; or discard this release with --restart.',
		});
	}
}

function sameVersion(written: string, version: string): boolean {
	return written === version || (isValidVersion(written) && isValidVersion(version) && compareVersions(written, version) === 0);
}

type BuildTarget = {
	/** The folder standing for the repository root: the checkout, or the working tree. */
	readonly root: string;
	readonly outdir: string;
	readonly commit: string;
};

async function buildPackage(context: ReleaseContext, io: StepIo, release: PackageRecord, target: BuildTarget): Promise<void> {
	const outdir = path.join(target.outdir, release.normalizedName);
	await mkdir(outdir, {recursive: true});
	io.dispatch({type: 'package-build-started', name: release.normalizedName});
	const started = Date.now();
	try {
		await runBuild(
			{python: context.options.python, folder: path.join(target.root, release.path), outdir, isolation: context.options.isolation, package: release.normalizedName},
			io.exec.bind(io),
		);
		const files = await describeFiles(outdir);
		io.dispatch({type: 'package-built', name: release.normalizedName, files, builtFrom: target.commit, durationMs: Date.now() - started});
	} catch (error: unknown) {
		io.dispatch({type: 'package-build-failed', name: release.normalizedName});
		throw explainCommandError('build', error, `Building ${release.name} failed`, `Fix the build of ${release.path}, commit, then resume with the command below.`);
	}
}

/**
 * A file name can never be reused on an index: once any file of a package has left the machine,
 * its archives are the release, and a rebuild (other bytes, same names) could never be uploaded.
 */
function refuseRebuildAfterUpload(record: ReleaseRecord, stale: ReadonlySet<string>, head: string): void {
	const sent: string[] = [];
	let builtFrom: string | undefined;
	for (const name of stale) {
		const release = record.packages[name];
		for (const role of ['test', 'production'] as const) {
			const files = Object.entries(release?.uploads[role] ?? {}).filter(([, state]) => state !== 'pending');
			if (release !== undefined && files.length > 0) {
				builtFrom ??= release.builtFrom;
				sent.push(`  ${release.name}: ${files.map(([file, state]) => `${file} (${state})`).join(', ')} on ${record.targets[role]?.display ?? `the ${role} index`}`);
			}
		}
	}

	if (sent.length > 0) {
		throw new StepFailedError('build', `These packages would be rebuilt from ${head.slice(0, 12)}, but files of them were already uploaded:\n${sent.join('\n')}`, {
			hint: `A file name can never be reused on an index, so they cannot be rebuilt from other code. To finish this release with what was uploaded, keep the new commits on another branch and put this one back on the commit they were built from (git branch later-fixes && git reset --hard ${builtFrom?.slice(0, 12) ?? record.commit?.slice(0, 12) ?? 'the release commit'}), then resume with the command below; or release the new code as a new version with --restart (.postN for the same code).`,
		});
	}
}

/** A package built by an earlier run counts only while it was built from `head` and its files are still there, unchanged. */
async function stillBuilt(release: PackageRecord, head: string): Promise<boolean> {
	if (release.status !== 'built' || release.files.length === 0 || release.builtFrom !== head) {
		return false;
	}

	for (const file of release.files) {
		try {
			if ((await sha256(file.path)) !== file.sha256) {
				return false;
			}
		} catch {
			return false;
		}
	}

	return true;
}

async function describeFiles(folder: string): Promise<BuiltFile[]> {
	const names = (await readdir(folder)).filter(name => name.endsWith('.whl') || name.endsWith('.tar.gz') || name.endsWith('.zip')).sort();
	return Promise.all(
		names.map(async name => {
			const file = path.join(folder, name);
			return {path: file, name, size: (await stat(file)).size, sha256: await sha256(file)};
		}),
	);
}

export async function sha256(file: string): Promise<string> {
	const hash = createHash('sha256');
	for await (const chunk of createReadStream(file)) {
		hash.update(chunk as Buffer);
	}

	return hash.digest('hex');
}

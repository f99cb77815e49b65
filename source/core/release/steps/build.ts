import {createHash} from 'node:crypto';
import {createReadStream} from 'node:fs';
import {mkdir, readdir, stat} from 'node:fs/promises';
import path from 'node:path';
import {prepareToggles, restoreToggles} from '../../build-toggles.js';
import {mapLimit} from '../../concurrency.js';
import {describeBuildToggles} from '../../config/check-build-toggles.js';
import {formatCommand} from '../../exec.js';
import {buildArguments, runBuild} from '../../python/build.js';
import type {ReleaseContext} from '../context.js';
import type {Step, StepIo} from '../engine.js';
import {explainCommandError} from '../step-failure.js';
import type {BuiltFile, PackageRecord} from '../types.js';

/**
 * `python -m build` for every package, batch by batch, up to `jobs` at once within a batch, into
 * a folder made for this attempt (never a stale dist/). Build toggles are applied for the
 * duration and restored afterwards, also when a build fails or the run is interrupted.
 */
export const buildStep: Step<ReleaseContext> = {
	id: 'build',
	title: 'Build',
	skip(context) {
		if (context.options.dryRun) {
			const example = formatCommand(context.options.python, buildArguments({outdir: '<release folder>', isolation: context.options.isolation}));
			const toggles = describeBuildToggles(context.config.buildToggles);
			return `[dry run] not run: ${example} (for each package)${toggles.length > 0 ? `, with build toggles ${toggles.join('; ')}` : ''}`;
		}

		return undefined;
	},
	async run(context, io) {
		const record = context.record();
		const attempt = path.join(record.folder, 'build', new Date().toISOString().replaceAll(/[:.]/g, '-'));
		const prepared = await prepareToggles(context.root, context.config.buildToggles, path.join(record.folder, 'toggles'), context.configFile);
		if (prepared.applied.length > 0) {
			io.dispatch({type: 'toggles-applied', toggles: prepared.applied});
			await prepared.apply();
			await io.log(`Build toggles applied: ${context.config.buildToggles.map(toggle => `${toggle.path} (${toggle.duringBuild})`).join(', ')}`);
		}

		let built = 0;
		try {
			for (const [index, batch] of record.batches.entries()) {
				io.progress(`batch ${index + 1} of ${record.batches.length}: ${batch.join(', ')}`);
				const packages = batch.map(name => context.record().packages[name]).filter((release): release is PackageRecord => release !== undefined);
				built += await buildBatch(context, io, packages, attempt);
			}
		} finally {
			if (prepared.applied.length > 0) {
				await restoreToggles(prepared.applied);
				io.dispatch({type: 'toggles-restored'});
			}
		}

		return `${built} package(s) built, ${record.batches.length} batch(es)`;
	},
};

async function buildBatch(context: ReleaseContext, io: StepIo, packages: readonly PackageRecord[], attempt: string): Promise<number> {
	let failure: unknown;
	let built = 0;
	await mapLimit(packages, context.options.jobs, async release => {
		if (failure !== undefined || io.signal.aborted) {
			return;
		}

		if (await stillBuilt(release)) {
			await io.log(`${release.name} ${release.version}: already built by an earlier run (${release.files.map(file => file.name).join(', ')})`, release.normalizedName);
			return;
		}

		const outdir = path.join(attempt, release.normalizedName);
		await mkdir(outdir, {recursive: true});
		io.dispatch({type: 'package-build-started', name: release.normalizedName});
		const started = Date.now();
		try {
			await runBuild(
				{python: context.options.python, folder: path.join(context.root, release.path), outdir, isolation: context.options.isolation, package: release.normalizedName},
				io.exec.bind(io),
			);
			const files = await describeFiles(outdir);
			io.dispatch({type: 'package-built', name: release.normalizedName, files, durationMs: Date.now() - started});
			built++;
		} catch (error: unknown) {
			io.dispatch({type: 'package-build-failed', name: release.normalizedName});
			failure ??= explainCommandError('build', error, `Building ${release.name} failed`, `Fix the build of ${release.path}, commit, then run the same command again.`);
		}
	});
	if (failure !== undefined) {
		throw failure;
	}

	return built;
}

/** A package built by an earlier run counts only while its files are still there, unchanged. */
async function stillBuilt(release: PackageRecord): Promise<boolean> {
	if (release.status !== 'built' || release.files.length === 0) {
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

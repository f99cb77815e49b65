import path from 'node:path';
import {applyTogglesInCheckout, prepareToggles, restoreToggles} from '../../build-toggles.js';
import {exec} from '../../exec.js';
import type {CommandRunner} from '../../git/runner.js';
import {addCheckout, folderInRepository, removeCheckouts} from '../../git/worktree.js';
import type {ReleaseContext} from '../context.js';
import type {StepIo} from '../engine.js';
import {explainCommandError} from '../step-failure.js';

/** Where the packages are built from, with the toggles on, until `close()`. */
export type BuildSource = {
	/** The folder that stands for the repository root during the build. */
	readonly root: string;
	/** Removes the checkout, or restores the toggled files; safe to call after an interruption. */
	close(): Promise<void>;
};

/**
 * The repository as the build should see it. By default a clean checkout of `commit` (a git
 * worktree in the release folder): only what was committed can ship, and the user's files are
 * never touched. `build.source = "working-tree"` builds the files in place, toggles and all.
 */
export async function openBuildSource(context: ReleaseContext, io: StepIo, commit: string): Promise<BuildSource> {
	return context.config.build.source === 'working-tree' ? openWorkingTree(context, io) : openCheckout(context, io, commit);
}

async function openCheckout(context: ReleaseContext, io: StepIo, commit: string): Promise<BuildSource> {
	const record = context.record();
	const checkout = path.join(record.folder, 'checkout');
	// Every release of this repository keeps its folder beside this one: a checkout a killed run
	// left there (even of a release since discarded with --restart) goes before a new one is made.
	const releases = path.dirname(record.folder);
	const cleanup = uninterruptible(io);
	await removeCheckouts(context.root, releases, cleanup);
	// The release may be of a folder below the repository's top (`wizard python/`): the same folder in the checkout.
	const root = path.join(checkout, await folderInRepository(context.root, io.exec.bind(io)));
	try {
		await addCheckout(context.root, checkout, commit, io.exec.bind(io)).catch((error: unknown) => {
			throw explainCommandError('build', error, `Making a clean checkout of ${commit.slice(0, 12)} to build from failed`, 'Fix the cause git names (a post-checkout hook, a missing LFS filter), or build the files in place with build = { source = "working-tree" } in the configuration.');
		});
		await io.log(`Building from a clean checkout of ${commit.slice(0, 12)} at ${checkout}`);
		if (context.config.buildToggles.length > 0) {
			await applyTogglesInCheckout(root, context.config.buildToggles, context.configFile);
			await io.log(`Build toggles applied in the checkout: ${context.config.buildToggles.map(toggle => `${toggle.path} (${toggle.duringBuild})`).join(', ')}`);
		}
	} catch (error: unknown) {
		await removeCheckouts(context.root, releases, cleanup);
		throw error;
	}

	return {
		root,
		async close() {
			await removeCheckouts(context.root, releases, cleanup);
		},
	};
}

async function openWorkingTree(context: ReleaseContext, io: StepIo): Promise<BuildSource> {
	const prepared = await prepareToggles(context.root, context.config.buildToggles, path.join(context.record().folder, 'toggles'), context.configFile);
	if (prepared.applied.length > 0) {
		// Recorded before the first byte changes: a resume after a crash restores from the backups.
		io.dispatch({type: 'toggles-applied', toggles: prepared.applied});
		await prepared.apply();
		await io.log(`Build toggles applied: ${context.config.buildToggles.map(toggle => `${toggle.path} (${toggle.duringBuild})`).join(', ')}`);
	}

	return {
		root: context.root,
		async close() {
			if (prepared.applied.length > 0) {
				await restoreToggles(prepared.applied);
				io.dispatch({type: 'toggles-restored'});
			}
		},
	};
}

/** git for clean-up: it must finish even when the run is being interrupted. */
function uninterruptible(io: StepIo): CommandRunner {
	return async (command, args, options) => exec(command, args, {cwd: options.cwd, allowFailure: options.allowFailure, logFile: io.logFile});
}

import {commandTimeout} from '../../config/timeout.js';
import {PreconditionError} from '../../errors.js';
import {currentBranch, dirtyFiles, gitRoot} from '../../git/status.js';
import {upstreamState} from '../../git/upstream.js';
import {checkInterpreter} from '../../python/interpreter.js';
import type {ReleaseContext} from '../context.js';
import type {Step} from '../engine.js';
import {checkTargets} from './preflight-targets.js';

/**
 * The interpreter and its tools, a clean tree, a branch not behind its upstream, and for each
 * index of the run a usable token and an answer. Rerun on resume.
 */
export const preflightStep: Step<ReleaseContext> = {
	id: 'preflight',
	title: 'Preflight: interpreter, git tree, upstream',
	always: true,
	skip: () => undefined,
	async run(context, io) {
		const run = io.exec.bind(io);
		const timeout = commandTimeout(context.config);
		const interpreter = await checkInterpreter(context.options.python, context.root, run, timeout);
		await io.log(`Python ${interpreter.version} at ${interpreter.executable}: build, twine, pip and venv import.`);

		await gitRoot(context.root, run);
		const record = context.record();
		if ((await currentBranch(context.root, run)) === undefined) {
			const first = Object.values(record.packages)[0];
			const name = record.version ?? (first === undefined ? 'VERSION' : `${first.normalizedName}-${first.version}`);
			throw new PreconditionError('HEAD is detached (a tag or a commit is checked out, not a branch): the release commit would be on no branch, and could not be pushed.', {
				hint: `Create a branch for the release here, then resume:\n  git switch -c release/${name}`,
			});
		}

		// An interrupted version step leaves its own edits uncommitted; those are expected.
		const expected = record.steps['version']?.status === 'done' ? [] : record.versionFiles;
		const dirty = (await dirtyFiles(context.root, run)).filter(file => !expected.includes(file)).sort();
		if (dirty.length > 0) {
			const shown = dirty.slice(0, 20).map(file => `  ${file}`);
			if (dirty.length > shown.length) {
				shown.push(`  … and ${dirty.length - shown.length} more`);
			}

			throw new PreconditionError(`The working tree has uncommitted changes:\n${shown.join('\n')}`, {
				hint: 'Commit or stash them (git stash --include-untracked), then resume: the release record is kept.',
			});
		}

		const upstream = await upstreamState(context.root, run, timeout);
		switch (upstream.kind) {
			case 'no-remote': {
				io.warn('This repository has no git remote: nothing to compare the branch with (fine for a first release; the tag cannot be pushed).');
				break;
			}

			case 'no-upstream': {
				io.warn(`The branch ${upstream.branch ?? '(detached HEAD)'} has no upstream: it was not compared with a remote.`);
				break;
			}

			case 'tracking': {
				if (upstream.behind > 0) {
					throw new PreconditionError(`The branch ${upstream.branch} is ${upstream.behind} commit(s) behind ${upstream.upstream}.`, {
						hint: 'Bring it up to date (git pull --rebase), then resume.',
					});
				}

				await io.log(`${upstream.branch} is up to date with ${upstream.upstream} (${upstream.ahead} ahead).`);
				break;
			}
		}

		const indexes = await checkTargets(context, io);
		return `Python ${interpreter.version}, clean tree${indexes.length === 0 ? '' : `, ${indexes.join(' and ')} ready`}`;
	},
};

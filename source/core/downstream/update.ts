import {existsSync, statSync} from 'node:fs';
import {mkdir, readFile, rm, writeFile} from 'node:fs/promises';
import path from 'node:path';
import type {DownstreamConfig} from '../config/types.js';
import {ConfigError, PreconditionError, StepFailedError} from '../errors.js';
import type {CommandRunner} from '../git/runner.js';
import {dirtyFiles} from '../git/status.js';
import {pinFileKind, rewritePins, type DownstreamPinChange, type ReleasedPackages} from './pins.js';
import {bumpVersionConstant, constantParts, isConstantPart, type ConstantBump} from './version-constant.js';

export type DownstreamUpdateOptions = {
	readonly entry: DownstreamConfig;
	/** Its position in the configuration, for messages (`downstream[0].pins`). */
	readonly index?: number;
	/** The releasing repository: `entry.path` is relative to it. */
	readonly repoRoot: string;
	readonly released: ReleasedPackages;
	/** Name and version for the branch (`release/<name>-<version>`) and the commit message. */
	readonly packageName: string;
	readonly version: string;
	readonly run: CommandRunner;
	/** Where the lock command's output goes; by default beside the downstream's git metadata. */
	readonly lockLogFile?: string;
};

export type DownstreamFileChange = DownstreamPinChange & {readonly file: string};

export type DownstreamUpdate = {
	/** The downstream folder, resolved. */
	readonly folder: string;
	/**
	 * committed: a new branch and commit; resumed: an earlier run had made them (changes are
	 * then empty, the diff is read back from git); up-to-date: nothing to change, no branch.
	 */
	readonly status: 'committed' | 'resumed' | 'up-to-date';
	readonly branch: string;
	readonly commit: string | undefined;
	/** `git diff` of the commit, unified, paths relative to the downstream repository. */
	readonly diff: string;
	readonly changes: readonly DownstreamFileChange[];
	readonly constant: (ConstantBump & {readonly file: string; readonly name: string}) | undefined;
	/** Files whose `--hash=` lines were stale before the lock command ran. */
	readonly hashedFiles: readonly string[];
	readonly lockLog: string | undefined;
};

const logLimitBytes = 256 * 1024;

export function downstreamBranch(packageName: string, version: string): string {
	return `release/${packageName}-${version}`;
}

export function downstreamCommitMessage(packageName: string, version: string): string {
	return `Update ${packageName} to ${version}`;
}

/**
 * Updates one downstream repository for a release: rewrites its pins, bumps its version
 * constant, runs its lock command and commits on `release/<name>-<version>`, never pushing.
 * The work happens in a temporary git worktree started from the downstream's HEAD, so the
 * maintainer's checkout (its branch and its files) is never switched or touched. The branch is
 * created only once the commit exists, so its presence means the update is done: a second run
 * reports it (`resumed`) instead of committing again.
 */
export async function updateDownstream(options: DownstreamUpdateOptions): Promise<DownstreamUpdate> {
	const {entry, run} = options;
	const key = `downstream[${options.index ?? 0}]`;
	const folder = path.resolve(options.repoRoot, entry.path);
	if (!existsSync(folder) || !statSync(folder).isDirectory()) {
		throw new PreconditionError(`The downstream repository ${folder} does not exist (${key}.path = "${entry.path}", relative to ${options.repoRoot}).`, {
			hint: `Clone it there, or correct ${key}.path in the configuration.`,
		});
	}

	const git = async (args: readonly string[], cwd = folder, allowFailure = false) => run('git', args, {cwd, allowFailure, quiet: true});
	const top = await git(['rev-parse', '--show-toplevel'], folder, true);
	if (top.exitCode !== 0) {
		throw new PreconditionError(`The downstream folder ${folder} is not a git repository.`, {
			hint: `The update commits on a new branch, so ${key}.path must point into a git checkout.`,
		});
	}

	const root = top.stdout.trim();
	const prefix = (await git(['rev-parse', '--show-prefix'])).stdout.trim();
	const branch = downstreamBranch(options.packageName, options.version);
	const message = downstreamCommitMessage(options.packageName, options.version);
	const base = {folder, branch, changes: [], constant: undefined, hashedFiles: [], lockLog: undefined};

	const existing = await git(['log', '-50', '--format=%H%x00%s', `refs/heads/${branch}`, '--'], root, true);
	if (existing.exitCode === 0) {
		const commits = existing.stdout.split('\n').filter(Boolean).map(line => line.split('\0') as [string, string]);
		// The maintainer may have added commits on top of ours: the update commit is still the one.
		const update = commits.find(([, subject]) => subject === message);
		if (update === undefined) {
			throw new PreconditionError(`The downstream repository ${root} already has a branch ${branch} without a commit "${message}" on it.`, {
				hint: `Rename or delete that branch (git -C ${root} branch -m ${branch} ${branch}-old), then resume.`,
			});
		}

		const [commit] = update;
		return {...base, status: 'resumed', commit, diff: (await git(['diff', `${commit}~1`, commit], root)).stdout};
	}

	const dirty = await dirtyFiles(root, run);
	if (dirty.length > 0) {
		const listed = dirty.slice(0, 5).join(', ') + (dirty.length > 5 ? ` and ${dirty.length - 5} more` : '');
		throw new PreconditionError(`The downstream repository ${root} has uncommitted changes: ${listed}.`, {
			hint: `Commit or stash them in ${root}, then resume. The update starts from that repository's HEAD, so changes not committed there would be missing from it.`,
		});
	}

	const commonDirectory = path.resolve(root, (await git(['rev-parse', '--git-common-dir'], root)).stdout.trim());
	const workspace = path.join(commonDirectory, 'pypi-wizard', branch.replaceAll('/', '-'));
	const lockLog = options.lockLogFile ?? `${workspace}-lock.log`;
	await removeWorktree(root, workspace, run);
	await mkdir(path.dirname(workspace), {recursive: true});
	await git(['worktree', 'add', '--detach', workspace, 'HEAD'], root);
	try {
		const work = path.join(workspace, prefix);
		const changes: DownstreamFileChange[] = [];
		for (const file of entry.pins) {
			const text = await readConfigured(work, file, root, `${key}.pins`);
			const rewrite = rewritePins(text, pinFileKind(file), options.released);
			if (rewrite.changes.length > 0) {
				await writeFile(path.join(work, file), rewrite.text);
				changes.push(...rewrite.changes.map(change => ({...change, file})));
			}
		}

		// The pins already name this release: the update was made (by hand, or merged) before.
		if (entry.pins.length > 0 && changes.length === 0) {
			return {...base, status: 'up-to-date', commit: undefined, diff: ''};
		}

		let constant: DownstreamUpdate['constant'];
		if (entry.bump !== undefined) {
			const {file, name, part} = entry.bump;
			if (!isConstantPart(part)) {
				throw new ConfigError(`${key}.bump.part`, `expected ${constantParts.map(each => `"${each}"`).join(', ')}, got "${part}".`);
			}

			const text = await readConfigured(work, file, root, `${key}.bump.file`);
			const bump = bumpVersionConstant(text, path.join(root, prefix, file), name, part);
			await writeFile(path.join(work, file), bump.text);
			constant = {...bump, file, name};
		}

		let ranLock: string | undefined;
		if (entry.lock !== undefined) {
			await runLock(entry.lock, work, lockLog, root, run);
			ranLock = lockLog;
		}

		const hashedFiles = [...new Set(changes.filter(change => change.staleHashes).map(change => change.file))];
		await git(['add', '--all'], workspace);
		const staged = await git(['diff', '--cached', '--quiet'], workspace, true);
		if (staged.exitCode === 0) {
			return {...base, status: 'up-to-date', commit: undefined, diff: '', lockLog: ranLock};
		}

		await git(['commit', '--quiet', '-m', message, '-m', commitBody(changes, constant, entry.lock)], workspace);
		const commit = (await git(['rev-parse', 'HEAD'], workspace)).stdout.trim();
		await git(['branch', branch, commit], root);
		const diff = (await git(['diff', `${commit}~1`, commit], root)).stdout;
		return {folder, status: 'committed', branch, commit, diff, changes, constant, hashedFiles, lockLog: ranLock};
	} finally {
		await removeWorktree(root, workspace, run);
	}
}

async function readConfigured(work: string, file: string, root: string, key: string): Promise<string> {
	const full = path.join(work, file);
	if (!existsSync(full)) {
		throw new ConfigError(key, `${file} is not in the downstream repository ${root} (at its HEAD).`, {
			hint: `Correct ${key} (paths are relative to the downstream folder), or commit the file there.`,
		});
	}

	return readFile(full, 'utf8');
}

async function runLock(command: string, cwd: string, logFile: string, root: string, run: CommandRunner): Promise<void> {
	const result = await run('sh', ['-c', command], {cwd, allowFailure: true});
	await mkdir(path.dirname(logFile), {recursive: true});
	await writeFile(logFile, [`$ sh -c ${JSON.stringify(command)}  (in ${root})`, bounded(result.stdout), bounded(result.stderr), `exit code ${result.exitCode}`, ''].join('\n'));
	if (result.exitCode !== 0) {
		throw new StepFailedError('downstream', `The lock command of ${root} failed (exit code ${result.exitCode}): ${command}\n${result.tail.slice(-10).join('\n')}`, {
			hint: `Its output is in ${logFile}. Fix the command or its environment, then resume: the update starts again from the downstream's HEAD.`,
		});
	}
}

function bounded(output: string): string {
	if (output.length <= logLimitBytes) {
		return output;
	}

	return `[first ${output.length - logLimitBytes} characters left out]\n${output.slice(-logLimitBytes)}`;
}

function commitBody(changes: readonly DownstreamFileChange[], constant: DownstreamUpdate['constant'], lock: string | undefined): string {
	const files = [...new Set(changes.map(change => change.file))];
	return [
		...(files.length > 0 ? [`Pins updated in ${files.join(', ')}.`] : []),
		...(constant === undefined ? [] : [`${constant.name} in ${constant.file}: ${constant.before} -> ${constant.after}.`]),
		...(lock === undefined ? [] : [`Lock command run: ${lock}`]),
		'',
		'Made by pypi-wizard.',
	].join('\n');
}

async function removeWorktree(root: string, workspace: string, run: CommandRunner): Promise<void> {
	if (existsSync(workspace)) {
		await run('git', ['worktree', 'remove', '--force', workspace], {cwd: root, allowFailure: true, quiet: true});
		await rm(workspace, {recursive: true, force: true});
	}

	// Forgets a worktree whose folder a killed run left half made.
	await run('git', ['worktree', 'prune'], {cwd: root, allowFailure: true, quiet: true});
}

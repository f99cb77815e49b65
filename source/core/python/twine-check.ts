import path from 'node:path';
import {archiveFormat, readArchiveMember, walkArchive} from '../distribution/archive.js';
import type {CommandRunner} from '../git/runner.js';

export type TwineMessage = {readonly level: 'error' | 'warning'; readonly text: string};

/** What `twine check` said about one file. */
export type TwineFileReport = {
	/** The file's base name. */
	readonly file: string;
	readonly passed: boolean;
	readonly messages: readonly TwineMessage[];
};

// eslint-disable-next-line no-control-regex
const ansiPattern = /\u001B\[[0-9;?]*[ -/]*[@-~]/g;

/**
 * `twine check` (not `--strict`: PyPI accepts what it only warns about) on `files`, in one
 * process, one report per file. twine stops at a file it cannot read: that file gets a failed
 * report holding twine's last lines, and the files it never reached are checked again together.
 * `packageOf` names the package of a file: each line twine prints is shown beside the package of
 * the file it is about.
 */
export async function twineCheck(python: string, files: readonly string[], cwd: string, run: CommandRunner, packageOf?: (file: string) => string | undefined): Promise<TwineFileReport[]> {
	const reports: TwineFileReport[] = [];
	let remaining = files;
	while (remaining.length > 0) {
		const result = await run(python, ['-m', 'twine', 'check', ...remaining], {
			cwd,
			allowFailure: true,
			env: {COLUMNS: String(outputWidth(remaining)), NO_COLOR: '1'},
			...lineOwners(remaining, packageOf),
		});
		const output = `${result.stdout}\n${result.stderr}`;
		const found = parseTwineCheck(output);
		reports.push(...found);
		const unreported = remaining.filter(file => !found.some(report => report.file === path.basename(file)));
		if (result.exitCode === 0 || unreported.length === 0) {
			break;
		}

		const why = result.tail.filter(line => line.trim() !== '' && !line.startsWith('Checking ')).slice(-2).join('\n') || `${result.command} exited with code ${result.exitCode}`;
		const failed = (file: string): TwineFileReport => ({file: path.basename(file), passed: false, messages: [{level: 'error', text: `twine check could not check it:\n${why}`}]});
		// twine names a file before reading it: the last file named without a verdict is the one it stopped at.
		const started = [...output.replaceAll(ansiPattern, '').matchAll(/^Checking (.+?):/gm)].map(match => path.basename(match[1]!.trim()));
		const stopped = unreported.find(file => path.basename(file) === started.at(-1));
		if (stopped === undefined) {
			// It stopped before the first file (no twine, a bad argument): every file gets its message.
			reports.push(...unreported.map(file => failed(file)));
			break;
		}

		reports.push(failed(stopped));
		remaining = unreported.filter(file => file !== stopped);
	}

	return reports;
}

/**
 * The terminal width twine is told: rich wraps `Checking FILE: ` at it, and a file name cut over
 * two lines would go unreported; its log lines are padded to it, so no wider than needed.
 */
function outputWidth(files: readonly string[]): number {
	return Math.max(200, ...files.map(file => 'Checking : PASSED with warnings'.length + file.length + 10));
}

/** Which package each line of one twine run is about: the package of the file last named (`Checking FILE: ...`). */
function lineOwners(files: readonly string[], packageOf: ((file: string) => string | undefined) | undefined): {package?: string; packageOfLine?: (line: string, stream: 'stdout' | 'stderr') => string | undefined} {
	if (packageOf === undefined) {
		return {};
	}

	const owners = new Map(files.map(file => [path.basename(file), packageOf(file)]));
	const packages = new Set(owners.values());
	if (packages.size === 1) {
		return {package: [...packages][0]};
	}

	let current: string | undefined;
	return {
		packageOfLine(line, stream) {
			const named = /^Checking (.+?):/.exec(line.replaceAll(ansiPattern, ''));
			if (named !== null) {
				current = owners.get(path.basename(named[1]!.trim()));
			}

			// twine reports on stdout; stderr carries a traceback, whose file is not known until twine exits.
			return stream === 'stdout' ? current : undefined;
		},
	};
}

/** Reads twine 4's layout (`ERROR    text` / `WARNING  text`) and twine 3's (indented text, `warning:`). */
export function parseTwineCheck(output: string): TwineFileReport[] {
	const reports: Array<{file: string; passed: boolean; messages: TwineMessage[]}> = [];
	let message: {level: 'error' | 'warning'; lines: string[]} | undefined;
	const close = () => {
		if (message !== undefined) {
			reports.at(-1)?.messages.push({level: message.level, text: message.lines.join('\n').trim()});
			message = undefined;
		}
	};

	for (const raw of output.replaceAll(ansiPattern, '').split(/\r?\n/)) {
		const line = raw.trimEnd();
		const checking = /^Checking (.+): (PASSED with warnings|PASSED|FAILED)\b/i.exec(line);
		if (checking !== null) {
			close();
			reports.push({file: path.basename(checking[1]!.trim()), passed: !/FAILED/i.test(checking[2]!), messages: []});
			continue;
		}

		if (reports.length === 0 || line.trim() === '') {
			message?.lines.push('');
			continue;
		}

		const labelled = /^\s*(ERROR|WARNING|warning:)\s+(.*)$/.exec(line);
		if (labelled !== null) {
			close();
			message = {level: labelled[1] === 'ERROR' ? 'error' : 'warning', lines: [labelled[2]!]};
			continue;
		}

		if (/^\s/.test(line) && message !== undefined) {
			message.lines.push(line.trim());
		} else if (/^\s/.test(line)) {
			message = {level: reports.at(-1)!.passed ? 'warning' : 'error', lines: [line.trim()]};
		} else {
			close();
		}
	}

	close();
	return reports;
}

/** twine 4 reports an empty description as a rendering error; PyPI takes an empty one as "not provided". */
export function isEmptyDescriptionError(message: TwineMessage): boolean {
	return message.level === 'error' && message.text.includes('No content rendered from RST source');
}

/** The long description in a built file's METADATA or PKG-INFO; undefined when it has none (or is not an archive). */
export async function readLongDescription(file: string): Promise<string | undefined> {
	const format = archiveFormat(file);
	if (format === undefined) {
		return undefined;
	}

	let metadataMember: string | undefined;
	await walkArchive(file, format, entry => {
		const parts = entry.name.split('/');
		const isWheelMetadata = parts.length === 2 && parts[0]!.endsWith('.dist-info') && parts[1] === 'METADATA';
		const isSdistMetadata = parts.length === 2 && parts[1] === 'PKG-INFO';
		if (entry.isFile && (isWheelMetadata || isSdistMetadata)) {
			metadataMember = entry.name;
			return 'stop';
		}

		return undefined;
	});
	if (metadataMember === undefined) {
		return undefined;
	}

	const text = (await readArchiveMember(file, format, metadataMember))?.toString('utf8') ?? '';
	const split = text.search(/\r?\n\r?\n/);
	const headers = split === -1 ? text : text.slice(0, split);
	const body = split === -1 ? '' : text.slice(split).trim();
	const header = /^Description: ?(.*(?:\r?\n(?: {8}|\t|\|).*)*)/im.exec(headers)?.[1]?.trim();
	const description = body === '' ? (header ?? '') : body;
	return description === '' || description === 'UNKNOWN' ? undefined : description;
}

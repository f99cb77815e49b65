import {fileReuseAdvice} from './index-errors.js';

// What one `twine upload` call (one package's files) did, read from its exit code and output.
// Twine names each file as it starts it ("Uploading NAME"), says "Skipping NAME because it
// appears to already exist" under --skip-existing, retries 5xx answers itself, and ends a
// refusal with "HTTPError: 400 Bad Request from URL" and the index's reason on the next
// line(s). Since twine 4 that goes through rich: "ERROR    " in front, wrapped with a 9-space
// indent at the terminal's width (set COLUMNS wide to avoid the wrap). Twine 3 printed the same
// two lines bare; twine 1 and 2 printed requests' "400 Client Error: REASON for url: URL".

export type FileUploadState = 'uploaded' | 'already-present' | 'refused' | 'not-attempted';

export type FileUploadOutcome = {readonly filename: string; readonly state: FileUploadState};

export type UploadResult =
	| {readonly kind: 'ok'; readonly files: readonly FileUploadOutcome[]}
	/** The index refused a file (400, 409, 413, ...): not worth retrying as it is. */
	| {readonly kind: 'rejected'; readonly status: number; readonly reason: string; readonly filename: string | undefined; readonly fileReused: boolean; readonly files: readonly FileUploadOutcome[]; readonly message: string; readonly hint: string}
	/** 401/403: the token is wrong for this index or this project. */
	| {readonly kind: 'forbidden'; readonly status: number; readonly reason: string; readonly filename: string | undefined; readonly files: readonly FileUploadOutcome[]; readonly message: string; readonly hint: string}
	/** 5xx after twine's own retries, 429, or no answer at all: try again later. */
	| {readonly kind: 'retryable'; readonly status: number | undefined; readonly reason: string; readonly filename: string | undefined; readonly files: readonly FileUploadOutcome[]; readonly message: string; readonly hint: string}
	/** Twine stopped on its own (bad file, redirect, missing credentials, ...). */
	| {readonly kind: 'failed'; readonly reason: string; readonly filename: string | undefined; readonly files: readonly FileUploadOutcome[]; readonly message: string; readonly hint: string};

export type TwineRun = {
	readonly exitCode: number;
	readonly stdout: string;
	readonly stderr: string;
	/** The files given to twine, so those it never reached are reported as not attempted. */
	readonly files?: readonly string[] | undefined;
	/** The repository as the user names it (`testpypi`, a .pypirc section) and its upload URL. */
	readonly repository: {readonly name: string; readonly uploadUrl: string};
};

/** Environment for twine that keeps its output easy to read back: no colour, no wrapping (not TERM=dumb: rich then wraps at 80). */
export const twineOutputEnvironment: Readonly<Record<string, string>> = {NO_COLOR: '1', COLUMNS: '2000'};

const levelPrefix = /^(?:ERROR|WARNING|INFO|DEBUG|CRITICAL)\s+/;
const continuation = /^ {9}(?=\S)/;

/** Twine's output as logical lines: colours gone, rich's wrapped messages joined again. */
export function twineLines(text: string): string[] {
	const lines: string[] = [];
	let joinable = false;
	for (const raw of text.replaceAll(/\u001B\[[0-9;?]*[A-Za-z]/g, '').replaceAll('\r\n', '\n').split('\n')) {
		const line = raw.trimEnd();
		if (joinable && continuation.test(line) && lines.length > 0) {
			lines[lines.length - 1] = `${lines.at(-1)!}\n${line.trim()}`;
			continue;
		}

		joinable = levelPrefix.test(line);
		lines.push(line.replace(levelPrefix, ''));
	}

	return lines;
}

type Refusal = {status: number; reason: string};

/** Translates one twine run into what happened to each file, and what to do next. */
export function interpretTwineUpload(run: TwineRun): UploadResult {
	const output = `${run.stdout}\n${run.stderr}`;
	const lines = twineLines(output);
	const started: string[] = [];
	const skipped = new Set<string>();
	for (const line of lines) {
		const uploading = /^Uploading (\S+)$/.exec(line);
		// Twine names the file again on each of its own retries.
		if (uploading !== null && !started.includes(uploading[1]!)) {
			started.push(uploading[1]!);
		}

		const skipping = /^Skipping (\S+) because it appears\s+to\s+already\s+exist/.exec(line);
		if (skipping !== null) {
			skipped.add(skipping[1]!);
			if (!started.includes(skipping[1]!)) {
				started.push(skipping[1]!);
			}
		}
	}

	const refusal = findRefusal(lines);
	const succeeded = run.exitCode === 0 && refusal === undefined;
	const last = started.at(-1);
	const stoppedAt = succeeded ? undefined : last !== undefined && !skipped.has(last) ? last : undefined;
	const outcomes: FileUploadOutcome[] = started.map(filename => ({
		filename,
		state: skipped.has(filename) ? 'already-present' : filename === stoppedAt ? 'refused' : 'uploaded',
	}));
	for (const file of run.files ?? []) {
		const filename = file.split(/[\\/]/).at(-1)!;
		if (!started.includes(filename)) {
			outcomes.push({filename, state: 'not-attempted'});
		}
	}

	if (succeeded) {
		return {kind: 'ok', files: outcomes};
	}

	const {name, uploadUrl} = run.repository;
	const where = `${name === uploadUrl ? uploadUrl : `${name} (${uploadUrl})`}`;
	const what = stoppedAt === undefined ? 'the upload' : stoppedAt;
	if (refusal === undefined) {
		const unreachable = connectionFailure(output);
		if (unreachable !== undefined) {
			return {
				kind: 'retryable',
				status: undefined,
				reason: unreachable,
				filename: stoppedAt,
				files: outcomes,
				message: `${where} could not be reached while sending ${what}: ${unreachable}.`,
				hint: 'Check the network and the repository URL; the release can be resumed with the same command, and files already uploaded are not sent again.',
			};
		}

		const reason = twineError(lines) ?? `twine exited with code ${run.exitCode} without saying why.`;
		return {
			kind: 'failed',
			reason,
			filename: stoppedAt,
			files: outcomes,
			message: `twine stopped before ${where} answered${stoppedAt === undefined ? '' : ` for ${stoppedAt}`}: ${reason}`,
			hint: 'Fix what twine names above, then resume with the same command.',
		};
	}

	const {status, reason} = refusal;
	if (status === 401 || status === 403) {
		return {
			kind: 'forbidden',
			status,
			reason,
			filename: stoppedAt,
			files: outcomes,
			message: `${where} refused the token (${status}): ${reason}`,
			hint: `The token stored for ${name} is not valid for ${uploadUrl}, has expired, or is scoped to another project (a project-scoped token cannot create a new project; use an account-wide token for a first upload). Store a working one with: wizard token set ${name}`,
		};
	}

	if (status >= 500 || status === 429) {
		return {
			kind: 'retryable',
			status,
			reason,
			filename: stoppedAt,
			files: outcomes,
			message: `${where} answered ${status} (${reason}) for ${what}, after twine's own retries.`,
			hint: 'The index is having trouble; the release can be resumed with the same command, and files already uploaded are not sent again.',
		};
	}

	const fileReused = /already exists|previously used/i.test(reason);
	return {
		kind: 'rejected',
		status,
		reason,
		filename: stoppedAt,
		fileReused,
		files: outcomes,
		message: `${where} refused ${what} (${status}): ${reason}`,
		hint: fileReused ? fileReuseAdvice(stoppedAt ?? 'this file name') : rejectionHint(reason),
	};
}

function rejectionHint(reason: string): string {
	if (/older than 14 days/i.test(reason)) {
		return 'PyPI takes no new files for a release older than 14 days: release a new version instead (wizard --bump post for the same code).';
	}

	if (/too large/i.test(reason)) {
		return 'Make the file smaller (check what the build includes), or ask the index for a higher limit as the message says.';
	}

	return 'Fix what the index names (usually the package metadata in pyproject.toml), build again, and resume with the same command.';
}

/** The last HTTP refusal twine reported, in any of its formats. */
function findRefusal(lines: readonly string[]): Refusal | undefined {
	let found: Refusal | undefined;
	for (const [position, line] of lines.entries()) {
		const modern = /^HTTPError: (\d{3}) [^\n]*? from \S+(?:\n([\s\S]*))?$/.exec(line);
		if (modern !== null) {
			// Rich keeps the reason inside the same logical line; twine 3 puts it on the next one.
			const reason = (modern[2] ?? lines[position + 1] ?? '').replaceAll('\n', ' ').trim();
			found = {status: Number(modern[1]), reason: reason || 'no reason given'};
			continue;
		}

		const ancient = /^HTTPError: (\d{3}) (?:Client|Server) Error: ([\s\S]*?) for url: \S+/.exec(line);
		if (ancient !== null) {
			found = {status: Number(ancient[1]), reason: ancient[2]!.replaceAll('\n', ' ').trim()};
		}
	}

	return found;
}

/** The exception that ended twine's traceback when no answer came (refused, reset, timed out). */
function connectionFailure(output: string): string | undefined {
	const match = [...output.matchAll(/^(?:requests\.exceptions\.|urllib3\.exceptions\.)(ConnectionError|ReadTimeout|ConnectTimeout|ChunkedEncodingError|SSLError|ProtocolError|MaxRetryError): ?(.*)$/gm)].at(-1);
	if (match === undefined) {
		return undefined;
	}

	const errno = /\[Errno -?\d+\] ([^'")\]]+)/.exec(match[2] ?? '')?.[1];
	return `${match[1]}${errno === undefined ? '' : ` (${errno.trim()})`}`;
}

/** Twine's own one-line complaint ("InvalidDistribution: ...", "RedirectDetected: ..."). */
function twineError(lines: readonly string[]): string | undefined {
	return lines.findLast(line => /^[A-Z][A-Za-z]+(?:Error|Detected|Interactive|Configuration|NotFound|Distribution|Exception): /.test(line))?.replaceAll('\n', ' ');
}

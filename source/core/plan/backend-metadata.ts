import {PreconditionError, WizardError, exitCodes} from '../errors.js';
import {exec, ExecError, type ExecResult} from '../exec.js';

export type BackendMetadata = {
	readonly name: string;
	readonly version: string;
	readonly requiresDist: readonly string[];
};

// Runs PEP 517 prepare_metadata_for_build_wheel through `build`'s helper, in the current
// environment (no isolation: offline machines cannot fetch the backend). Prints one JSON line.
const script = String.raw`
import json, sys
try:
    from build.util import project_wheel_metadata
except ImportError as error:
    print(json.dumps({"error": "no-build", "detail": str(error)})); sys.exit(0)
try:
    metadata = project_wheel_metadata(sys.argv[1], isolated=False)
except BaseException as error:
    detail = str(error)
    cause = error.__cause__ or error.__context__
    if cause is not None and str(cause) not in detail:
        detail += ": " + str(cause)
    output = getattr(getattr(error, "exception", None), "output", None)
    if output:
        detail += "\n" + (output.decode("utf-8", "replace") if isinstance(output, bytes) else str(output))
    print(json.dumps({"error": type(error).__name__, "detail": detail})); sys.exit(0)
print(json.dumps({"name": metadata["Name"], "version": metadata["Version"], "requires": metadata.get_all("Requires-Dist") or []}))
`;

/** Asks the project's build backend for its metadata (name, version, Requires-Dist). */
export type BackendMetadataOptions = {
	/** The project file named in messages (`pkg/pyproject.toml`). */
	readonly displayName: string;
	readonly buildBackend: string | undefined;
	readonly buildRequires: readonly string[];
	readonly signal?: AbortSignal | undefined;
};

export async function readBackendMetadata(python: string, folder: string, options: BackendMetadataOptions): Promise<BackendMetadata> {
	const {displayName: displayPath, buildBackend, buildRequires, signal} = options;
	let result: ExecResult;
	try {
		// The script exits 0 whatever the backend does; any other exit is the interpreter's own failure.
		result = await exec(python, ['-c', script, folder], {cwd: folder, signal, env: {PYTHONDONTWRITEBYTECODE: '1'}});
	} catch (error: unknown) {
		if (error instanceof ExecError && error.childExitCode !== undefined) {
			throw new WizardError(`Reading the metadata of ${displayPath} with ${python} failed (exit code ${error.childExitCode}).`, exitCodes.stepFailed, {
				hint: error.tail.slice(-12).join('\n'),
			});
		}

		if (signal?.aborted === true) {
			throw error;
		}

		throw new PreconditionError(`Cannot run the Python interpreter "${python}" to read the metadata of ${displayPath}.`, {
			hint: 'Pass an interpreter that exists with --python PATH (or set python in [tool.pypi-wizard]).',
			cause: error,
		});
	}

	const line = result.stdout.trim().split('\n').at(-1) ?? '';
	let answer: {error?: string; detail?: string; name?: string; version?: string; requires?: string[]};
	try {
		answer = JSON.parse(line) as typeof answer;
	} catch {
		throw new WizardError(`Reading the metadata of ${displayPath} with ${python} failed.`, exitCodes.stepFailed, {hint: tail(result.stderr || result.stdout)});
	}

	if (answer.error === 'no-build') {
		throw new PreconditionError(`${python} cannot import the "build" package, which reads the metadata of ${displayPath} (setup.py or dynamic metadata).`, {
			hint: `Install it: apt-get install python3-build (Debian/Ubuntu) or ${python} -m pip install build. Or pass another interpreter with --python PATH.`,
		});
	}

	if (answer.error !== undefined) {
		throw backendError(answer.error, answer.detail ?? '', python, displayPath, buildBackend, buildRequires);
	}

	return {name: answer.name!, version: answer.version!, requiresDist: answer.requires ?? []};
}

function backendError(kind: string, detail: string, python: string, displayPath: string, buildBackend: string | undefined, buildRequires: readonly string[]): WizardError {
	const backend = buildBackend ?? 'setuptools.build_meta:__legacy__';
	if (kind === 'BackendUnavailable' || /No module named/.test(detail)) {
		const missing = /No module named '([^']+)'/.exec(detail)?.[1] ?? backend.split(/[.:]/)[0]!;
		const install = buildRequires.length > 0 ? buildRequires.map(requirement => `'${requirement}'`).join(' ') : missing;
		return new PreconditionError(`Missing dependencies: the build backend of ${displayPath} (${backend}) needs "${missing}", which ${python} cannot import.`, {
			hint: `Install the build requirements into that interpreter (${python} -m pip install ${install}, or the matching Debian packages), or pass another interpreter with --python PATH.`,
		});
	}

	return new WizardError(`The build backend of ${displayPath} (${backend}) failed to report its metadata: ${kind}.`, exitCodes.stepFailed, {
		hint: tail(detail),
	});
}

function tail(text: string): string {
	return text.trim().split('\n').slice(-12).join('\n');
}

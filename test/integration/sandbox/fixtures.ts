import {execa} from 'execa';
import {readdir} from 'node:fs/promises';
import path from 'node:path';
import {temporaryFolder, writeTree} from '../../helpers/temp.js';
import {python, requireCommand, requirePythonModules} from '../../helpers/tools.js';

// Real Python projects, real builds and real clients for the sandbox's tests.

export type Backend = 'setuptools' | 'hatchling' | 'flit' | 'poetry';

export type ProjectSpec = {
	readonly backend: Backend;
	readonly name: string;
	readonly version: string;
	readonly dependencies?: readonly string[];
	readonly requiresPython?: string;
};

const backendRequires: Record<Backend, [string, string]> = {
	setuptools: ['setuptools', 'setuptools.build_meta'],
	hatchling: ['hatchling', 'hatchling.build'],
	flit: ['flit_core >=3.2,<4', 'flit_core.buildapi'],
	poetry: ['poetry-core', 'poetry.core.masonry.api'],
};

/** Writes a minimal project for `backend` (module = the name with `-` as `_`). */
export async function writeProject(spec: ProjectSpec): Promise<string> {
	const module = spec.name.replaceAll('-', '_');
	const [requires, backend] = backendRequires[spec.backend];
	const dependencies = (spec.dependencies ?? []).map(dependency => JSON.stringify(dependency)).join(', ');
	const pyproject =
		spec.backend === 'poetry'
			? `[tool.poetry]\nname = "${spec.name}"\nversion = "${spec.version}"\ndescription = "A poetry fixture."\nauthors = ["Fixture <fixture@example.com>"]\n\n[tool.poetry.dependencies]\npython = ">=3.8"\n\n[build-system]\nrequires = ["${requires}"]\nbuild-backend = "${backend}"\n`
			: `[build-system]\nrequires = ["${requires}"]\nbuild-backend = "${backend}"\n\n[project]\nname = "${spec.name}"\nversion = "${spec.version}"\ndescription = "A ${spec.backend} fixture."\nrequires-python = "${spec.requiresPython ?? '>=3.8'}"\ndependencies = [${dependencies}]\n`;
	const layout = spec.backend === 'setuptools' ? `src/${module}/__init__.py` : `${module}/__init__.py`;
	return writeTree(await temporaryFolder('sandbox-project-'), {
		'pyproject.toml': pyproject,
		[layout]: `"""The ${spec.name} fixture."""\nVALUE = ${JSON.stringify(spec.version)}\n`,
		'README.md': `# ${spec.name}\n`,
	});
}

/** `python -m build --no-isolation` (offline); returns the built files' paths. */
export async function buildProject(folder: string, backend: Backend): Promise<string[]> {
	requirePythonModules(['build'], 'python3-build');
	const out = path.join(folder, 'dist');
	// Debian's hatchling declares a dependency that its own metadata does not satisfy.
	const extra = backend === 'hatchling' ? ['--skip-dependency-check'] : [];
	await execa(python, ['-m', 'build', '--no-isolation', ...extra, '--outdir', out, folder], {env: {PIP_NO_INDEX: '1'}});
	return (await readdir(out)).sort().map(file => path.join(out, file));
}

export async function buildFixture(spec: ProjectSpec): Promise<string[]> {
	return buildProject(await writeProject(spec), spec.backend);
}

export const uploadToken = 'pypi-sandbox-test-upload-token';

export function cleanEnv(extra: Record<string, string> = {}): Record<string, string> {
	return {
		PIP_DISABLE_PIP_VERSION_CHECK: '1',
		PIP_NO_INPUT: '1',
		PYTHONDONTWRITEBYTECODE: '1',
		TWINE_NON_INTERACTIVE: '1',
		...extra,
	};
}

export type RunResult = {readonly exitCode: number; readonly stdout: string; readonly stderr: string; readonly all: string};

async function run(command: string, args: readonly string[], env: Record<string, string>): Promise<RunResult> {
	const result = await execa(command, args, {reject: false, env, all: true});
	return {exitCode: result.exitCode ?? -1, stdout: String(result.stdout), stderr: String(result.stderr), all: String(result.all)};
}

/** `twine upload` with the token in the environment, never on the command line. */
export async function twineUpload(uploadUrl: string, files: readonly string[], options: {token?: string; args?: readonly string[]} = {}): Promise<RunResult> {
	requirePythonModules(['twine'], 'twine');
	return run(
		python,
		['-m', 'twine', 'upload', '--disable-progress-bar', '--repository-url', uploadUrl, ...(options.args ?? []), ...files],
		cleanEnv({TWINE_USERNAME: '__token__', TWINE_PASSWORD: options.token ?? uploadToken, NO_COLOR: '1', COLUMNS: '400'}),
	);
}

/** A fresh virtual environment; returns its python. */
export async function createVenv(): Promise<string> {
	requirePythonModules(['venv', 'ensurepip'], 'python3-venv');
	const folder = path.join(await temporaryFolder('sandbox-venv-'), 'venv');
	await execa(python, ['-m', 'venv', folder]);
	return path.join(folder, 'bin', 'python');
}

/** pip from a venv, reaching only the sandbox (no cache, no version check). */
export async function pip(venvPython: string, args: readonly string[]): Promise<RunResult> {
	return run(venvPython, ['-m', 'pip', '--no-cache-dir', ...args], cleanEnv());
}

export function requireClients(): void {
	requirePythonModules(['build', 'twine', 'venv'], 'python3-build twine python3-venv');
	requireCommand('flit', 'flit');
	requireCommand('poetry', 'python3-poetry');
}

/**
 * Writes an archive with Python's own zipfile / tarfile: members maps path to text.
 * `kind` zip for wheels (and .zip sdists), tar.gz for sdists.
 */
export async function writeArchive(file: string, kind: 'zip' | 'tar.gz', members: Readonly<Record<string, string>>): Promise<string> {
	const script = `
import io, json, sys, tarfile, zipfile
path, kind, members = sys.argv[1], sys.argv[2], json.loads(sys.stdin.read())
if kind == "zip":
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in members.items():
            archive.writestr(name, text)
else:
    with tarfile.open(path, "w:gz", format=tarfile.PAX_FORMAT) as archive:
        for name, text in members.items():
            data = text.encode()
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
`;
	await execa(python, ['-c', script, file, kind], {input: JSON.stringify(members)});
	return file;
}

export function wheelMembers(distInfo: string, metadata = 'Metadata-Version: 2.1\nName: x\nVersion: 1.0\n'): Record<string, string> {
	return {
		'x/__init__.py': '',
		[`${distInfo}/METADATA`]: metadata,
		[`${distInfo}/WHEEL`]: 'Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\nTag: py3-none-any\n',
		[`${distInfo}/RECORD`]: '',
	};
}

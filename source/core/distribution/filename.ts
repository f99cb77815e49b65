import {normalizeName} from '../names.js';
import {canonicalVersion, normalizeVersion} from '../version/pep440.js';

// File names checked as PyPI's upload endpoint (warehouse) checks them, with its exact messages:
// a release can then refuse locally what PyPI would refuse after the first upload.

export type WheelTag = {readonly python: string; readonly abi: string; readonly platform: string};

export type DistributionFilename =
	| {readonly ok: true; readonly kind: 'sdist'; readonly name: string; readonly version: string}
	| {
			readonly ok: true;
			readonly kind: 'wheel';
			readonly name: string;
			readonly version: string;
			readonly build: string | undefined;
			readonly tags: readonly WheelTag[];
	  };

export type FilenameProblem = {readonly ok: false; readonly message: string};

export type DistributionFilenameInput = {
	readonly filename: string;
	/** The project's name as the index knows it (its display name is quoted in messages). */
	readonly projectName: string;
	/** The version being released, as given (normalised here). */
	readonly version: string;
};

const pep527 = 'https://www.python.org/dev/peps/pep-0527';

/** FL1 and FL2: characters PyPI never accepts in a file name. */
export function checkFilenameCharacters(filename: string): FilenameProblem | undefined {
	// eslint-disable-next-line no-control-regex
	if (/[\u0000-\u001F\u007F]/.test(filename)) {
		return {ok: false, message: 'Cannot upload a file with non-printable characters (ordinals 0-31) or the DEL character (ordinal 127) in the name.'};
	}

	if (filename.includes('/') || filename.includes('\\')) {
		return {ok: false, message: "Cannot upload a file with '/' or '\\' in the name."};
	}

	return undefined;
}

export type Filetype = 'sdist' | 'bdist_wheel';

/** FL3 and FL4: the extension must be one PyPI takes, and fit the declared file type. */
export function checkExtension(filename: string, filetype: Filetype): FilenameProblem | undefined {
	const extension = ['.tar.gz', '.zip', '.whl'].find(candidate => filename.endsWith(candidate));
	if (extension === undefined) {
		return {
			ok: false,
			message: `Invalid file extension: Use .tar.gz, .whl or .zip extension. See ${pep527} and https://peps.python.org/pep-0715/ for more information`,
		};
	}

	const fits = filetype === 'sdist' ? extension !== '.whl' : extension === '.whl';
	return fits ? undefined : {ok: false, message: `Invalid file extension: Extension ${extension} is invalid for filetype ${filetype}. See ${pep527} for more information.`};
}

/**
 * Checks a distribution file name against the project and version it is released as: PEP 427
 * wheel names (parse, platform tags, normalised name, project, version) and PEP 625 sdist names
 * (`finstack-core-0.3.0.tar.gz` must be `finstack_core-0.3.0.tar.gz`).
 */
export function checkDistributionFilename(input: DistributionFilenameInput): DistributionFilename | FilenameProblem {
	const {filename} = input;
	const version = normalizeVersion(input.version);
	if (version === undefined) {
		return {ok: false, message: `'${input.version}' is invalid for 'version'.`};
	}

	const problem = checkFilenameCharacters(filename) ?? checkExtension(filename, filename.endsWith('.whl') ? 'bdist_wheel' : 'sdist');
	if (problem !== undefined) {
		return problem;
	}

	return filename.endsWith('.whl') ? checkWheel(filename, input.projectName, version) : checkSdist(filename, input.projectName, version);
}

function filenamePrefix(projectName: string): string {
	return normalizeName(projectName).replaceAll('-', '_');
}

function startWith(projectName: string): FilenameProblem {
	return {ok: false, message: `Start filename for '${projectName}' with '${filenamePrefix(projectName)}'.`};
}

function checkSdist(filename: string, projectName: string, version: string): DistributionFilename | FilenameProblem {
	const stem = filename.endsWith('.tar.gz') ? filename.slice(0, -'.tar.gz'.length) : filename.slice(0, -'.zip'.length);
	const dash = stem.lastIndexOf('-');
	if (dash === -1 || normalizeVersion(stem.slice(dash + 1)) === undefined) {
		return {ok: false, message: `Invalid source distribution filename: ${filename}`};
	}

	// The version may itself hold a dash (`1.0-9` is `1.0.post9`), so the name is any prefix
	// followed by `-<digit>` that names the project.
	const project = normalizeName(projectName);
	const namesProject = [...stem.matchAll(/-(?=\d)/g)].some(match => normalizeName(stem.slice(0, match.index)) === project);
	if (!namesProject) {
		return startWith(projectName);
	}

	const expected = `${filenamePrefix(projectName)}-${version}.tar.gz`;
	if (filename !== expected) {
		return {ok: false, message: `Filename '${filename}' is invalid, should be '${expected}'.`};
	}

	return {ok: true, kind: 'sdist', name: stem.slice(0, dash), version};
}

/** `packaging.utils.parse_wheel_filename`, with its messages. */
export function parseWheelFilename(filename: string): DistributionFilename | FilenameProblem {
	const stem = filename.slice(0, -'.whl'.length);
	const quoted = pythonRepr(stem);
	const dashes = stem.split('-').length - 1;
	if (dashes !== 4 && dashes !== 5) {
		return {ok: false, message: `Invalid wheel filename (wrong number of parts): ${quoted}`};
	}

	const parts = stem.split('-');
	const namePart = parts[0]!;
	if (namePart.includes('__') || !/^[\p{L}\p{N}_.]*$/u.test(namePart)) {
		return {ok: false, message: `Invalid project name: ${quoted}`};
	}

	const version = normalizeVersion(parts[1]!);
	if (version === undefined || /\s/.test(parts[1]!)) {
		return {ok: false, message: `Invalid wheel filename (invalid version): ${quoted}`};
	}

	let build: string | undefined;
	if (dashes === 5) {
		build = parts[2]!;
		if (!/^\d/.test(build)) {
			return {ok: false, message: `Invalid build number: ${build} in ${quoted}`};
		}
	}

	const [pythons, abis, platforms] = parts.slice(-3).map(part => part.split('.')) as [string[], string[], string[]];
	const tags = pythons.flatMap(python => abis.flatMap(abi => platforms.map(platform => ({python, abi, platform}))));
	return {ok: true, kind: 'wheel', name: namePart, version, build, tags};
}

function checkWheel(filename: string, projectName: string, version: string): DistributionFilename | FilenameProblem {
	const parsed = parseWheelFilename(filename);
	if (!parsed.ok || parsed.kind !== 'wheel') {
		return parsed;
	}

	for (const {platform} of parsed.tags) {
		if (!isAllowedPlatformTag(platform)) {
			return {ok: false, message: `Binary wheel '${filename}' has an unsupported platform tag '${platform}'.`};
		}
	}

	const normalized = normalizeName(parsed.name).replaceAll('-', '_');
	if (parsed.name !== normalized) {
		return {ok: false, message: `Filename '${filename}' should contain the normalized project name '${normalized}', not '${parsed.name}'.`};
	}

	if (normalized !== filenamePrefix(projectName)) {
		return startWith(projectName);
	}

	if (canonicalVersion(parsed.version) !== canonicalVersion(version)) {
		return {ok: false, message: `Version in filename should be '${version}' not '${parsed.version}'.`};
	}

	return parsed;
}

const fixedPlatforms = new Set([
	'any',
	'win32',
	'win_arm64',
	'win_amd64',
	'win_ia64',
	'manylinux1_x86_64',
	'manylinux1_i686',
	'manylinux2010_x86_64',
	'manylinux2010_i686',
	...['x86_64', 'i686', 'aarch64', 'armv7l', 'ppc64', 'ppc64le', 's390x'].map(arch => `manylinux2014_${arch}`),
	'linux_armv6l',
	'linux_armv7l',
]);

const platformPatterns = [
	/^manylinux_\d+_\d+_(?:x86_64|i686|aarch64|armv7l|ppc64le|s390x|riscv64|ppc64)$/,
	/^musllinux_\d+_\d+_(?:x86_64|i686|aarch64|armv7l|ppc64le|s390x|riscv64)$/,
	/^macosx_(?:10_\d+|1[1-5]_0|26_0)_(?:ppc|ppc64|i386|x86_64|arm64|intel|fat|fat3|fat64|universal|universal2)$/,
	/^ios_\d+_\d+_(?:arm64|x86_64)_(?:iphoneos|iphonesimulator)$/,
	/^android_\d+_(?:armeabi_v7a|arm64_v8a|x86|x86_64)$/,
	/^pyemscripten_\d{4}_\d+_wasm32$/,
];

/** PyPI's allow-list of wheel platform tags: `linux_x86_64` and unknown tags are refused. */
export function isAllowedPlatformTag(platform: string): boolean {
	return fixedPlatforms.has(platform) || platformPatterns.some(pattern => pattern.test(platform));
}

/** Python's `repr()` of a plain string, as packaging's messages quote file names. */
function pythonRepr(text: string): string {
	return text.includes("'") && !text.includes('"') ? `"${text}"` : `'${text.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
}

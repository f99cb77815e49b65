import {existsSync, readFileSync} from 'node:fs';
import path from 'node:path';
import type {Finding} from '../../inspect/finding.js';
import {isEmptyDescriptionError, readLongDescription, twineCheck, type TwineFileReport, type TwineMessage} from '../../python/twine-check.js';
import {runBatches} from '../batch-runner.js';
import type {ReleaseContext} from '../context.js';
import type {Step, StepIo} from '../engine.js';
import type {PackageRecord} from '../types.js';
import {blockingFindingsError} from './inspect.js';

type PackageVerdict = {readonly findings: readonly Finding[]; readonly warnings: readonly string[]; readonly error?: unknown};

/** The file arguments one `twine check` gets at most, in characters: Windows' command line holds 32,767. */
const argumentsPerCommand = 24_000;

/**
 * `twine check` on every file of every package, in one twine process (a Python start-up costs
 * more than checking a file), its lines shown beside the package of the file they are about.
 * What PyPI would refuse becomes a finding, reported together with the inspection's (which stops
 * the release); what PyPI accepts becomes a warning.
 */
export const checkStep: Step<ReleaseContext> = {
	id: 'check',
	title: 'twine check',
	resumeFrom: 'build',
	skip(context) {
		if (context.options.dryRun) {
			return `[dry run] not run: ${context.options.python} -m twine check (every built file at once)`;
		}

		return context.record().steps['build']?.status === 'skipped' ? 'nothing was built (the build step was skipped)' : undefined;
	},
	async run(context, io) {
		const packages = Object.values(context.record().packages).filter(release => release.files.length > 0);
		// Every package is checked before anything is reported: no output after the failure.
		const verdicts = new Map<string, PackageVerdict>();
		await runBatches([commandGroups(packages)], {jobs: context.options.jobs, signal: io.signal}, async group => {
			let reports: TwineFileReport[];
			try {
				reports = await checkFiles(context, io, group);
			} catch (error: unknown) {
				for (const release of group) {
					verdicts.set(release.normalizedName, {findings: [], warnings: [], error});
				}

				return;
			}

			for (const release of group) {
				try {
					const own = reports.filter(report => release.files.some(file => file.name === report.file));
					verdicts.set(release.normalizedName, await packageVerdict(context, release, own));
				} catch (error: unknown) {
					verdicts.set(release.normalizedName, {findings: [], warnings: [], error});
				}
			}
		});
		const inOrder = packages.map(release => verdicts.get(release.normalizedName)!);
		const failed = inOrder.find(verdict => verdict.error !== undefined);
		if (failed !== undefined) {
			throw failed.error;
		}

		for (const warning of inOrder.flatMap(verdict => verdict.warnings)) {
			io.warn(warning);
		}

		const findings = inOrder.flatMap(verdict => verdict.findings);
		io.dispatch({type: 'findings-reported', findings});
		const files = packages.reduce((sum, release) => sum + release.files.length, 0);
		if (findings.length === 0) {
			return `${files} file(s) passed`;
		}

		const record = context.record();
		if (context.options.skip.includes('inspect') || record.steps['inspect']?.status === 'skipped') {
			throw blockingFindingsError('check', findings, record);
		}

		return `${files} file(s) checked: ${findings.length} problem(s) PyPI would refuse, reported with the inspection`;
	},
};

/** Packages in order, cut where their files would no longer fit on one command line: one group for most releases. */
function commandGroups(packages: readonly PackageRecord[]): PackageRecord[][] {
	const groups: PackageRecord[][] = [];
	let length = 0;
	for (const release of packages) {
		const size = release.files.reduce((sum, file) => sum + file.path.length + 3, 0);
		if (groups.length === 0 || (length > 0 && length + size > argumentsPerCommand)) {
			groups.push([]);
			length = 0;
		}

		groups.at(-1)!.push(release);
		length += size;
	}

	return groups;
}

/** One `twine check` of every file of `group`. */
async function checkFiles(context: ReleaseContext, io: StepIo, group: readonly PackageRecord[]): Promise<TwineFileReport[]> {
	const owners = new Map(group.flatMap(release => release.files.map(file => [file.path, release.normalizedName] as const)));
	return twineCheck(context.options.python, [...owners.keys()], context.root, io.exec.bind(io), file => owners.get(file));
}

async function packageVerdict(context: ReleaseContext, release: PackageRecord, reports: readonly TwineFileReport[]): Promise<PackageVerdict> {
	const folder = path.join(context.root, release.path);
	const findings: Finding[] = [];
	const warnings = new Set<string>();
	for (const report of reports) {
		const built = release.files.find(file => file.name === report.file);
		for (const message of report.messages) {
			if (message.level === 'warning') {
				warnings.add(warningText(release, folder, message));
			} else if (isEmptyDescriptionError(message) && built !== undefined && (await readLongDescription(built.path)) === undefined) {
				warnings.add(missingDescriptionWarning(release, folder));
			} else {
				const fix = message.text.startsWith('twine check could not check it')
					? `Run ${context.options.python} -m twine check on ${report.file} to see why (an archive the build left damaged, or a twine too old for its metadata), fix it, then resume with the command below.`
					: renderFix(release, folder);
				findings.push({kind: 'metadata', archive: report.file, message: `twine check: ${message.text.replaceAll(/\n{2,}/g, '\n')}`, fix});
			}
		}
	}

	// Without a description, its content type is beside the point.
	if (warnings.has(missingDescriptionWarning(release, folder))) {
		warnings.delete(warningText(release, folder, {level: 'warning', text: '`long_description_content_type` missing'}));
	}

	return {findings, warnings: [...warnings]};
}

function warningText(release: PackageRecord, folder: string, message: TwineMessage): string {
	if (message.text.includes('`long_description_content_type` missing')) {
		return `${release.name}: no long_description_content_type, so PyPI renders the description as reStructuredText. ${contentTypeFix(release, folder)}`;
	}

	if (message.text.includes('`long_description` missing')) {
		return missingDescriptionWarning(release, folder);
	}

	return `${release.name}: twine check: ${message.text.replaceAll('\n', ' ')}`;
}

function missingDescriptionWarning(release: PackageRecord, folder: string): string {
	return `${release.name}: no long description, so its PyPI page will be empty. ${descriptionFix(release, folder)}`;
}

type Layout = {readonly file: string; readonly kind: 'project' | 'poetry' | 'setup.cfg' | 'setup.py'};

/** Where the package declares its metadata, so a fix names the right file and syntax. */
function metadataLayout(release: PackageRecord, folder: string): Layout {
	const read = (name: string) => (existsSync(path.join(folder, name)) ? readFileSync(path.join(folder, name), 'utf8') : '');
	const where = (name: string) => path.posix.join(release.path, name);
	const pyproject = read('pyproject.toml');
	if (/^\[project\]/m.test(pyproject)) {
		return {file: where('pyproject.toml'), kind: 'project'};
	}

	if (/^\[tool\.poetry\]/m.test(pyproject)) {
		return {file: where('pyproject.toml'), kind: 'poetry'};
	}

	return /^\[metadata\]/m.test(read('setup.cfg')) ? {file: where('setup.cfg'), kind: 'setup.cfg'} : {file: where('setup.py'), kind: 'setup.py'};
}

function descriptionFix(release: PackageRecord, folder: string): string {
	const layout = metadataLayout(release, folder);
	switch (layout.kind) {
		case 'project': {
			return `Add readme = "README.md" to [project] in ${layout.file}.`;
		}

		case 'poetry': {
			return `Add readme = "README.md" to [tool.poetry] in ${layout.file}.`;
		}

		case 'setup.cfg': {
			return `Add long_description = file: README.md and long_description_content_type = text/markdown to [metadata] in ${layout.file}.`;
		}

		case 'setup.py': {
			return `Pass long_description=open("README.md").read() and long_description_content_type="text/markdown" to setup() in ${layout.file}.`;
		}
	}
}

function contentTypeFix(release: PackageRecord, folder: string): string {
	const layout = metadataLayout(release, folder);
	switch (layout.kind) {
		case 'project': {
			return `Use readme = "README.md" in [project] in ${layout.file} (the extension sets the content type), or readme = {file = "README.md", content-type = "text/markdown"}.`;
		}

		case 'poetry': {
			return `Use readme = "README.md" in [tool.poetry] in ${layout.file} (the extension sets the content type).`;
		}

		case 'setup.cfg': {
			return `Add long_description_content_type = text/markdown (or text/x-rst, text/plain) to [metadata] in ${layout.file}.`;
		}

		case 'setup.py': {
			return `Pass long_description_content_type="text/markdown" (or "text/x-rst", "text/plain") to setup() in ${layout.file}.`;
		}
	}
}

function renderFix(release: PackageRecord, folder: string): string {
	return (
		`PyPI refuses an upload whose description does not render. Fix the markup twine names, or declare the format it is written in. ${contentTypeFix(release, folder)} ` +
		'Commit, then resume with the command below: the release rebuilds.'
	);
}

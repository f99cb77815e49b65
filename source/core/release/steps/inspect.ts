import {StepFailedError} from '../../errors.js';
import type {Finding} from '../../inspect/finding.js';
import {inspectArchive} from '../../inspect/inspect-archive.js';
import type {ReleaseContext} from '../context.js';
import type {Step, StepIo} from '../engine.js';
import type {Question} from '../questions.js';
import type {ReleaseRecord, StepId} from '../types.js';

/**
 * Lists every archive and stops on what PyPI would refuse or what should not ship: file names,
 * unwanted files, secret-looking text, and the problems `twine check` found before it, all at
 * once. `--allow-file GLOB` accepts a flagged member knowingly.
 */
export const inspectStep: Step<ReleaseContext> = {
	id: 'inspect',
	title: 'Inspect the archives',
	resumeFrom: 'build',
	skip(context) {
		if (context.options.dryRun) {
			return '[dry run] nothing built to inspect';
		}

		return context.record().steps['build']?.status === 'skipped' ? 'nothing was built (the build step was skipped)' : undefined;
	},
	async run(context, io) {
		const start = context.record();
		// The check of this build left its findings in the record; a skipped check left none that count.
		const findings: Finding[] = start.steps['check']?.status === 'done' ? start.findings.filter(finding => finding.kind === 'metadata') : [];
		let archives = 0;
		for (const release of Object.values(start.packages)) {
			for (const file of release.files) {
				const inspection = await inspectArchive({file: file.path, projectName: release.name, version: release.version, allowFiles: context.options.allowFiles});
				archives++;
				await io.log(`${inspection.archive}: ${inspection.members.length} file(s)`, release.normalizedName);
				for (const member of inspection.members) {
					await io.log(`  ${member}`, release.normalizedName);
				}

				for (const note of inspection.notScanned) {
					await io.log(`  not scanned: ${note}`, release.normalizedName);
				}

				for (const allowed of inspection.allowed) {
					io.warn(`${allowed.archive}: accepted with --allow-file: ${allowed.message}`);
				}

				findings.push(...inspection.findings);
			}
		}

		const blocking = await unaccepted(findings, io);
		io.dispatch({type: 'findings-reported', findings: blocking});
		if (blocking.length > 0) {
			throw blockingFindingsError('inspect', blocking, context.record());
		}

		return `${archives} archive(s) clean`;
	},
};

/** One failure for every finding of every package, grouped by package, with each fix once. */
export function blockingFindingsError(step: StepId, findings: readonly Finding[], record: ReleaseRecord): StepFailedError {
	const releases = record.batches.flat().flatMap(name => record.packages[name] ?? []);
	const packageOf = (finding: Finding) => releases.find(release => release.files.some(file => file.name === finding.archive))?.name ?? finding.archive;
	const byPackage = new Map<string, Finding[]>();
	for (const finding of findings) {
		const name = packageOf(finding);
		byPackage.set(name, [...(byPackage.get(name) ?? []), finding]);
	}

	// In release order, whichever step found what.
	const order = (name: string) => releases.findIndex(release => release.name === name) >>> 0;
	const names = [...byPackage.keys()].sort((left, right) => order(left) - order(right));
	const lines = names.flatMap(name => [`  ${name}:`, ...byPackage.get(name)!.map(finding => `    ${finding.archive}: ${finding.message.replaceAll('\n', '\n      ')}`)]);
	const fixes = [...new Set(findings.map(finding => finding.fix))];
	return new StepFailedError(
		step,
		`${findings.length} problem(s) would block the upload, in ${names.length} package(s): ${names.join(', ')}\n${lines.join('\n')}`,
		{hint: fixes.join('\n')},
	);
}

/** Findings a person may accept knowingly (what --allow-file accepts); the others PyPI would refuse anyway. */
const acceptable = new Set<Finding['kind']>(['unwanted-file', 'secret']);

/**
 * Asks, archive by archive, whether to ship what the inspection flagged in it; returns what still
 * blocks. `--ci` never accepts: it stops, and `--allow-file` is its way to accept a member.
 */
async function unaccepted(findings: readonly Finding[], io: StepIo): Promise<Finding[]> {
	const archives = [...new Set(findings.filter(finding => acceptable.has(finding.kind)).map(finding => finding.archive))];
	const accepted = new Set<string>();
	for (const [index, archive] of archives.entries()) {
		const flagged = findings.filter(finding => finding.archive === archive && acceptable.has(finding.kind));
		if (findings.some(finding => finding.archive === archive && !acceptable.has(finding.kind))) {
			continue;
		}

		const answer = await io.ask(acceptQuestion(index, archive, flagged));
		if (answer !== 'accept') {
			break;
		}

		accepted.add(archive);
		for (const finding of flagged) {
			io.warn(`${archive}: accepted by you: ${finding.member === undefined ? '' : `${finding.member}: `}${finding.message}`);
		}
	}

	return findings.filter(finding => !accepted.has(finding.archive));
}

function acceptQuestion(index: number, archive: string, flagged: readonly Finding[]): Question {
	return {
		kind: 'choice',
		id: `accept-finding-${index + 1}`,
		message: `${archive}: the inspection flagged ${flagged.length === 1 ? 'one file' : `${flagged.length} files`}. Ship it anyway?`,
		detail: flagged.flatMap(finding => [`${finding.member ?? archive}${finding.line === undefined ? '' : `:${finding.line}`}: ${finding.message}`, `  fix: ${finding.fix}`]),
		choices: [
			{value: 'stop', label: 'Stop the release to fix it', hint: 'nothing is uploaded; fix the sources, then run the wizard again'},
			{value: 'accept', label: 'Ship this file as it is', hint: 'recorded as a warning in the summary'},
		],
		default: 'stop',
		ci: {answer: 'stop', because: 'wizard --ci accepts a flagged file only with --allow-file GLOB'},
	};
}

import {Box, Text} from 'ink';
import stringWidth from 'string-width';
import type {ReleaseSummary, SummaryIndex, SummaryPackage} from '../../../core/release/summary.js';
import type {ReleaseRecord} from '../../../core/release/types.js';
import {formatDuration} from '../../plain/format.js';
import {Link} from '../components/link.js';
import {Paragraph} from '../components/paragraph.js';
import {Section} from '../components/section.js';
import {ShellCommand} from '../components/shell-command.js';
import {truncateMiddle} from '../components/truncate.js';
import {colors, stepMark, symbols, type Tone} from '../theme.js';

/** Packages whose pages are listed; `wizard status` lists them all. */
export const summaryPackageLimit = 8;
const tailLines = 5;
const warningLimit = 5;

export type SummaryOutcome = 'ready' | 'failed' | 'interrupted';

/**
 * The end of a release: how it ended, the project page of every package on each index, the tag,
 * what was skipped and why, the time per step and the record's path. A failed or interrupted
 * release says what failed and the exact command that resumes it.
 */
export function SummaryScreen({
	summary,
	outcome,
	failure,
	recordFile,
	resumeCommand,
	columns,
}: {
	readonly summary: ReleaseSummary;
	readonly outcome: SummaryOutcome;
	readonly failure?: ReleaseRecord['failure'];
	readonly recordFile: string;
	readonly resumeCommand: string;
	readonly columns: number;
}) {
	const published = summary.packages.some(release => release.indexes.length > 0);
	return (
		<Box flexDirection="column" width={columns}>
			<Text bold>Summary</Text>
			<Outcome summary={summary} outcome={outcome} failure={failure} resumeCommand={resumeCommand} columns={columns} />
			{published && !summary.dryRun ? (
				<Section title={outcome === 'ready' ? 'Project pages' : 'Where the files are'}>
					<Pages packages={summary.packages} columns={columns} />
				</Section>
			) : (
				<Section title="Packages">
					{summary.packages.slice(0, summaryPackageLimit).map(release => (
						<Text key={release.name} wrap="truncate-end">
							{'  '}
							{versionLine(release)}
						</Text>
					))}
					<More hidden={summary.packages.length - summaryPackageLimit} what="package" />
				</Section>
			)}
			<Finish summary={summary} columns={columns} />
			{summary.skipped.length > 0 ? (
				<Section title="Skipped">
					{summary.skipped.map(skip => (
						<Paragraph key={skip.step} mark={{symbol: symbols.skipped, tone: 'warning'}} text={`${skip.title}: ${skip.reason}`} width={columns} indent={2} />
					))}
				</Section>
			) : null}
			<Times summary={summary} columns={columns} />
			{summary.warnings.length > 0 ? (
				<Section title="Warnings">
					{summary.warnings.slice(0, warningLimit).map(warning => (
						<Paragraph key={warning} mark={{symbol: symbols.warning, tone: 'warning'}} text={warning} width={columns} indent={2} />
					))}
					<More hidden={summary.warnings.length - warningLimit} what="warning" />
				</Section>
			) : null}
			<Box marginTop={1}>
				<Text wrap="truncate-end">
					Record: <Text dimColor>{truncateMiddle(recordFile, columns - 8)}</Text>
				</Text>
			</Box>
			<Text dimColor>wizard status shows it in full.</Text>
		</Box>
	);
}

function Outcome({
	summary,
	outcome,
	failure,
	resumeCommand,
	columns,
}: {
	readonly summary: ReleaseSummary;
	readonly outcome: SummaryOutcome;
	readonly failure: ReleaseRecord['failure'];
	readonly resumeCommand: string;
	readonly columns: number;
}) {
	if (outcome === 'failed' || outcome === 'interrupted') {
		const title = failure === undefined ? undefined : (summary.steps.find(step => step.id === failure.step)?.title ?? failure.step);
		return (
			<Box flexDirection="column">
				{outcome === 'failed' ? (
					<Paragraph
						mark={{symbol: symbols.failed, tone: 'failure'}}
						text={`The release of ${summary.target} stopped${title === undefined ? '' : ` at ${title}`}${failure === undefined ? '.' : `: ${failure.message}`}`}
						width={columns}
					/>
				) : (
					<Paragraph mark={{symbol: symbols.warning, tone: 'warning'}} text={`The release of ${summary.target} was interrupted. Everything finished so far is saved.`} width={columns} />
				)}
				{failure?.hint === undefined ? null : <Paragraph text={failure.hint} width={columns} indent={2} />}
				{failure?.log === undefined ? null : <Text dimColor>  log: {truncateMiddle(failure.log, columns - 7)}</Text>}
				{(failure?.tail ?? []).slice(-tailLines).map((line, index) => (
					// eslint-disable-next-line react/no-array-index-key
					<Text key={index} dimColor wrap="truncate-end">
						{'  │ '}
						{line}
					</Text>
				))}
				<Box flexDirection="column" marginTop={1}>
					<Paragraph text={`${outcome === 'failed' ? 'Fix the cause, then resume' : 'Resume'} with this command (finished steps and uploaded files are not repeated), or run wizard again in this repository:`} width={columns} />
					<ShellCommand command={resumeCommand} width={columns} />
				</Box>
			</Box>
		);
	}

	const count = packages(summary.packages.length);
	const display = (role: 'test' | 'production') => summary.packages.flatMap(release => release.indexes).find(index => index.role === role)?.display;
	const production = display('production');
	const test = display('test');
	const text = summary.dryRun
		? `Dry run of ${summary.target} finished: ${count} would be released. Nothing was written or uploaded.`
		: production !== undefined
			? `Released ${summary.target}: ${count} on ${production}. The pages below are public now.`
			: test !== undefined
				? `Rehearsed ${summary.target}: ${count} on ${test}. Production was not part of this run.`
				: `Built and inspected ${summary.target}: ${count}. Nothing was uploaded: no index was given for this run.`;
	const first = summary.packages[0];
	const onPypi = summary.packages.some(release => release.indexes.some(index => index.role === 'production' && index.projectPage?.startsWith('https://pypi.org/')));
	return (
		<Box flexDirection="column">
			<Paragraph mark={{symbol: symbols.done, tone: 'success'}} text={text} width={columns} />
			{onPypi && first !== undefined && !summary.dryRun ? <Paragraph text={`Anyone can install it now: pip install ${first.name}==${first.version}`} width={columns} indent={2} /> : null}
		</Box>
	);
}

/** Each package's version, then per index its state and its page, the URL whole (a person copies it). */
function Pages({packages: releases, columns}: {readonly packages: readonly SummaryPackage[]; readonly columns: number}) {
	return (
		<>
			{releases.slice(0, summaryPackageLimit).map(release => (
				<Box key={release.name} flexDirection="column">
					<Text wrap="truncate-end">
						{'  '}
						{versionLine(release)}
					</Text>
					{release.indexes.map(index => (
						<IndexPage key={index.role} release={release} index={index} columns={columns} />
					))}
				</Box>
			))}
			<More hidden={releases.length - summaryPackageLimit} what="package" />
		</>
	);
}

function IndexPage({release, index, columns}: {readonly release: SummaryPackage; readonly index: SummaryIndex; readonly columns: number}) {
	const state = indexState(release, index);
	const url = index.projectPage ?? index.simplePage;
	const words = `${index.display}${state.text === '' ? '' : ` (${state.text})`}`;
	const mark = <Text color={colors[state.tone]}>{state.symbol}</Text>;
	if (state.text === notUploaded) {
		// No page to visit yet.
		return (
			<Text wrap="truncate-end">
				{'    '}
				{mark} {words}
			</Text>
		);
	}

	// The URL beside its label when both fit, else on its own line: never cut.
	const oneLine = 4 + stringWidth(`${state.symbol} ${words} ${url}`) <= columns;
	return oneLine ? (
		<Text>
			{'    '}
			{mark} {words} <Link url={url} />
		</Text>
	) : (
		<Box flexDirection="column">
			<Text wrap="truncate-end">
				{'    '}
				{mark} {words}
			</Text>
			{/* Indented as far as the URL still fits; one longer than the screen wraps, each piece still the whole link. */}
			<Box paddingLeft={Math.max(0, Math.min(6, columns - stringWidth(url)))}>
				<Link url={url} />
			</Box>
		</Box>
	);
}

const notUploaded = 'not uploaded';

/** Whether every file reached the index: `✔`, or how many did. */
function indexState(release: SummaryPackage, index: SummaryIndex): {readonly symbol: string; readonly tone: Tone; readonly text: string} {
	const states = release.files.map(file => file.states[index.role] ?? 'pending');
	const uploaded = states.filter(state => state === 'uploaded' || state === 'visible').length;
	if (states.length > 0 && uploaded === states.length) {
		return {symbol: symbols.done, tone: 'success', text: ''};
	}

	return uploaded === 0
		? {symbol: symbols.pending, tone: 'muted', text: notUploaded}
		: {symbol: symbols.running, tone: 'warning', text: `${uploaded} of ${states.length} files`};
}

/** The tag, the downstream branches, and PyPI's 14-day window when files are still to upload. */
function Finish({summary, columns}: {readonly summary: ReleaseSummary; readonly columns: number}) {
	if (summary.tag === undefined && summary.downstream.length === 0 && summary.finishBy === undefined) {
		return null;
	}

	return (
		<Box flexDirection="column" marginTop={1}>
			{summary.tag === undefined ? null : <Paragraph text={`Tag ${summary.tag.name} on ${summary.tag.commit.slice(0, 12)}, ${summary.tag.pushed ? 'pushed' : 'not pushed'}`} width={columns} />}
			{summary.downstream.map(downstream => (
				<Paragraph
					key={downstream.path}
					text={`Downstream ${downstream.path}: branch ${downstream.branch}${downstream.commit === undefined ? ', nothing committed yet' : ` at ${downstream.commit.slice(0, 12)}`} (not pushed)`}
					width={columns}
				/>
			))}
			{summary.finishBy === undefined ? null : (
				<Paragraph
					mark={{symbol: symbols.warning, tone: 'warning'}}
					text={`Finish by ${summary.finishBy.slice(0, 16).replace('T', ' ')} UTC: ${summary.stillToUpload} file(s) are still to upload to production, and PyPI refuses new files for a release older than 14 days.`}
					width={columns}
				/>
			)}
		</Box>
	);
}

function Times({summary, columns}: {readonly summary: ReleaseSummary; readonly columns: number}) {
	const ran = summary.steps.filter(step => step.durationMs !== undefined);
	if (ran.length === 0) {
		return null;
	}

	const durations = ran.map(step => formatDuration(step.durationMs));
	const durationWidth = Math.max(...durations.map(text => text.length));
	const titleWidth = Math.min(Math.max(...ran.map(step => stringWidth(step.title))), columns - 6 - durationWidth);
	return (
		<Section title="Time per step">
			{ran.map((step, position) => {
				const mark = stepMark(step.status);
				return (
					<Text key={step.id} wrap="truncate-end">
						{'  '}
						<Text color={colors[mark.tone]}>{mark.symbol}</Text> {truncateMiddle(step.title, titleWidth).padEnd(titleWidth)} <Text dimColor>{durations[position]!.padStart(durationWidth)}</Text>
					</Text>
				);
			})}
		</Section>
	);
}

function More({hidden, what}: {readonly hidden: number; readonly what: string}) {
	return hidden > 0 ? (
		<Text dimColor>
			{'  '}
			{symbols.ellipsis} {hidden} more {what}
			{hidden === 1 ? '' : 's'}: wizard status lists them all
		</Text>
	) : null;
}

function versionLine(release: SummaryPackage): string {
	return `${release.name} ${release.previousVersion} ${symbols.arrow} ${release.version}`;
}

function packages(amount: number): string {
	return `${amount} package${amount === 1 ? '' : 's'}`;
}

import {Box, Text, useStdin, useStdout} from 'ink';
import SelectInput from 'ink-select-input';
import {useState} from 'react';
import {releaseSummary} from '../../../core/release/summary.js';
import type {IndexRole, PackageRecord, ReleaseRecord, StepId} from '../../../core/release/types.js';
import {formatDuration} from '../../plain/format.js';
import {Help, type HelpScreenName} from '../components/help.js';
import {KeyHints} from '../components/key-hints.js';
import {Paragraph} from '../components/paragraph.js';
import {useHelpToggle, useQuitAndHelpKeys} from '../components/screen-keys.js';
import {truncateMiddle} from '../components/truncate.js';
import {colors, stepMark, symbols, type Tone} from '../theme.js';

export type ResumeChoice = 'resume' | 'start-over' | 'quit';

/** Packages listed in the details; `wizard status` lists them all. */
const detailPackageLimit = 8;
/** Lines of the failed step's output shown in the details. */
const tailLines = 5;

const choiceText: Readonly<Record<'resume' | 'details' | 'start-over' | 'quit', string>> = {
	resume: 'Goes on from where it stopped. Finished steps and uploaded files are not repeated.',
	details: 'Shows every step, every package and where its files are.',
	'start-over': 'Forgets this record and begins a new release. Commits, tags and uploaded files stay as they are.',
	quit: 'Leaves everything as it is: run wizard again to decide later.',
};

/**
 * A saved release that did not finish: what was released where, where it stopped and why, then
 * resume / show details / start over / quit.
 */
export function ResumeScreen({
	record,
	description,
	recordFile,
	columns,
	onChoose,
}: {
	readonly record: ReleaseRecord;
	readonly description: string;
	readonly recordFile: string;
	readonly columns: number;
	readonly onChoose: (choice: ResumeChoice) => void;
}) {
	const {isRawModeSupported} = useStdin();
	const [details, setDetails] = useState(false);
	const help = useRecordScreenKeys(onChoose);
	const [highlighted, setHighlighted] = useState<keyof typeof choiceText>('resume');

	const stopped = stoppedAt(record);
	const items = [
		{label: `Resume from ${stopped === undefined ? 'the next step' : stepTitle(record, stopped)}`, value: 'resume'},
		{label: details ? 'Hide details' : 'Show details', value: 'details'},
		{label: 'Start over', value: 'start-over'},
		{label: 'Quit', value: 'quit'},
	] as const;
	return (
		<Box flexDirection="column" width={columns}>
			<Text bold>Resume</Text>
			<Paragraph text={`A release of ${description} started ${record.createdAt.slice(0, 10)} and did not finish. It is saved: you can go on from where it stopped.`} width={columns} />
			<Box flexDirection="column" marginTop={1}>
				<StopReason record={record} stopped={stopped} columns={columns} />
			</Box>
			<Box flexDirection="column" marginTop={1}>
				<Text bold>Done so far</Text>
				{progressLines(record).map(line => (
					<Text key={line.text} wrap="truncate-end">
						{'  '}
						<Text color={colors[line.tone]}>{line.symbol}</Text> {line.text}
					</Text>
				))}
			</Box>
			{details ? <Details record={record} recordFile={recordFile} columns={columns} /> : null}
			<Box flexDirection="column" marginTop={1}>
				<SelectInput
					items={[...items]}
					isFocused={isRawModeSupported}
					onHighlight={item => {
						setHighlighted(item.value);
					}}
					onSelect={item => {
						if (item.value === 'details') {
							setDetails(shown => !shown);
						} else {
							onChoose(item.value);
						}
					}}
				/>
				<Paragraph text={choiceText[highlighted]} width={columns} indent={2} dim />
			</Box>
			<ListFooter screen="resume" help={help} columns={columns} />
		</Box>
	);
}

/** A record that cannot be read: start over (set it aside) or quit (leave it to look at). */
export function DamagedRecordScreen({problem, recordFile, onChoose}: {readonly problem: string; readonly recordFile: string; readonly onChoose: (choice: 'start-over' | 'quit') => void}) {
	const {isRawModeSupported} = useStdin();
	// The contract gives this screen no width: the terminal's.
	const columns = useStdout().stdout.columns || 80;
	const help = useRecordScreenKeys(onChoose);
	return (
		<Box flexDirection="column" width={columns}>
			<Text bold>Resume</Text>
			<Paragraph mark={{symbol: symbols.failed, tone: 'failure'}} text={`The saved record of an earlier release cannot be read: ${problem}.`} width={columns} />
			<Paragraph text={`File: ${recordFile}`} width={columns} indent={2} dim />
			<Box marginTop={1}>
				<Paragraph text="Start over sets the record aside and begins a new release; the commits, tags and uploads of the earlier run stay as they are. Quit leaves the file for you to look at." width={columns} />
			</Box>
			<Box marginTop={1}>
				<SelectInput
					items={[
						{label: 'Start over', value: 'start-over' as const},
						{label: 'Quit', value: 'quit' as const},
					]}
					isFocused={isRawModeSupported}
					onSelect={item => {
						onChoose(item.value);
					}}
				/>
			</Box>
			<ListFooter screen="damaged-record" help={help} columns={columns} />
		</Box>
	);
}

/** `q` quits and `?` shows or hides the help, on both screens of a saved record. Returns whether the help shows. */
function useRecordScreenKeys(onChoose: (choice: 'quit') => void): boolean {
	const {isRawModeSupported} = useStdin();
	const [help, toggleHelp] = useHelpToggle();
	useQuitAndHelpKeys({
		onQuit() {
			onChoose('quit');
		},
		onHelp: toggleHelp,
		isActive: isRawModeSupported,
	});
	return help;
}

/** The keys of a screen with a list of choices, and its help when shown. */
function ListFooter({screen, help, columns}: {readonly screen: HelpScreenName; readonly help: boolean; readonly columns: number}) {
	return (
		<>
			<KeyHints
				hints={[
					{key: '↑↓', action: 'choose'},
					{key: 'enter', action: 'select'},
					{key: 'q', action: 'quit'},
					{key: '?', action: 'help'},
				]}
				columns={columns}
			/>
			<Help screen={screen} visible={help} columns={columns} />
		</>
	);
}

function StopReason({record, stopped, columns}: {readonly record: ReleaseRecord; readonly stopped: StepId | undefined; readonly columns: number}) {
	const where = stopped === undefined ? 'after its last step' : `at ${stepTitle(record, stopped)}`;
	if (record.status === 'failed' && record.failure !== undefined) {
		return (
			<>
				<Paragraph mark={{symbol: symbols.failed, tone: 'failure'}} text={`It stopped at ${stepTitle(record, record.failure.step)}: ${record.failure.message}`} width={columns} />
				{record.failure.hint === undefined ? null : <Paragraph text={record.failure.hint} width={columns} indent={2} />}
			</>
		);
	}

	const text = record.status === 'interrupted' ? `It was interrupted ${where}.` : `It ended ${where} without a chance to save (the process was killed or the machine stopped).`;
	return <Paragraph mark={{symbol: symbols.warning, tone: 'warning'}} text={text} width={columns} />;
}

type Line = {readonly symbol: string; readonly tone: Tone; readonly text: string};

/** The version commit, each index's uploads, the tag, the 14-day deadline: one line each. */
function progressLines(record: ReleaseRecord): Line[] {
	const lines: Line[] = [];
	const releases = Object.values(record.packages);
	const built = releases.filter(release => release.files.length > 0).length;
	if (record.commit !== undefined) {
		lines.push({symbol: symbols.done, tone: 'success', text: `version commit ${record.commit.slice(0, 12)}`});
	} else if (record.steps['version']?.status !== 'skipped') {
		lines.push({symbol: symbols.pending, tone: 'muted', text: 'version not committed yet'});
	}

	lines.push(
		built === 0
			? {symbol: symbols.pending, tone: 'muted', text: 'nothing built yet'}
			: {symbol: built === releases.length ? symbols.done : symbols.running, tone: built === releases.length ? 'success' : 'accent', text: `${built} of ${count(releases.length, 'package')} built`},
	);
	for (const role of ['test', 'production'] as const) {
		const target = record.targets[role];
		if (target === undefined) {
			continue;
		}

		const uploaded = releases.filter(release => release.files.length > 0 && uploadedFiles(release, role) === release.files.length).length;
		const started = releases.some(release => uploadedFiles(release, role) > 0);
		lines.push(
			uploaded === releases.length
				? {symbol: symbols.done, tone: 'success', text: `${target.display}: all ${count(releases.length, 'package')} uploaded`}
				: started
					? {symbol: symbols.running, tone: 'accent', text: `${target.display}: ${uploaded} of ${count(releases.length, 'package')} uploaded`}
					: {symbol: symbols.pending, tone: 'muted', text: `${target.display}: nothing uploaded yet`},
		);
	}

	if (record.tag !== undefined) {
		lines.push({symbol: symbols.done, tone: 'success', text: `tag ${record.tag.name} ${record.tag.pushed ? 'pushed' : 'created, not pushed'}`});
	}

	const deadline = releaseSummary(record).finishBy;
	if (deadline !== undefined) {
		lines.push({symbol: symbols.warning, tone: 'warning', text: `finish by ${deadline.slice(0, 16).replace('T', ' ')} UTC: PyPI refuses new files after 14 days`});
	}

	return lines;
}

function Details({record, recordFile, columns}: {readonly record: ReleaseRecord; readonly recordFile: string; readonly columns: number}) {
	const names = record.batches.flat().filter(name => record.packages[name] !== undefined);
	const roles = (['test', 'production'] as const).filter(role => record.targets[role] !== undefined);
	const failure = record.failure;
	return (
		<Box flexDirection="column" marginTop={1}>
			<Text bold>Steps</Text>
			{Object.entries(record.steps).map(([id, step]) => {
				const mark = stepMark(step.status);
				const duration = step.durationMs === undefined ? '' : `  ${formatDuration(step.durationMs)}`;
				return (
					<Text key={id} wrap="truncate-end">
						{'  '}
						<Text color={colors[mark.tone]}>{mark.symbol}</Text> {step.title ?? id}
						<Text dimColor>
							{duration}
							{step.message === undefined ? '' : `  ${step.message.split('\n')[0]}`}
						</Text>
					</Text>
				);
			})}
			<Text bold>Packages</Text>
			{names.slice(0, detailPackageLimit).map(name => {
				const release = record.packages[name]!;
				return (
					<Text key={name} wrap="truncate-end">
						{'  '}
						{release.name} {release.previousVersion} {symbols.arrow} {release.version}
						<Text dimColor>
							{'  '}
							{release.status}
							{roles.map(role => `  ${record.targets[role]!.display} ${uploadWord(release, role)}`).join('')}
						</Text>
					</Text>
				);
			})}
			{names.length > detailPackageLimit ? (
				<Text dimColor>
					{'  '}
					{symbols.ellipsis} {names.length - detailPackageLimit} more: `wizard status` lists them all
				</Text>
			) : null}
			{failure === undefined || (failure.log === undefined && failure.tail.length === 0) ? null : (
				<>
					<Text bold>Output of {stepTitle(record, failure.step)}</Text>
					{failure.log === undefined ? null : <Text dimColor>  log: {truncateMiddle(failure.log, columns - 7)}</Text>}
					{failure.tail.slice(-tailLines).map((line, index) => (
						// eslint-disable-next-line react/no-array-index-key
						<Text key={index} dimColor wrap="truncate-end">
							{'  │ '}
							{line}
						</Text>
					))}
				</>
			)}
			<Text dimColor>Record: {truncateMiddle(recordFile, columns - 8)}</Text>
		</Box>
	);
}

/** The first step that did not finish: where a resume goes on. */
function stoppedAt(record: ReleaseRecord): StepId | undefined {
	if (record.failure !== undefined) {
		return record.failure.step;
	}

	return Object.entries(record.steps).find(([, step]) => step.status !== 'done' && step.status !== 'skipped')?.[0];
}

function stepTitle(record: ReleaseRecord, id: StepId): string {
	return record.steps[id]?.title ?? id;
}

function uploadedFiles(release: PackageRecord, role: IndexRole): number {
	return release.files.filter(file => ['uploaded', 'visible'].includes(release.uploads[role][file.name] ?? 'pending')).length;
}

/** `visible`, `uploaded`, `1/2 files`, or `not built`. */
function uploadWord(release: PackageRecord, role: IndexRole): string {
	if (release.files.length === 0) {
		return '-';
	}

	const states = release.files.map(file => release.uploads[role][file.name] ?? 'pending');
	if (states.every(state => state === 'visible')) {
		return 'visible';
	}

	const uploaded = uploadedFiles(release, role);
	return uploaded === release.files.length ? 'uploaded' : `${uploaded}/${release.files.length} files`;
}

function count(amount: number, singular: string, plural = `${singular}s`): string {
	return `${amount} ${amount === 1 ? singular : plural}`;
}

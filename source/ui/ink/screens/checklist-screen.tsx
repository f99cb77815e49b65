import {Box, Static, Text} from 'ink';
import type {ReactElement} from 'react';
import {durationText, type HistoryEntry, type ReleaseView, type StepRow} from '../../release-view.js';
import {Spinner} from '../components/spinner.js';
import {Paragraph} from '../components/paragraph.js';
import {colors, symbols} from '../theme.js';
import {batchViewLines} from './batch-view.js';

export type ChecklistScreenProps = {readonly view: ReleaseView; readonly now: number; readonly rows: number; readonly columns: number};

/** Output lines a batch step keeps under its batches when the terminal has room. */
const batchOutputLines = 3;

/**
 * The release as it runs: finished steps (and finished batches, and warnings) printed once
 * above, then a live area that never reaches the terminal's height (`rows`): the running step
 * with its clock, progress, log path, batches and the last lines of its output, then the steps
 * still to come.
 */
export function ChecklistScreen({view, now, rows, columns}: ChecklistScreenProps) {
	return (
		<>
			<Static items={[...view.history]}>{entry => <HistoryLine key={entry.key} entry={entry} columns={columns} />}</Static>
			<Box flexDirection="column" width={columns}>
				{liveLines(view, now, rows, columns)}
			</Box>
		</>
	);
}

/** One line per element; Ink redraws the whole terminal once the live area reaches its height, so it stays a line shorter. */
function liveLines(view: ReleaseView, now: number, rows: number, columns: number): ReactElement[] {
	const budget = Math.max(1, rows - 1);
	const running = view.steps.find(step => step.id === view.running);
	const pending = view.steps.filter(step => step.id !== view.running && (step.status === 'pending' || step.status === 'running' || (step.status === 'failed' && view.status !== 'failed')));
	const head: ReactElement[] = [<Title key="title" view={view} />];
	if (running === undefined) {
		head.push(<Idle key="idle" view={view} />);
	} else {
		head.push(<RunningLine key="running" step={running} now={now} asking={view.question !== undefined} />);
		if (view.progress !== undefined) {
			head.push(
				<Text key="progress" dimColor wrap="truncate-end">
					{`  ${view.progress}`}
				</Text>,
			);
		}

		if (running.log !== undefined) {
			head.push(
				<Text key="log" dimColor wrap="truncate-middle">
					{`  log: ${running.log}`}
				</Text>,
			);
		}
	}

	const notes = view.notes.slice(-3).map((note, index) => (
		<Text key={`note ${index}`} wrap="truncate-end">
			{`  ${note}`}
		</Text>
	));
	const findings = findingLines(view);
	const tailReserve = pending.length > 0 ? 1 : 0;
	let left = Math.max(0, budget - head.length - tailReserve - notes.length - findings.length);
	const middle: ReactElement[] = [...notes, ...findings];
	if (view.phase !== undefined) {
		const output = left > 10 ? Math.min(view.output.length, batchOutputLines) : 0;
		const batches = batchViewLines(view, now, left - output, columns);
		middle.push(...batches);
		left -= batches.length;
		middle.push(...outputLines(view, Math.min(output, left)));
		left -= Math.min(output, left);
	} else {
		const output = outputLines(view, left);
		middle.push(...output);
		left -= output.length;
	}

	const next = pending.length === 0 ? [] : pending.length <= left + tailReserve ? pending.map(step => <PendingLine key={`pending ${step.id}`} step={step} />) : [<PendingSummary key="pending" steps={pending} />];
	return [...head, ...middle, ...next].slice(0, budget);
}

function Title({view}: {readonly view: ReleaseView}) {
	const targets = [view.targets.test, view.targets.production].filter(target => target !== undefined);
	const what = `${view.releasing}${view.packageCount > 1 ? ` · ${view.packageCount} packages` : ''}${targets.length > 0 ? ` → ${targets.join(', ')}` : ''}`;
	return (
		<Text wrap="truncate-end">
			<Text bold>Release</Text>
			<Text dimColor>{`  ${what}`}</Text>
		</Text>
	);
}

function Idle({view}: {readonly view: ReleaseView}) {
	switch (view.status) {
		case 'ready': {
			return <Text color={colors.success}>{symbols.done} Every step finished</Text>;
		}

		case 'failed': {
			return <Text color={colors.failure}>{symbols.failed} The release stopped: see above</Text>;
		}

		case 'interrupted': {
			return <Text color={colors.warning}>Interrupted: the release record is saved</Text>;
		}

		case 'running': {
			return <Text dimColor>Starting…</Text>;
		}
	}
}

function RunningLine({step, now, asking}: {readonly step: StepRow; readonly now: number; readonly asking: boolean}) {
	const elapsed = step.startedAt === undefined ? '' : `  ${durationText(Math.max(0, now - step.startedAt))}`;
	return (
		<Text wrap="truncate-end">
			<Spinner now={now} /> <Text bold>{step.title}</Text>
			{elapsed}
			{asking ? <Text color={colors.warning}>{'  waiting for your answer'}</Text> : ''}
		</Text>
	);
}

function PendingLine({step}: {readonly step: StepRow}) {
	return (
		<Text dimColor wrap="truncate-end">
			{`○ ${step.title}${step.status === 'failed' ? ' (failed last time)' : ''}`}
		</Text>
	);
}

function PendingSummary({steps}: {readonly steps: readonly StepRow[]}) {
	return (
		<Text dimColor wrap="truncate-end">
			{`○ next: ${steps.map(step => step.title).join(' · ')}`}
		</Text>
	);
}

function outputLines(view: ReleaseView, count: number): ReactElement[] {
	if (count <= 0) {
		return [];
	}

	return view.output.slice(-count).map((entry, index) => (
		<Text key={`output ${view.output.length - count + index}`} wrap="truncate-end">
			<Text dimColor>{'  │ '}</Text>
			{entry.package === undefined ? '' : <Text dimColor>{`${entry.package}: `}</Text>}
			{entry.line}
		</Text>
	));
}

/** While the inspection runs (its accept-this-file questions come from it), what it found. */
function findingLines(view: ReleaseView): ReactElement[] {
	if (view.running !== 'inspect' || view.findings.length === 0) {
		return [];
	}

	const shown = view.findings.slice(0, 3).map((finding, index) => (
		<Text key={`finding ${index}`} wrap="truncate-end">
			<Text color={colors.failure}>{`  ${symbols.failed} `}</Text>
			{`${finding.archive}: ${finding.message.split('\n')[0]!}`}
		</Text>
	));
	return view.findings.length > 3 ? [...shown, <Text key="findings more" dimColor>{`    … ${view.findings.length - 3} more finding(s)`}</Text>] : shown;
}

function HistoryLine({entry, columns}: {readonly entry: HistoryEntry; readonly columns: number}) {
	switch (entry.kind) {
		case 'step': {
			const message = entry.message?.split('\n')[0];
			const symbol = entry.status === 'done' ? <Text color={colors.success}>{symbols.done}</Text> : entry.status === 'failed' ? <Text color={colors.failure}>{symbols.failed}</Text> : <Text dimColor>–</Text>;
			return (
				<Text wrap="truncate-end">
					{symbol} <Text bold={entry.status !== 'skipped'}>{entry.title}</Text>
					{entry.status === 'skipped' ? ' skipped' : ''}
					{entry.durationMs === undefined ? '' : `  ${durationText(entry.durationMs)}`}
					{message === undefined ? '' : <Text dimColor>{`  ${message}`}</Text>}
					{entry.earlier ? <Text dimColor> (earlier run)</Text> : ''}
				</Text>
			);
		}

		case 'batch': {
			return (
				<Text wrap="truncate-end">
					{'  '}
					{entry.failed ? <Text color={colors.failure}>{symbols.failed}</Text> : <Text color={colors.success}>{symbols.done}</Text>}
					{` ${entry.step} · batch ${entry.batch + 1} of ${entry.batches}: ${entry.text}`}
					{entry.durationMs === undefined ? '' : ` (${durationText(entry.durationMs)})`}
				</Text>
			);
		}

		case 'warning': {
			// Wrapped by words with a hanging indent: a warning is the one history line worth reading whole.
			return (
				<Box marginLeft={2}>
					<Paragraph text={entry.message} width={Math.max(20, columns - 2)} mark={{symbol: symbols.warning, tone: 'warning'}} tone="warning" />
				</Box>
			);
		}
	}
}

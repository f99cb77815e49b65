import {Box, Text} from 'ink';
import type {ReactElement} from 'react';
import {
	batchTimes,
	clockText,
	durationText,
	packageElapsedMs,
	packageStateText,
	type BatchPhase,
	type BatchRow,
	type PackageRow,
	type PackageState,
	type ReleaseView,
	type WaitView,
} from '../../release-view.js';
import {Spinner} from '../components/spinner.js';
import {truncateMiddle} from '../components/truncate.js';
import {colors, symbols} from '../theme.js';

export type BatchViewProps = {readonly view: ReleaseView; readonly now: number; readonly rows: number; readonly columns: number};

/**
 * The running step's batches: one spinner per batch, every package with its state and clock, a
 * wait's start, next poll and missing files. Batches whose line is in the history are left out;
 * never more than `rows` lines.
 */
export function BatchView({view, now, rows, columns}: BatchViewProps) {
	return <Box flexDirection="column">{batchViewLines(view, now, rows, columns)}</Box>;
}

/** The batch view as single-line elements, at most `rows` of them (the checklist budgets with it). */
export function batchViewLines(view: ReleaseView, now: number, rows: number, columns: number): ReactElement[] {
	const phase = view.phase;
	if (phase === undefined || rows <= 0) {
		return [];
	}

	const shown = phase.batches.filter(batch => !batch.collapsed);
	const queued = shown.filter(batch => batch.state === 'queued');
	const active = shown.filter(batch => batch.state !== 'queued' && (batch.state !== 'done' || batch.wait !== undefined));
	const settled = shown.filter(batch => batch.state === 'done' && batch.wait === undefined);
	const fixed = settled.length + active.reduce((sum, batch) => sum + 1 + (batch.wait === undefined ? 0 : 2), 0) + (queued.length > 0 ? 1 : 0);
	let left = Math.max(0, rows - fixed);
	const nameWidth = Math.min(Math.max(4, ...Object.values(phase.packages).map(row => row.name.length)), Math.max(8, Math.floor(columns * 0.3)));
	const lines: ReactElement[] = [];
	for (const batch of shown) {
		if (batch.state === 'queued') {
			continue;
		}

		lines.push(<BatchHeader key={`batch ${batch.index}`} phase={phase} batch={batch} now={now} />);
		if (batch.wait !== undefined) {
			lines.push(<WaitLine key={`wait ${batch.index}`} wait={batch.wait} now={now} />, <AnswerLine key={`answer ${batch.index}`} wait={batch.wait} />);
		}

		if (!active.includes(batch)) {
			continue;
		}

		const later = active.length - 1 - active.indexOf(batch);
		const allotted = Math.max(0, left - later);
		const packages = batch.packages.map(name => phase.packages[name]).filter(row => row !== undefined);
		const picked = packages.length <= allotted ? packages : pick(packages, allotted - 1);
		for (const row of picked) {
			lines.push(<PackageLine key={`package ${row.normalizedName}`} row={row} now={now} nameWidth={nameWidth} />);
		}

		const hidden = packages.filter(row => !picked.includes(row));
		if (hidden.length > 0 && allotted > 0) {
			lines.push(
				<Text key={`more ${batch.index}`} dimColor wrap="truncate-end">
					{`    … ${hidden.length} more: ${countText(hidden)}`}
				</Text>,
			);
		}

		left -= Math.min(allotted, picked.length + (hidden.length > 0 && allotted > 0 ? 1 : 0));
	}

	if (queued.length > 0) {
		lines.push(
			<Text key="queued" dimColor wrap="truncate-end">
				{`○ next: ${queued.map(batch => `batch ${batch.index + 1} (${batch.packages.length} package${batch.packages.length === 1 ? '' : 's'})`).join(', ')}`}
			</Text>,
		);
	}

	return lines.slice(0, rows);
}

/** The packages that say most when not all fit: failed and moving ones first, in batch order. */
function pick(rows: readonly PackageRow[], count: number): PackageRow[] {
	if (count <= 0) {
		return [];
	}

	const rank: Readonly<Record<PackageState, number>> = {failed: 0, building: 1, checking: 1, uploading: 1, 'install-checking': 1, waiting: 2, queued: 3, visible: 4, done: 4, skipped: 5};
	const chosen = new Set([...rows].sort((left, right) => rank[left.state] - rank[right.state]).slice(0, count));
	return rows.filter(row => chosen.has(row));
}

function countText(rows: readonly PackageRow[]): string {
	const counts = new Map<PackageState, number>();
	for (const row of rows) {
		counts.set(row.state, (counts.get(row.state) ?? 0) + 1);
	}

	return [...counts].map(([state, count]) => `${count} ${packageStateText[state]}`).join(', ');
}

function BatchHeader({phase, batch, now}: {readonly phase: BatchPhase; readonly batch: BatchRow; readonly now: number}) {
	const packages = batch.packages.map(name => phase.packages[name]).filter(row => row !== undefined);
	const times = batchTimes(phase, batch);
	const elapsed = times.startedAt === undefined ? undefined : (times.finishedAt ?? now) - times.startedAt;
	const symbol = batch.state === 'done' ? <Text color={colors.success}>{symbols.done}</Text> : batch.state === 'failed' ? <Text color={colors.failure}>{symbols.failed}</Text> : <Spinner now={now} />;
	return (
		<Text wrap="truncate-end">
			{symbol} <Text bold>{`Batch ${batch.index + 1} of ${phase.batches.length}`}</Text>
			{` · ${packages.length} package${packages.length === 1 ? '' : 's'}: ${countText(packages)}${elapsed === undefined ? '' : ` · ${durationText(Math.max(0, elapsed))}`}`}
		</Text>
	);
}

function WaitLine({wait, now}: {readonly wait: WaitView; readonly now: number}) {
	const waited = durationText(Math.max(0, now - wait.since));
	const next = wait.nextPollAt === undefined ? 'first poll now' : `next poll in ${Math.max(0, Math.ceil((wait.nextPollAt - now) / 1000))}s`;
	return (
		<Text wrap="truncate-end">
			<Text color={colors.warning}>{`    waiting for ${wait.index}`}</Text>
			{` since ${clockText(wait.since)} (${waited}), ${next}`}
		</Text>
	);
}

/** The last poll's answer: which files the index does not list yet. */
function AnswerLine({wait}: {readonly wait: WaitView}) {
	const answer =
		wait.polledAt === undefined
			? `not polled yet: ${wait.files.length} file(s) to see listed`
			: wait.missing.length === 0
				? `last answer: all ${wait.files.length} file(s) listed`
				: `last answer: ${wait.missing.length} of ${wait.files.length} file(s) missing: ${wait.missing.join(', ')}`;
	return <Text wrap="truncate-end">{`    ${answer}`}</Text>;
}

function PackageLine({row, now, nameWidth}: {readonly row: PackageRow; readonly now: number; readonly nameWidth: number}) {
	const elapsed = durationText(packageElapsedMs(row, now));
	return (
		<Text wrap="truncate-end">
			{'  '}
			<PackageSymbol state={row.state} /> {truncateMiddle(row.name, nameWidth).padEnd(nameWidth)} <Text dimColor>{row.version.padEnd(10)}</Text> <StateText state={row.state} />
			{` ${elapsed.padStart(7)}`}
			{row.note === undefined ? '' : <Text dimColor>{`  ${row.note}`}</Text>}
		</Text>
	);
}

const stateColor: Readonly<Record<PackageState, string | undefined>> = {
	queued: undefined,
	building: colors.accent,
	checking: colors.accent,
	uploading: colors.accent,
	waiting: colors.warning,
	visible: colors.success,
	'install-checking': colors.accent,
	done: colors.success,
	skipped: undefined,
	failed: colors.failure,
};

function StateText({state}: {readonly state: PackageState}) {
	const text = packageStateText[state].padEnd(21);
	return state === 'queued' || state === 'skipped' ? <Text dimColor>{text}</Text> : <Text color={stateColor[state]}>{text}</Text>;
}

function PackageSymbol({state}: {readonly state: PackageState}) {
	switch (state) {
		case 'queued': {
			return <Text dimColor>○</Text>;
		}

		case 'visible':
		case 'done': {
			return <Text color={colors.success}>{symbols.done}</Text>;
		}

		case 'skipped': {
			return <Text dimColor>–</Text>;
		}

		case 'failed': {
			return <Text color={colors.failure}>{symbols.failed}</Text>;
		}

		case 'waiting': {
			return <Text color={colors.warning}>…</Text>;
		}

		default: {
			return <Text color={colors.accent}>›</Text>;
		}
	}
}

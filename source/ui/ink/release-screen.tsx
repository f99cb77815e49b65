import {Box, Text} from 'ink';
import {useEffect, useState} from 'react';
import type {ReleaseEngine} from '../../core/release/engine.js';
import {ChecklistScreen} from './screens/checklist-screen.js';
import {useReleaseView} from './use-release-view.js';
import type {PendingQuestion} from './wizard-types.js';

type ReleaseScreenProps = {
	readonly engine: Pick<ReleaseEngine, 'subscribe' | 'record'>;
	/** Lines about the run itself (the sandbox's address, where tokens came from). */
	readonly notes: readonly string[];
	readonly pending: PendingQuestion | undefined;
	readonly rows: number;
	readonly columns: number;
};

/** The checklist while the engine runs; it leaves room for a question below it. */
export function ReleaseScreen({engine, notes, pending, rows, columns}: ReleaseScreenProps) {
	const view = useReleaseView(engine);
	const running = view.status === 'running' && pending === undefined;
	const now = useSecondClock(running);
	const height = pending === undefined ? rows - notes.length - 1 : Math.min(10, rows - notes.length - 1);
	return (
		<Box flexDirection="column">
			{notes.map(note => (
				<Text key={note} dimColor wrap="truncate-middle">
					{note}
				</Text>
			))}
			<ChecklistScreen view={view} now={now} rows={Math.max(6, height)} columns={columns} />
		</Box>
	);
}

/** The time, once a second while `ticking`; still otherwise, so an idle screen never renders. */
function useSecondClock(ticking: boolean): number {
	const [now, setNow] = useState(Date.now());
	useEffect(() => {
		if (!ticking) {
			return;
		}

		setNow(Date.now());
		const timer = setInterval(() => setNow(Date.now()), 1000);
		return () => clearInterval(timer);
	}, [ticking]);
	return now;
}

import {Box, Text, useInput} from 'ink';
import {useEffect, useState} from 'react';
import type {ReleaseEngine} from '../../core/release/engine.js';
import {Help} from './components/help.js';
import {ChecklistScreen} from './screens/checklist-screen.js';
import {useReleaseView} from './use-release-view.js';
import type {PendingQuestion} from '../wizard-types.js';

type ReleaseScreenProps = {
	readonly engine: Pick<ReleaseEngine, 'subscribe' | 'record'>;
	/** Lines about the run itself (the sandbox's address, where tokens came from). */
	readonly notes: readonly string[];
	readonly pending: PendingQuestion | undefined;
	readonly rows: number;
	readonly columns: number;
	/** Called once the screen listens to the engine. */
	readonly onMounted: () => void;
};

/** The checklist while the engine runs; it leaves room for a question below it. */
export function ReleaseScreen({engine, notes, pending, rows, columns, onMounted}: ReleaseScreenProps) {
	const view = useReleaseView(engine);
	// After useReleaseView's own effect, which subscribes.
	useEffect(() => {
		onMounted();
	}, []);
	const running = view.status === 'running' && pending === undefined;
	const now = useSecondClock(running);
	const [help, setHelp] = useState(false);
	// A question has keys (and help) of its own.
	useInput(
		input => {
			if (input === '?') {
				setHelp(shown => !shown);
			}
		},
		{isActive: pending === undefined},
	);
	const helpRows = help && pending === undefined ? 8 : 0;
	const height = pending === undefined ? rows - notes.length - 1 - helpRows : Math.min(10, rows - notes.length - 1);
	return (
		<Box flexDirection="column">
			{notes.map(note => (
				<Text key={note} dimColor wrap="truncate-middle">
					{note}
				</Text>
			))}
			<ChecklistScreen view={view} now={now} rows={Math.max(6, height)} columns={columns} />
			<Help screen="release" visible={help && pending === undefined} columns={columns} />
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

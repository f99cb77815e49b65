import {Box, Text, useApp, useInput, useStdout} from 'ink';
import {useCallback, useEffect, useRef, useState} from 'react';
import {exitCodes, isWizardError} from '../../core/errors.js';
import type {ResolvedTargets} from '../../core/release/context.js';
import type {RunOutcome} from '../../core/release/engine.js';
import type {Question} from '../../core/release/questions.js';
import type {RepositorySession, StartedRelease} from '../../core/release/session.js';
import {releaseSummary} from '../../core/release/summary.js';
import {describeTarget} from '../../core/release/target-text.js';
import type {IndexRole, ReleaseRecord} from '../../core/release/types.js';
import {GuideScreen} from './screens/guide-screen.js';
import {PlanScreen} from './screens/plan-screen.js';
import {QuestionScreen} from './screens/question-screen.js';
import {DamagedRecordScreen, ResumeScreen} from './screens/resume-screen.js';
import {SummaryScreen} from './screens/summary-screen.js';
import {VersionScreen} from './screens/version-screen.js';
import {Paragraph} from './components/paragraph.js';
import {ReleaseScreen} from './release-screen.js';
import {symbols} from './theme.js';
import {guideLinks, needsGuide, type WizardController} from '../wizard-controller.js';
import type {NameView, PendingQuestion, TargetView, ToolsView} from '../wizard-types.js';

type Phase =
	| {readonly name: 'opening'}
	| {readonly name: 'damaged'; readonly problem: string}
	| {readonly name: 'resume'}
	| {readonly name: 'plan'}
	| {readonly name: 'guide'}
	| {readonly name: 'version'}
	| {readonly name: 'release'; readonly started: StartedRelease}
	| {readonly name: 'done'; readonly outcome: RunOutcome; readonly record: ReleaseRecord}
	| {readonly name: 'error'; readonly message: string; readonly hint: string | undefined; readonly exitCode: number}
	| {readonly name: 'quit'; readonly message: string; readonly exitCode: number};

export type AppProps = {
	readonly controller: WizardController;
	/** The repository being opened (started before Ink loaded, so both overlap). */
	readonly opening: Promise<RepositorySession>;
	/** Called once, with the process's exit code, when the wizard has drawn its last frame. */
	readonly onExit: (exitCode: number) => void;
};

/**
 * The wizard, phase by phase: resume, plan, first-time guide, version, release, summary. It draws
 * and asks; the controller and the engine do the work.
 */
export function App({controller, opening, onExit}: AppProps) {
	const {exit} = useApp();
	const {stdout} = useStdout();
	const [size, setSize] = useState({columns: stdout.columns || 80, rows: stdout.rows || 24});
	const [phase, setPhase] = useState<Phase>({name: 'opening'});
	const [session, setSession] = useState<RepositorySession>();
	const [targets, setTargets] = useState<ResolvedTargets>();
	const [targetViews, setTargetViews] = useState<TargetView[]>();
	const [tools, setTools] = useState<ToolsView>();
	const [names, setNames] = useState<NameView[]>();
	const [pending, setPending] = useState<PendingQuestion>();
	const [continueAsked, setContinueAsked] = useState(false);
	const [slowOpening, setSlowOpening] = useState(false);
	useEffect(() => {
		const timer = setTimeout(() => setSlowOpening(true), 300);
		return () => clearTimeout(timer);
	}, []);
	const restart = useRef(false);
	const releaseMounted = useRef<() => void>(undefined);
	const finished = useRef(false);

	useEffect(() => {
		const resize = () => setSize({columns: stdout.columns || 80, rows: stdout.rows || 24});
		stdout.on('resize', resize);
		return () => {
			stdout.off('resize', resize);
		};
	}, [stdout]);

	const fail = useCallback((error: unknown) => {
		if (controller.signal.aborted) {
			setPhase({name: 'quit', message: 'Interrupted before the first step: nothing was changed.', exitCode: exitCodes.interrupted});
			return;
		}

		setPhase(
			isWizardError(error)
				? {name: 'error', message: error.message, hint: error.hint, exitCode: error.exitCode}
				: {name: 'error', message: `Unexpected error (please report it): ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`, hint: undefined, exitCode: exitCodes.stepFailed},
		);
	}, [controller]);

	// The engine's questions reach the person here; Ctrl+C while one is open ends the run.
	const ask = useCallback(
		async (question: Question, signal: AbortSignal) =>
			new Promise<string>((resolve, reject) => {
				const aborted = () => {
					setPending(undefined);
					reject(new Error('Interrupted while a question was open.'));
				};

				signal.addEventListener('abort', aborted, {once: true});
				setPending({
					question,
					answer(value) {
						signal.removeEventListener('abort', aborted);
						setPending(undefined);
						resolve(value);
					},
				});
			}),
		[],
	);

	const startRelease = useCallback(
		async (opened: RepositorySession, bump: readonly string[]) => {
			try {
				const started = await controller.begin(opened, {bump, restart: restart.current}, ask);
				// The live screen subscribes when it mounts; the engine starts after, so no event is lost.
				const mounted = new Promise<void>(resolve => {
					releaseMounted.current = resolve;
				});
				setPhase({name: 'release', started});
				await mounted;
				const outcome = await started.engine.run();
				setPhase({name: 'done', outcome, record: started.engine.record()});
			} catch (error: unknown) {
				fail(error);
			}
		},
		[controller, ask, fail],
	);

	// After the plan: the guide when a token or a name needs the person, else the version.
	const afterPlan = useCallback(
		(opened: RepositorySession, views: TargetView[] | undefined, checked: NameView[] | undefined) => {
			if (views !== undefined && checked !== undefined && needsGuide(views, checked)) {
				setPhase({name: 'guide'});
			} else if (controller.request.bump.length > 0) {
				void startRelease(opened, controller.request.bump);
			} else {
				setPhase({name: 'version'});
			}
		},
		[controller, startRelease],
	);

	const showPlan = useCallback(
		async (opened: RepositorySession) => {
			setPhase({name: 'plan'});
			try {
				const resolved = await controller.targets(opened, restart.current);
				setTargets(resolved);
				void controller.tools(opened).then(setTools);
				if (resolved !== undefined) {
					const views = await controller.targetViews(resolved);
					setTargetViews(views);
					setNames(await controller.names(opened, resolved));
				}
			} catch (error: unknown) {
				fail(error);
			}
		},
		[controller, fail],
	);

	// Enter on the plan may come before the token and name checks end: go on once they have.
	useEffect(() => {
		if (!continueAsked || phase.name !== 'plan') {
			return;
		}

		const checked = controller.request.local || (targets !== undefined && targetViews !== undefined && names !== undefined);
		if (checked) {
			setContinueAsked(false);
			afterPlan(session!, targetViews, names);
		}
	}, [continueAsked, phase, controller, targets, targetViews, names, session, afterPlan]);

	useEffect(() => {
		void (async () => {
			try {
				const opened = await opening;
				setSession(opened);
				if (opened.damaged !== undefined && !controller.request.restart) {
					setPhase({name: 'damaged', problem: opened.damaged});
				} else if (opened.saved !== undefined && !controller.request.restart) {
					setPhase({name: 'resume'});
				} else {
					restart.current = controller.request.restart;
					await showPlan(opened);
				}
			} catch (error: unknown) {
				fail(error);
			}
		})();
	}, [controller, opening, showPlan, fail]);

	// The end: the last frame stays on the screen, the process exits with the release's code.
	useEffect(() => {
		if (finished.current) {
			return;
		}

		const code = phase.name === 'done' ? phase.outcome.exitCode : phase.name === 'error' || phase.name === 'quit' ? phase.exitCode : undefined;
		if (code !== undefined) {
			finished.current = true;
			onExit(code);
			setTimeout(exit, 0);
		}
	}, [phase, exit, onExit]);

	useInput((input, key) => {
		if (key.ctrl && input === 'c') {
			controller.abort();
			if (phase.name !== 'release') {
				setPhase({name: 'quit', message: 'Interrupted before the first step: nothing was changed.', exitCode: exitCodes.interrupted});
			}
		}
	});

	const quit = () => setPhase({name: 'quit', message: 'Stopped before the first step: nothing was changed.', exitCode: exitCodes.ok});
	const {columns, rows} = size;
	switch (phase.name) {
		case 'opening': {
			// Most repositories open at once: the first frame is then the plan itself.
			return slowOpening ? <Text dimColor>Reading {controller.request.root}…</Text> : null;
		}

		case 'damaged': {
			return (
				<DamagedRecordScreen
					problem={phase.problem}
					recordFile={controller.store.file}
					onChoose={choice => {
						if (choice === 'quit') {
							quit();
							return;
						}

						restart.current = true;
						void showPlan(session!);
					}}
				/>
			);
		}

		case 'resume': {
			const saved = session!.saved!;
			return (
				<ResumeScreen
					record={saved.record}
					description={describeTarget(saved.record)}
					recordFile={controller.store.file}
					columns={columns}
					onChoose={choice => {
						if (choice === 'quit') {
							quit();
						} else if (choice === 'start-over') {
							restart.current = true;
							void showPlan(session!);
						} else {
							void startRelease(session!, []);
						}
					}}
				/>
			);
		}

		case 'plan': {
			return (
				<PlanScreen
					plan={session!.plan}
					targets={controller.request.local ? undefined : (targetViews ?? [])}
					tools={tools}
					warnings={session!.plan.warnings}
					columns={columns}
					rows={rows}
					onContinue={() => setContinueAsked(true)}
					onQuit={quit}
				/>
			);
		}

		case 'guide': {
			const views = targetViews ?? [];
			return (
				<GuideScreen
					names={names}
					links={targets === undefined ? [] : (['test', 'production'] as const).map(role => guideLinks(targets[role]))}
					missingTokens={views.filter(view => view.token.kind === 'missing')}
					storeToken={async (role: IndexRole, token: string) => controller.storeToken(targets![role], token)}
					columns={columns}
					onContinue={() => {
						if (controller.request.bump.length > 0) {
							void startRelease(session!, controller.request.bump);
						} else {
							setPhase({name: 'version'});
						}
					}}
					onQuit={quit}
				/>
			);
		}

		case 'version': {
			return (
				<VersionScreen
					packages={session!.plan.packages}
					versioning={session!.plan.versioning}
					columns={columns}
					onChoose={bump => {
						void startRelease(session!, bump);
					}}
					onQuit={quit}
				/>
			);
		}

		case 'release': {
			return (
				<Box flexDirection="column">
					<ReleaseScreen engine={phase.started.engine} notes={controller.notes} pending={pending} rows={rows} columns={columns} onMounted={() => releaseMounted.current?.()} />
					{pending === undefined ? undefined : <QuestionScreen key={pending.question.id} question={pending.question} columns={columns} rows={Math.max(8, rows - 10)} onAnswer={pending.answer} />}
				</Box>
			);
		}

		case 'done': {
			const {outcome, record} = phase;
			return (
				<SummaryScreen
					summary={releaseSummary(record)}
					outcome={outcome.status}
					failure={record.failure}
					recordFile={controller.store.file}
					resumeCommand={controller.resumeCommand}
					columns={columns}
				/>
			);
		}

		case 'error': {
			return (
				<Box flexDirection="column">
					<Paragraph text={phase.message} width={columns} mark={{symbol: symbols.failed, tone: 'failure'}} />
					{phase.hint?.split('\n').map(line => <Paragraph key={line} text={line} width={columns} indent={2} />)}
				</Box>
			);
		}

		case 'quit': {
			return <Text>{phase.message}</Text>;
		}
	}
}

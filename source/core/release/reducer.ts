import type {PackageRecord, ReleaseAction, ReleaseRecord, StepId, StepRecord} from './types.js';

/**
 * The release record after `action`: a pure function, so the saved state, the front ends and
 * the tests all see the same thing. `now` stamps `updatedAt`.
 */
export function reduceRelease(record: ReleaseRecord, action: ReleaseAction, now: string): ReleaseRecord {
	const next = apply(record, action);
	return next === record ? record : {...next, updatedAt: now};
}

function apply(record: ReleaseRecord, action: ReleaseAction): ReleaseRecord {
	switch (action.type) {
		case 'step-started': {
			return {
				...withStep(record, action.step, {title: action.title, status: 'running', startedAt: action.at, log: action.log}),
				status: 'running',
				failure: undefined,
			};
		}

		case 'step-finished': {
			const step = record.steps[action.step];
			return withStep(record, action.step, {
				...step,
				status: 'done',
				finishedAt: action.at,
				durationMs: elapsed(step.startedAt, action.at),
				message: action.message,
				tail: undefined,
			});
		}

		case 'step-failed': {
			const step = record.steps[action.step];
			return {
				...withStep(record, action.step, {
					...step,
					status: 'failed',
					finishedAt: action.at,
					durationMs: elapsed(step.startedAt, action.at),
					message: action.message,
					tail: action.tail,
				}),
				status: 'failed',
				failure: {step: action.step, message: action.message, hint: action.hint, exitCode: action.exitCode, log: step.log, tail: action.tail},
			};
		}

		case 'step-skipped': {
			return {
				...withStep(record, action.step, {title: action.title, status: 'skipped', message: action.reason}),
				skips: [...record.skips.filter(skip => skip.step !== action.step), {step: action.step, reason: action.reason}],
			};
		}

		case 'step-reset': {
			const step = record.steps[action.step];
			return withStep(record, action.step, {title: step.title, status: 'pending', log: step.log});
		}

		case 'warning-raised': {
			return record.warnings.includes(action.message) ? record : {...record, warnings: [...record.warnings, action.message]};
		}

		case 'version-files-planned': {
			return {...record, versionFiles: [...action.files]};
		}

		case 'version-committed': {
			return {...record, commit: action.commit};
		}

		case 'package-build-started': {
			return withPackage(record, action.name, {status: 'building', files: [], builtFrom: undefined, durationMs: undefined});
		}

		case 'package-built': {
			return withPackage(record, action.name, {status: 'built', files: action.files, builtFrom: action.builtFrom, durationMs: action.durationMs});
		}

		case 'package-build-failed': {
			return withPackage(record, action.name, {status: 'failed', files: [], builtFrom: undefined});
		}

		case 'toggles-applied': {
			return {...record, toggles: [...action.toggles]};
		}

		case 'toggles-restored': {
			return record.toggles.length === 0 ? record : {...record, toggles: []};
		}

		case 'findings-reported': {
			return {...record, findings: [...action.findings]};
		}

		case 'release-interrupted': {
			const steps = Object.fromEntries(
				Object.entries(record.steps).map(([id, step]) => [id, step.status === 'running' ? {...step, status: 'pending' as const} : step]),
			) as Record<StepId, StepRecord>;
			return {...record, steps, status: 'interrupted'};
		}

		case 'release-ready': {
			return {...record, status: 'ready', failure: undefined};
		}
	}
}

function withStep(record: ReleaseRecord, id: StepId, step: StepRecord): ReleaseRecord {
	return {...record, steps: {...record.steps, [id]: step}};
}

function withPackage(record: ReleaseRecord, name: string, change: Partial<PackageRecord>): ReleaseRecord {
	const current = record.packages[name];
	if (current === undefined) {
		return record;
	}

	return {...record, packages: {...record.packages, [name]: {...current, ...change}}};
}

function elapsed(startedAt: string | undefined, finishedAt: string): number | undefined {
	return startedAt === undefined ? undefined : Date.parse(finishedAt) - Date.parse(startedAt);
}

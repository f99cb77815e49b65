import type {BuiltFile, IndexRole, PackageRecord, ReleaseAction, ReleaseRecord, StepId, StepRecord, UploadState} from './types.js';

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
			const step = stepOf(record, action.step);
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
			const step = stepOf(record, action.step);
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
			const step = stepOf(record, action.step);
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
			return withPackage(record, action.name, {status: 'building', files: [], builtFrom: undefined, durationMs: undefined, uploads: pendingUploads([])});
		}

		case 'package-built': {
			// New bytes, new upload state (the build step never rebuilds a package once a file of it was sent).
			return withPackage(record, action.name, {
				status: 'built',
				files: action.files,
				builtFrom: action.builtFrom,
				durationMs: action.durationMs,
				uploads: pendingUploads(action.files),
				installCheck: undefined,
			});
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

		case 'steps-added': {
			const added = action.steps.filter(step => record.steps[step.id] === undefined);
			if (added.length === 0) {
				return record;
			}

			return {...record, steps: {...record.steps, ...Object.fromEntries(added.map(step => [step.id, {title: step.title, status: 'pending'} satisfies StepRecord]))}};
		}

		case 'targets-chosen': {
			return {...record, targets: {...action.targets}};
		}

		case 'file-upload-started': {
			return withUpload(record, action.name, action.role, action.file, 'uploading');
		}

		case 'file-uploaded': {
			return withUpload(record, action.name, action.role, action.file, 'uploaded');
		}

		case 'file-visible': {
			return withUpload(record, action.name, action.role, action.file, 'visible');
		}

		case 'install-checked': {
			return withPackage(record, action.name, {installCheck: {status: action.status, durationMs: action.durationMs}});
		}

		case 'tag-created': {
			return {...record, tag: {name: action.name, commit: action.commit, created: true, pushed: false}};
		}

		case 'tag-pushed': {
			return record.tag === undefined ? record : {...record, tag: {...record.tag, pushed: true}};
		}

		case 'downstream-updated': {
			const entry = {path: action.path, branch: action.branch, commit: action.commit, status: action.commit === undefined ? ('pending' as const) : ('committed' as const)};
			const known = record.downstream.some(downstream => downstream.path === action.path);
			return {...record, downstream: known ? record.downstream.map(downstream => (downstream.path === action.path ? entry : downstream)) : [...record.downstream, entry]};
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

function withUpload(record: ReleaseRecord, name: string, role: IndexRole, file: string, state: UploadState): ReleaseRecord {
	const current = record.packages[name];
	if (current === undefined) {
		return record;
	}

	return withPackage(record, name, {uploads: {...current.uploads, [role]: {...current.uploads[role], [file]: state}}});
}

function pendingUploads(files: readonly BuiltFile[]): PackageRecord['uploads'] {
	const pending: Record<string, UploadState> = Object.fromEntries(files.map(file => [file.name, 'pending']));
	return {test: pending, production: {...pending}};
}

/** A step the record lacks (a step list that grew) reads as pending. */
function stepOf(record: ReleaseRecord, id: StepId): StepRecord {
	return record.steps[id] ?? {status: 'pending'};
}

function elapsed(startedAt: string | undefined, finishedAt: string): number | undefined {
	return startedAt === undefined ? undefined : Date.parse(finishedAt) - Date.parse(startedAt);
}

import {stepIds, type ReleaseRecord, type StepId, type StepRecord} from '../../source/core/release/types.js';

/** A valid record of a one-package synchronized release, nothing run yet. */
export function sampleRecord(root = '/repo'): ReleaseRecord {
	return {
		schema: 2,
		root,
		createdAt: '2026-01-01T00:00:00.000Z',
		updatedAt: '2026-01-01T00:00:00.000Z',
		status: 'running',
		bump: ['minor'],
		versioning: 'synchronized',
		version: '1.1.0',
		dryRun: false,
		packages: {core: {name: 'core', normalizedName: 'core', path: 'core', previousVersion: '1.0.0', version: '1.1.0', batch: 0, status: 'queued', files: []}},
		batches: [['core']],
		folder: '/nonexistent/release',
		steps: Object.fromEntries(stepIds.map(id => [id, {title: `Title of ${id}`, status: 'pending'} satisfies StepRecord])) as Record<StepId, StepRecord>,
		skips: [],
		versionFiles: [],
		commit: undefined,
		toggles: [],
		findings: [],
		warnings: [],
		failure: undefined,
	};
}

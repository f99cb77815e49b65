import {localStepIds, type ReleaseRecord, type StepId, type StepRecord} from '../../source/core/release/types.js';

/** A valid record of a one-package synchronized release, nothing run yet. */
export function sampleRecord(root = '/repo'): ReleaseRecord {
	return {
		schema: 3,
		root,
		createdAt: '2026-01-01T00:00:00.000Z',
		updatedAt: '2026-01-01T00:00:00.000Z',
		status: 'running',
		bump: ['minor'],
		versioning: 'synchronized',
		version: '1.1.0',
		dryRun: false,
		packages: {core: {name: 'core', normalizedName: 'core', path: 'core', previousVersion: '1.0.0', version: '1.1.0', batch: 0, status: 'queued', files: [], uploads: {test: {}, production: {}}, installCheck: undefined}},
		batches: [['core']],
		folder: '/nonexistent/release',
		steps: Object.fromEntries(localStepIds.map(id => [id, {title: `Title of ${id}`, status: 'pending'} satisfies StepRecord])),
		skips: [],
		versionFiles: [],
		commit: undefined,
		toggles: [],
		findings: [],
		warnings: [],
		targets: {},
		tag: undefined,
		downstream: [],
		failure: undefined,
	};
}

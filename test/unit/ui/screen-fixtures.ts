import type {Plan, PythonPackage} from '../../../source/core/plan/types.js';
import {publishingStepIds, type PackageRecord, type ReleaseRecord, type StepRecord} from '../../../source/core/release/types.js';
import type {VersionLocation} from '../../../source/core/version/types.js';
import type {TargetView} from '../../../source/ui/wizard-types.js';
import {sampleRecord} from '../../helpers/release-record.js';

function location(file: string, line: number, version: string): VersionLocation {
	return {file, line, column: 12, text: `version = "${version}"`, version, kind: 'pyproject-project'};
}

/** A package of a plan, in `path`, its version in pyproject.toml and a version module. */
export function planPackage(name: string, path: string, version = '1.0.0', dependencies: readonly string[] = []): PythonPackage {
	const prefix = path === '.' ? '' : `${path}/`;
	return {
		name,
		normalizedName: name.toLowerCase().replaceAll(/[-_.]+/g, '-'),
		version,
		path,
		absolutePath: `/repo/${path}`,
		backend: 'setuptools',
		metadataSource: 'static',
		projectFiles: ['pyproject.toml'],
		dependencies,
		siblingRequirements: [],
		versionLocations: [location(`${prefix}pyproject.toml`, 3, version), location(`${prefix}src/${name.replaceAll('-', '_')}/__init__.py`, 1, version)],
	};
}

export function samplePlan(packages: readonly PythonPackage[], batches: ReadonlyArray<readonly string[]>, changes: Partial<Plan> = {}): Plan {
	return {
		root: '/home/someone/projects/monorepo',
		versioning: 'synchronized',
		packages,
		batches,
		buildToggles: [],
		excluded: [],
		sharedVersionLocations: [],
		warnings: [],
		...changes,
	};
}

/** A monorepo of `count` packages: one base package, then the rest in batches of up to 40. */
export function monorepoPlan(count: number): Plan {
	const names = Array.from({length: count}, (_, index) => (index === 0 ? 'base' : `plugin-${String(index).padStart(3, '0')}`));
	const packages = names.map((name, index) => planPackage(name, index === 0 ? 'libs/base' : `plugins/group-${Math.floor(index / 10)}/${name}`, '2.4.0', index === 0 ? [] : ['base']));
	const batches: string[][] = [['base']];
	for (let start = 1; start < count; start += 40) {
		batches.push(names.slice(start, start + 40));
	}

	return samplePlan(packages, batches);
}

export const testTarget: TargetView = {
	role: 'test',
	display: 'TestPyPI',
	uploadUrl: 'https://test.pypi.org/legacy/',
	token: {kind: 'stored', source: 'OS keychain', scope: 'account', projects: [], expiresAt: '2026-12-31T00:00:00.000Z'},
};

export const productionTarget: TargetView = {
	role: 'production',
	display: 'PyPI',
	uploadUrl: 'https://upload.pypi.org/legacy/',
	token: {kind: 'missing', tokenPage: 'https://pypi.org/manage/account/token/'},
};

const testRecord = {name: 'testpypi', uploadUrl: 'https://test.pypi.org/legacy/', simpleBase: 'https://test.pypi.org/simple/', jsonBase: 'https://test.pypi.org/pypi/', display: 'TestPyPI'};
const productionRecord = {name: 'pypi', uploadUrl: 'https://upload.pypi.org/legacy/', simpleBase: 'https://pypi.org/simple/', jsonBase: 'https://pypi.org/pypi/', display: 'PyPI'};

function builtPackage(name: string, batch: number, uploads: {test: 'pending' | 'uploaded' | 'visible'; production: 'pending' | 'uploaded' | 'visible'}): PackageRecord {
	const stem = `${name.replaceAll('-', '_')}-1.1.0`;
	const files = [`${stem}.tar.gz`, `${stem}-py3-none-any.whl`].map(file => ({path: `/repo/.release/dist/${file}`, name: file, size: 2048, sha256: 'ab'.repeat(32)}));
	const states = (state: 'pending' | 'uploaded' | 'visible') => Object.fromEntries(files.map(file => [file.name, state]));
	return {
		name,
		normalizedName: name,
		path: `packages/${name}`,
		previousVersion: '1.0.0',
		version: '1.1.0',
		batch,
		status: 'built',
		files,
		uploads: {test: states(uploads.test), production: states(uploads.production)},
		installCheck: undefined,
	};
}

const done = (title: string, durationMs: number): StepRecord => ({title, status: 'done', startedAt: '2026-01-01T00:00:00.000Z', finishedAt: '2026-01-01T00:00:01.000Z', durationMs});

/**
 * A three-package release to TestPyPI and PyPI: the local steps done, `core` and `utils` on the test
 * index, `cli` not yet; the test upload failed (or was interrupted while waiting).
 */
export function stoppedRecord(how: 'failed' | 'interrupted'): ReleaseRecord {
	const base = sampleRecord();
	const steps: Record<string, StepRecord> = {
		preflight: done('Preflight', 1200),
		version: done('Version', 300),
		tests: {title: 'Tests', status: 'skipped', message: '--skip tests'},
		build: done('Build', 14_000),
		check: done('Check', 2100),
		inspect: done('Inspect', 400),
		'upload-test': how === 'failed' ? {title: 'Upload to the test index', status: 'failed', durationMs: 65_000, message: 'The index refused cli_tool-1.1.0.tar.gz', log: '/repo/.release/logs/upload-test.log'} : {title: 'Upload to the test index', status: 'pending'},
		...Object.fromEntries(publishingStepIds.filter(id => id !== 'upload-test').map(id => [id, {title: `Title of ${id}`, status: 'pending'} satisfies StepRecord])),
	};
	return {
		...base,
		status: how,
		version: '1.1.0',
		packages: {core: builtPackage('core', 0, {test: 'visible', production: 'pending'}), utils: builtPackage('utils', 0, {test: 'uploaded', production: 'pending'}), 'cli-tool': builtPackage('cli-tool', 1, {test: 'pending', production: 'pending'})},
		batches: [['core', 'utils'], ['cli-tool']],
		steps,
		skips: [{step: 'tests', reason: '--skip tests'}],
		commit: '0123456789abcdef0123456789abcdef01234567',
		targets: {test: testRecord, production: productionRecord},
		failure:
			how === 'failed'
				? {
						step: 'upload-test',
						message: 'The index refused cli_tool-1.1.0.tar.gz: 403 Forbidden',
						hint: 'The token does not cover the project cli-tool: make an account-wide token for its first upload.',
						exitCode: 1,
						log: '/home/someone/projects/monorepo/.git/pypi-wizard/releases/2026-01-01/logs/upload-test.log',
						tail: ['Uploading cli_tool-1.1.0.tar.gz', 'HTTPError: 403 Forbidden from https://test.pypi.org/legacy/'],
					}
				: undefined,
	};
}

/** A finished release of `count` packages on both indexes, with a pushed tag. */
export function releasedRecord(count = 2): ReleaseRecord {
	const names = Array.from({length: count}, (_, index) => (index === 0 ? 'core' : `plugin-${index}`));
	const base = stoppedRecord('interrupted');
	return {
		...base,
		status: 'ready',
		packages: Object.fromEntries(names.map((name, index) => [name, builtPackage(name, index === 0 ? 0 : 1, {test: 'visible', production: 'visible'})])),
		batches: count === 1 ? [['core']] : [['core'], names.slice(1)],
		steps: Object.fromEntries(Object.entries(base.steps).map(([id, step]) => [id, step.status === 'skipped' ? step : {...step, status: 'done' as const, durationMs: step.durationMs ?? 5000}])),
		tag: {name: 'v1.1.0', commit: '0123456789abcdef0123456789abcdef01234567', created: true, pushed: true},
	};
}

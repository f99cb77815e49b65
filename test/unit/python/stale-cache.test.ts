import {expect, test} from 'vitest';
import type {IndexFile} from '../../../source/core/index/simple-api.js';
import {classifyInstallFailure, fileVersion, parsePipFailure, staleCacheFixes, type DiagnoseInput, type IndexListings} from '../../../source/core/python/stale-cache.js';

// pip's own words (pip 23, as it prints them), and what the index lists, decide what went wrong.

const test_ = 'http://127.0.0.1:8080/testpypi/simple/';
const production = 'http://127.0.0.1:8080/pypi/simple/';

const notFound = (requirement: string, versions = 'none', from?: string) =>
	[
		`Looking in indexes: ${test_}, ${production}`,
		`ERROR: Could not find a version that satisfies the requirement ${requirement}${from === undefined ? '' : ` (from ${from})`} (from versions: ${versions})`,
		`ERROR: No matching distribution found for ${requirement}`,
	].join('\n');

const conflict = `Looking in indexes: ${test_}
ERROR: Cannot install alpha-x==1.0.0 and alpha-x==1.1.0 because these package versions have conflicting dependencies.

The conflict is caused by:
    The user requested alpha-x==1.0.0
    The user requested alpha-x==1.1.0

To fix this you could try to:
1. loosen the range of package versions you've specified
2. remove package versions to allow pip attempt to solve the dependency conflict

ERROR: ResolutionImpossible: for help visit https://pip.pypa.io/en/latest/topics/dependency-resolution/#dealing-with-dependency-conflicts`;

const file = (filename: string, extra: Partial<IndexFile> = {}): IndexFile => ({filename, url: `${test_}files/${filename}`, sha256: 'ab', yanked: false, ...extra});

const listings = (entries: Record<string, Record<string, IndexFile[]>>): IndexListings =>
	new Map(Object.entries(entries).map(([index, projects]) => [index, new Map(Object.entries(projects))]));

const input = (output: string, extra: Partial<DiagnoseInput> = {}): DiagnoseInput => ({
	name: 'alpha-x',
	version: '1.1.0',
	failure: parsePipFailure(output),
	indexes: [test_, production],
	pipCacheDir: '/release/install-check/alpha-x/pip-cache',
	pythonVersion: '3.11.7',
	...extra,
});

test('pip’s failure read: the requirement, what pulled it in, the versions pip saw, its ERROR lines', () => {
	expect(parsePipFailure(notFound('dep-y==2.0', '1.0, 1.5', 'beta-x==1.0.0'))).toEqual({
		missing: [{requirement: 'dep-y==2.0', name: 'dep-y', specifier: '==2.0', requiredBy: 'beta-x==1.0.0', seenVersions: ['1.0', '1.5']}],
		conflict: false,
		networkTrouble: false,
		lines: ['ERROR: Could not find a version that satisfies the requirement dep-y==2.0 (from beta-x==1.0.0) (from versions: 1.0, 1.5)', 'ERROR: No matching distribution found for dep-y==2.0'],
	});
	expect(parsePipFailure('ERROR: No matching distribution found for My_Pkg[cli]>=2; python_version > "3"').missing).toEqual([
		{requirement: 'My_Pkg[cli]>=2; python_version > "3"', name: 'my-pkg', specifier: '>=2', requiredBy: undefined, seenVersions: undefined},
	]);
	expect(parsePipFailure(conflict)).toMatchObject({missing: [], conflict: true});
	expect(parsePipFailure("WARNING: Retrying (Retry(total=0, connect=None, read=None, redirect=None, status=None)) after connection broken by 'NewConnectionError(...)': /simple/gamma-x/").networkTrouble).toBe(true);
});

test('the index lists the version pip did not see: a stale cache, naming pip’s cache folder, narrowest fix first', () => {
	const diagnosis = classifyInstallFailure(input(notFound('alpha-x==1.1.0', '1.0.0')), listings({[test_]: {'alpha-x': [file('alpha_x-1.0.0-py3-none-any.whl'), file('alpha_x-1.1.0-py3-none-any.whl'), file('alpha_x-1.1.0.tar.gz')]}}));
	expect(diagnosis).toMatchObject({
		kind: 'stale-cache',
		installer: 'pip',
		listedOn: test_,
		listedFiles: ['alpha_x-1.1.0-py3-none-any.whl', 'alpha_x-1.1.0.tar.gz'],
		cache: `pip's HTTP cache (/release/install-check/alpha-x/pip-cache), or a cache between pip and ${test_} (a proxy or the index's CDN)`,
	});
	expect(diagnosis.fixes.map(fix => fix.id)).toEqual(['retry-no-cache-dir', 'wait-and-retry']);
});

test('already retried without pip’s cache: only a cache between is left, and no --no-cache-dir is offered again', () => {
	const diagnosis = classifyInstallFailure(input(notFound('alpha-x==1.1.0', '1.0.0'), {pipCacheDir: undefined}), listings({[test_]: {'alpha-x': [file('alpha_x-1.1.0.tar.gz')]}}));
	expect(diagnosis).toMatchObject({kind: 'stale-cache', cache: `a cache between pip and ${test_} (a proxy or the index's CDN); pip ran without its own cache`});
	expect(diagnosis.fixes.map(fix => fix.id)).toEqual(['wait-and-retry']);
});

test('a project that uses uv or poetry gets their cache commands too, for the user’s own machine', () => {
	expect(staleCacheFixes({name: 'alpha-x', requirement: 'alpha-x==1.1.0'}, {pipCacheDir: undefined, installers: {uv: true, poetry: {source: 'testpypi'}}})).toEqual([
		expect.objectContaining({id: 'wait-and-retry', scope: 'install-check'}),
		expect.objectContaining({id: 'uv-refresh-package', command: "uv pip install --refresh-package alpha-x 'alpha-x==1.1.0'", scope: 'your-environment'}),
		expect.objectContaining({id: 'uv-cache-clean', command: 'uv cache clean alpha-x', scope: 'your-environment'}),
		expect.objectContaining({id: 'poetry-cache-clear', command: 'poetry cache clear --all testpypi', scope: 'your-environment'}),
	]);
});

test('the release’s own version listed nowhere: not visible yet (propagation), with a wait', () => {
	const diagnosis = classifyInstallFailure(input(notFound('alpha-x==1.1.0', '1.0.0')), listings({[test_]: {'alpha-x': [file('alpha_x-1.0.0-py3-none-any.whl')]}, [production]: {}}));
	expect(diagnosis).toMatchObject({kind: 'not-visible', index: test_, fixes: [{id: 'wait-and-retry'}]});
	expect(diagnosis.message).toBe(`${test_} does not list alpha-x 1.1.0 yet: the upload has not propagated to its simple page.`);
});

test('a sibling package of the release, pulled in as a dependency and not listed yet: also propagation', () => {
	const own = new Map([
		['alpha-x', '1.1.0'],
		['core-x', '1.1.0'],
	]);
	const diagnosis = classifyInstallFailure(input(notFound('core-x==1.1.0', 'none', 'alpha-x==1.1.0'), {ownPackages: own}), listings({}));
	expect(diagnosis).toMatchObject({kind: 'not-visible', requirement: {name: 'core-x', requiredBy: 'alpha-x==1.1.0'}});
});

test('a dependency no index has: a resolution failure with pip’s lines and no fix to offer', () => {
	const output = notFound('dep-nowhere==9.9.9', 'none', 'alpha-x==1.1.0');
	const diagnosis = classifyInstallFailure(input(output), listings({[test_]: {'dep-nowhere': []}, [production]: {'dep-nowhere': []}}));
	expect(diagnosis).toEqual({
		kind: 'resolution-failure',
		requirement: expect.objectContaining({name: 'dep-nowhere'}),
		pipLines: output.split('\n').slice(1),
		fixes: [],
		message: `No index offers an installable dep-nowhere==9.9.9 (required by alpha-x==1.1.0): ${test_} and ${production} list no file for it.`,
	});
});

test('listed files this Python cannot install are no stale cache: Requires-Python, a wheel for another interpreter', () => {
	const tooNew = listings({[test_]: {'alpha-x': [file('alpha_x-1.1.0-py3-none-any.whl', {requiresPython: '>=3.13'})]}});
	expect(classifyInstallFailure(input(notFound('alpha-x==1.1.0', '1.0.0')), tooNew)).toMatchObject({
		kind: 'resolution-failure',
		message: expect.stringContaining('alpha_x-1.1.0-py3-none-any.whl is listed, but not for this Python'),
	});

	const otherInterpreter = listings({[test_]: {'alpha-x': [file('alpha_x-1.1.0-cp312-cp312-manylinux_2_17_x86_64.whl')]}});
	expect(classifyInstallFailure(input(notFound('alpha-x==1.1.0', '1.0.0')), otherInterpreter).kind).toBe('resolution-failure');
	const tags = new Set(['cp312-cp312-manylinux_2_17_x86_64', 'py3-none-any']);
	expect(classifyInstallFailure(input(notFound('alpha-x==1.1.0', '1.0.0'), {compatibleTags: tags}), otherInterpreter).kind).toBe('stale-cache');
});

test('pip saw the version and refused it anyway: not a cache', () => {
	const diagnosis = classifyInstallFailure(input(notFound('alpha-x==1.1.0', '1.0.0, 1.1.0')), listings({[test_]: {'alpha-x': [file('alpha_x-1.1.0.tar.gz')]}}));
	expect(diagnosis.kind).toBe('resolution-failure');
});

test('a yanked file satisfies an exact pin only, as in pip', () => {
	const yanked = listings({[production]: {'dep-y': [file('dep_y-2.0.0.tar.gz', {yanked: 'broken'})]}});
	expect(classifyInstallFailure(input(notFound('dep-y==2.0.0', 'none', 'alpha-x==1.1.0')), yanked).kind).toBe('stale-cache');
	expect(classifyInstallFailure(input(notFound('dep-y>=2', 'none', 'alpha-x==1.1.0')), yanked).kind).toBe('resolution-failure');
});

test('conflicting requirements: a resolution failure with the conflict explained', () => {
	const diagnosis = classifyInstallFailure(input(conflict), listings({}));
	expect(diagnosis).toMatchObject({kind: 'resolution-failure', requirement: undefined, message: 'pip could not install alpha-x==1.1.0: the requirements conflict.'});
	expect(diagnosis.kind === 'resolution-failure' && diagnosis.pipLines).toEqual([
		'ERROR: Cannot install alpha-x==1.0.0 and alpha-x==1.1.0 because these package versions have conflicting dependencies.',
		'The conflict is caused by:',
		'    The user requested alpha-x==1.0.0',
		'    The user requested alpha-x==1.1.0',
		'ERROR: ResolutionImpossible: for help visit https://pip.pypa.io/en/latest/topics/dependency-resolution/#dealing-with-dependency-conflicts',
	]);
});

test('versions from file names: wheels, sdists; an unknown kind has none', () => {
	expect([fileVersion('alpha_x-1.1.0-py3-none-any.whl'), fileVersion('alpha_x-1.1.0rc1.tar.gz'), fileVersion('alpha-x-2.0.zip'), fileVersion('alpha_x-1.0.exe')]).toEqual(['1.1.0', '1.1.0rc1', '2.0', undefined]);
});

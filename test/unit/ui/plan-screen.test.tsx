import {render} from 'ink-testing-library';
import stringWidth from 'string-width';
import {afterEach, describe, expect, test, vi} from 'vitest';
import chalk from 'chalk';
import type {Plan} from '../../../source/core/plan/types.js';
import {PlanScreen} from '../../../source/ui/ink/screens/plan-screen.js';
import {applyColorPreference} from '../../../source/ui/ink/theme.js';
import type {TargetView, ToolsView} from '../../../source/ui/wizard-types.js';
import {keys, plain, press, waitForFrame} from '../../helpers/ink.js';
import {monorepoPlan, planPackage, productionTarget, samplePlan, testTarget} from './screen-fixtures.js';

const flat = (frame: string) => plain(frame).replaceAll(/\s+/g, ' ');
const widest = (frame: string) => Math.max(...plain(frame).split('\n').map(line => stringWidth(line)));

const tools: ToolsView = {python: '/usr/bin/python3', version: '3.12.3', modules: {build: true, twine: true, pip: true, venv: false}, problem: undefined};

function threePackages(): Plan {
	return samplePlan(
		[planPackage('core', 'packages/core'), planPackage('utils', 'packages/utils'), planPackage('cli-tool', 'packages/cli-tool', '1.0.0', ['core', 'utils'])],
		[['core', 'utils'], ['cli-tool']],
		{sharedVersionLocations: [{file: 'VERSION', line: 1, column: 1, text: '1.0.0', version: '1.0.0', kind: 'version-file'}], warnings: ['CHANGELOG.md has no entry for the next version']},
	);
}

type Options = {plan?: Plan; targets?: readonly TargetView[] | undefined; toolsView?: ToolsView | undefined; warnings?: string[]; columns?: number; rows?: number};

function renderPlan(options: Options = {}) {
	const {plan = threePackages(), warnings = [], columns = 80, rows} = options;
	// `undefined` is a value here (a local release, tools still probing), not "take the default".
	const targets = 'targets' in options ? options.targets : [testTarget, productionTarget];
	const toolsView = 'toolsView' in options ? options.toolsView : tools;
	const onContinue = vi.fn();
	const onQuit = vi.fn();
	const rendered = render(<PlanScreen plan={plan} targets={targets} tools={toolsView} warnings={warnings} columns={columns} rows={rows} onContinue={onContinue} onQuit={onQuit} />);
	return {rendered, onContinue, onQuit};
}

const levelBefore = chalk.level;
afterEach(() => {
	chalk.level = levelBefore;
	vi.unstubAllEnvs();
});

describe('what the plan screen shows', () => {
	test('the repository, the packages by batch with versions and paths, where each version is written', async () => {
		const {rendered} = renderPlan();
		const frame = plain(await waitForFrame(rendered, 'Plan'));
		expect(frame.split('\n')[0]).toBe('Plan');
		expect(flat(frame)).toContain('Nothing has been changed yet: check it, then press Enter.');
		expect(frame).toContain('Repository /home/someone/projects/monorepo');
		expect(flat(frame)).toContain('3 packages in 2 batches, versions synchronized at 1.0.0. A batch is uploaded after the batches it needs.');
		expect(frame).toMatch(/Batch 1\n {4}core {6}1\.0\.0 {2}packages\/core\n {4}utils {5}1\.0\.0 {2}packages\/utils\n {2}Batch 2\n {4}cli-tool {2}1\.0\.0 {2}packages\/cli-tool/);
		expect(frame).toContain('core      pyproject.toml:3, src/core/__init__.py:1');
		expect(frame).toContain('shared  VERSION:1');
	});

	test('a plan taller than the terminal drops its introduction and lists no version locations, so its title stays on screen', async () => {
		const tall = plain(await waitForFrame(renderPlan({rows: 60}).rendered, 'Plan'));
		const lines = tall.split('\n').length;
		expect(flat(tall)).toContain('Nothing has been changed yet');
		expect(tall).toContain('core      pyproject.toml:3, src/core/__init__.py:1');

		const {rendered} = renderPlan({rows: lines - 1});
		const short = plain(await waitForFrame(rendered, frame => frame.includes('Version written in 7 places')));
		expect(short.split('\n')[0]).toBe('Plan');
		expect(short).not.toContain('Nothing has been changed yet');
		expect(short).not.toContain('pyproject.toml:3');
		expect(short).toContain('Version written in 7 places (wizard plan lists them)');
		expect(short.split('\n').length).toBeLessThan(lines - 1);
	});

	test('each target with its token state: stored (source, scope, expiry), missing (the token page)', async () => {
		const {rendered} = renderPlan();
		const frame = plain(await waitForFrame(rendered, 'Plan'));
		expect(frame).toContain('Test: TestPyPI https://test.pypi.org/legacy/');
		expect(frame).toContain('✔ token from OS keychain, account-wide, expires 2026-12-31');
		expect(frame).toContain('Production: PyPI https://upload.pypi.org/legacy/');
		expect(frame).toContain('✖ no token yet: the next screen helps you make one');
		expect(frame).toContain('https://pypi.org/manage/account/token/');
		expect(frame.indexOf('Test: TestPyPI')).toBeLessThan(frame.indexOf('Production: PyPI'));
	});

	test('a project-scoped token names its projects; the sandbox and an unreadable keychain say so', async () => {
		const targets: TargetView[] = [
			{...testTarget, display: 'sandbox testpypi', token: {kind: 'sandbox'}},
			{...productionTarget, token: {kind: 'stored', source: 'TWINE_PASSWORD', scope: 'projects', projects: ['core', 'utils'], expiresAt: undefined}},
		];
		const frame = plain(await waitForFrame(renderPlan({targets}).rendered, 'Plan'));
		expect(frame).toContain('✔ the sandbox makes its own token for this run');
		expect(frame).toContain('✔ token from TWINE_PASSWORD, for core, utils');
		const unknown = renderPlan({targets: [{...testTarget, token: {kind: 'unknown', reason: 'no D-Bus session'}}]});
		expect(plain(await waitForFrame(unknown.rendered, 'Plan'))).toContain('? keychain not readable: no D-Bus session');
	});

	test('a local release says nothing is uploaded; a release whose tokens are still being read never says so', async () => {
		const frame = plain(await waitForFrame(renderPlan({targets: undefined}).rendered, 'Plan'));
		expect(flat(frame)).toContain('Local release: the packages are built and checked, nothing is uploaded.');
		const checking = plain(await waitForFrame(renderPlan({targets: []}).rendered, 'Plan'));
		expect(checking).toContain('Asking the indexes and the keychain…');
		expect(checking).not.toContain('Local release');
	});

	test('tools: still probing, then each module found or missing, then a problem', async () => {
		expect(plain(await waitForFrame(renderPlan({toolsView: undefined}).rendered, 'Plan'))).toContain('Looking for the Python interpreter…');
		expect(plain(await waitForFrame(renderPlan({toolsView: {...tools, modules: undefined}}).rendered, 'Plan'))).toContain('checking build, twine, pip, venv…');
		const frame = plain(await waitForFrame(renderPlan().rendered, 'Plan'));
		expect(frame).toContain('/usr/bin/python3 3.12.3');
		expect(frame).toContain('✔ build  ✔ twine  ✔ pip  ✖ venv');
		const broken = plain(await waitForFrame(renderPlan({toolsView: {...tools, problem: 'twine is not installed for /usr/bin/python3: pip install twine'}}).rendered, 'Plan'));
		expect(flat(broken)).toContain('✖ twine is not installed for /usr/bin/python3: pip install twine');
	});

	test('warnings of the plan and of the session, each once', async () => {
		const frame = plain(await waitForFrame(renderPlan({warnings: ['The working tree has untracked files', 'CHANGELOG.md has no entry for the next version']}).rendered, 'Plan'));
		expect(frame).toContain('2 warnings');
		expect(frame).toContain('⚠ CHANGELOG.md has no entry for the next version');
		expect(frame).toContain('⚠ The working tree has untracked files');
	});
});

describe('keys', () => {
	test('Enter continues', async () => {
		const {rendered, onContinue, onQuit} = renderPlan();
		await waitForFrame(rendered, 'enter continue');
		await press(rendered, keys.enter);
		expect(onContinue).toHaveBeenCalledOnce();
		expect(onQuit).not.toHaveBeenCalled();
	});

	test('q quits', async () => {
		const {rendered, onContinue, onQuit} = renderPlan();
		await waitForFrame(rendered, 'enter continue');
		await press(rendered, 'q');
		expect(onQuit).toHaveBeenCalledOnce();
		expect(onContinue).not.toHaveBeenCalled();
	});

	test('? shows what the screen is for, and hides it again', async () => {
		const {rendered, onContinue} = renderPlan();
		await waitForFrame(rendered, 'enter continue');
		await press(rendered, '?');
		expect(flat(await waitForFrame(rendered, 'Help: Plan'))).toContain('`wizard plan` prints the whole plan');
		await press(rendered, '?');
		await waitForFrame(rendered, frame => !frame.includes('Help: Plan'));
		expect(onContinue).not.toHaveBeenCalled();
	});
});

describe('60 columns and big monorepos', () => {
	test('no line wider than 60; long paths keep their start and their file name', async () => {
		const deep = samplePlan([planPackage('acme-billing-client', 'services/backend/internal/libraries/acme-billing-client', '10.20.30rc1')], [['acme-billing-client']], {
			root: '/home/someone/work/clients/acme-corporation/repositories/python-monorepo',
		});
		const {rendered} = renderPlan({plan: deep, columns: 60});
		const frame = plain(await waitForFrame(rendered, 'Plan'));
		expect(widest(frame)).toBeLessThanOrEqual(60);
		expect(frame).toContain('Repository /home/someone/work/…/repositories/python-monorepo\n');
		expect(frame).toContain('acme-billing-client  10.20.30rc1  …/acme-billing-client\n');
		expect(frame).toContain('acme-billing-client  pyproject.toml:3, src/…/__init__.py:1\n');
	});

	test('a 100-package plan is summarised: a dozen rows, a line per later batch, and where to see all', async () => {
		const {rendered} = renderPlan({plan: monorepoPlan(100), columns: 60});
		const frame = plain(await waitForFrame(rendered, 'Plan'));
		expect(widest(frame)).toBeLessThanOrEqual(60);
		expect(frame.split('\n').length).toBeLessThan(60);
		expect(frame).toContain('100 packages in 4 batches');
		expect(frame).toContain('plugin-011  2.4.0  plugins/group-1/plugin-011');
		expect(frame).not.toContain('plugin-012  2.4.0');
		expect(frame).toContain('… 29 more in batch 2');
		expect(frame).toContain('Batch 3: 40 packages');
		expect(frame).toContain('Batch 4: 19 packages');
		expect(frame).toContain('12 of 100 shown: wizard plan lists every package');
		expect(frame).toContain('… 95 more packages, 190 places: wizard plan lists them');
	});

	test('hundreds of batches: the batch lines are capped too', async () => {
		const names = Array.from({length: 30}, (_, index) => `chain-${index}`);
		const chain = samplePlan(
			names.map(name => planPackage(name, `libs/${name}`)),
			names.map(name => [name]),
		);
		const frame = plain(await waitForFrame(renderPlan({plan: chain, columns: 60}).rendered, 'Plan'));
		expect(frame).toContain('Batch 13: 1 package');
		expect(frame).toContain('Batch 16: 1 package');
		expect(frame).not.toContain('Batch 17');
		expect(frame).toContain('… 14 more batches (14 packages)');
	});

	test('NO_COLOR: no colour in the frame; FORCE_HYPERLINK: the token page is a hyperlink and its URL stays visible', async () => {
		applyColorPreference({NO_COLOR: '1'}, 3);
		vi.stubEnv('FORCE_HYPERLINK', '1');
		const frame = await waitForFrame(renderPlan({columns: 60}).rendered, frame => plain(frame).includes('enter continue'));
		// eslint-disable-next-line no-control-regex
		expect(frame).not.toMatch(/\u001B\[(?:3[0-9]|9[0-7])m/);
		expect(frame).toContain('\u001B]8;;https://pypi.org/manage/account/token/\u0007https://pypi.org/manage/account/token/\u001B]8;;\u0007');
		expect(widest(frame)).toBeLessThanOrEqual(60);
	});
});

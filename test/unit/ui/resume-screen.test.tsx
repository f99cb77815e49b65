import {render} from 'ink-testing-library';
import stringWidth from 'string-width';
import {afterEach, describe, expect, test, vi} from 'vitest';
import chalk from 'chalk';
import {DamagedRecordScreen, ResumeScreen, type ResumeChoice} from '../../../source/ui/ink/screens/resume-screen.js';
import {applyColorPreference} from '../../../source/ui/ink/theme.js';
import {keys, plain, press, waitForFrame} from '../../helpers/ink.js';
import {stoppedRecord} from './screen-fixtures.js';
import type {ReleaseRecord} from '../../../source/core/release/types.js';

const recordFile = '/home/someone/.config/pypi-wizard/releases/0f3a9c1e2b/monorepo-record.json';

function renderResume(record: ReleaseRecord = stoppedRecord('failed'), columns = 80) {
	const onChoose = vi.fn<(choice: ResumeChoice) => void>();
	const rendered = render(<ResumeScreen record={record} description="1.1.0" recordFile={recordFile} columns={columns} onChoose={onChoose} />);
	return {rendered, onChoose};
}

/** The frame as one line of words: prose assertions that do not depend on where lines wrap. */
const flat = (frame: string) => plain(frame).replaceAll(/\s+/g, ' ');
const widest = (frame: string) => Math.max(...plain(frame).split('\n').map(line => stringWidth(line)));

const levelBefore = chalk.level;
afterEach(() => {
	chalk.level = levelBefore;
});

describe('what the resume screen shows', () => {
	test('a failed release: what was released where, where it stopped and why, the hint', async () => {
		const {rendered} = renderResume();
		const frame = plain(await waitForFrame(rendered, 'Resume'));
		expect(frame.split('\n')[0]).toBe('Resume');
		expect(frame).toContain('A release of 1.1.0 started 2026-01-01 and did not finish.');
		expect(flat(frame)).toContain('✖ It stopped at Upload to the test index: The index refused cli_tool-1.1.0.tar.gz: 403 Forbidden');
		expect(flat(frame)).toContain('The token does not cover the project cli-tool: make an account-wide token for its first upload.');
		expect(frame).toContain('✔ version commit 0123456789ab');
		expect(frame).toContain('▸ TestPyPI: 2 of 3 packages uploaded');
		expect(frame).toContain('◌ PyPI: nothing uploaded yet');
		expect(frame).toContain('❯ Resume from Upload to the test index');
		expect(flat(frame)).toContain('Goes on from where it stopped. Finished steps and uploaded files are not repeated.');
		expect(frame).toContain('↑↓ choose  enter select  q quit  ? help');
		expect(frame).not.toContain('Steps');
	});

	test('an interrupted release says where it was interrupted', async () => {
		const {rendered} = renderResume(stoppedRecord('interrupted'));
		const frame = plain(await waitForFrame(rendered, 'Resume'));
		expect(frame).toContain('⚠ It was interrupted at Upload to the test index.');
	});

	test('a release killed without saving says so', async () => {
		const {rendered} = renderResume({...stoppedRecord('interrupted'), status: 'running'});
		expect(plain(await waitForFrame(rendered, 'Resume'))).toContain('without a chance to save');
	});

	test('files already on production start the 14-day clock: the screen says when to finish by', async () => {
		const record = stoppedRecord('interrupted');
		const core = record.packages['core']!;
		const partly: ReleaseRecord = {...record, packages: {...record.packages, core: {...core, uploads: {...core.uploads, production: {[core.files[0]!.name]: 'uploaded'}}}}};
		const frame = plain(await waitForFrame(renderResume(partly).rendered, 'Resume'));
		expect(frame).toContain('▸ PyPI: 0 of 3 packages uploaded');
		expect(frame).toContain('⚠ finish by 2026-01-15 00:00 UTC: PyPI refuses new files after 14 days');
	});
});

describe('keys', () => {
	test('Enter on the first item resumes', async () => {
		const {rendered, onChoose} = renderResume();
		await waitForFrame(rendered, '❯ Resume from');
		await press(rendered, keys.enter);
		expect(onChoose).toHaveBeenCalledExactlyOnceWith('resume');
	});

	test('Show details toggles every step, every package per index, the log and the last lines of output', async () => {
		const {rendered, onChoose} = renderResume();
		await waitForFrame(rendered, '❯ Resume from');
		await press(rendered, keys.down);
		await waitForFrame(rendered, '❯ Show details');
		await press(rendered, keys.enter);
		const frame = plain(await waitForFrame(rendered, '❯ Hide details'));
		expect(frame).toContain('Steps');
		expect(frame).toMatch(/✔ Build {2}14\.0s/);
		expect(frame).toContain('↓ Tests  --skip tests');
		expect(frame).toContain('✖ Upload to the test index  1m5s');
		expect(frame).toContain('core 1.0.0 → 1.1.0  built  TestPyPI visible  PyPI 0/2 files');
		expect(frame).toContain('cli-tool 1.0.0 → 1.1.0  built  TestPyPI 0/2 files  PyPI 0/2 files');
		expect(frame).toContain('│ HTTPError: 403 Forbidden from https://test.pypi.org/legacy/');
		expect(frame).toMatch(/log: \/home\/someone\/.*\/logs\/upload-test\.log/);
		expect(frame).toMatch(/Record: \/home\/someone\/.*\/monorepo-record\.json/);
		await press(rendered, keys.enter);
		expect(plain(await waitForFrame(rendered, '❯ Show details'))).not.toContain('Steps');
		expect(onChoose).not.toHaveBeenCalled();
	});

	test('Start over explains that it discards the record, never the commits or uploads, and chooses start-over', async () => {
		const {rendered, onChoose} = renderResume();
		await waitForFrame(rendered, '❯ Resume from');
		await press(rendered, keys.down);
		await waitForFrame(rendered, '❯ Show details');
		await press(rendered, keys.down);
		const frame = plain(await waitForFrame(rendered, '❯ Start over'));
		expect(flat(frame)).toContain('Forgets this record and begins a new release. Commits, tags and uploaded files stay as they are.');
		await press(rendered, keys.enter);
		expect(onChoose).toHaveBeenCalledExactlyOnceWith('start-over');
	});

	test('Quit in the list and q both quit', async () => {
		const {rendered, onChoose} = renderResume();
		await waitForFrame(rendered, '❯ Resume from');
		await press(rendered, keys.up);
		await waitForFrame(rendered, '❯ Quit');
		await press(rendered, keys.enter);
		expect(onChoose).toHaveBeenLastCalledWith('quit');
		const other = renderResume();
		await waitForFrame(other.rendered, '❯ Resume from');
		await press(other.rendered, 'q');
		expect(other.onChoose).toHaveBeenCalledExactlyOnceWith('quit');
	});

	test('? shows the help for the screen and hides it again', async () => {
		const {rendered, onChoose} = renderResume();
		await waitForFrame(rendered, '❯ Resume from');
		await press(rendered, '?');
		expect(plain(await waitForFrame(rendered, 'Help: Resume'))).toContain('Start over forgets the record only');
		await press(rendered, '?');
		await waitForFrame(rendered, frame => !frame.includes('Help: Resume'));
		expect(onChoose).not.toHaveBeenCalled();
	});
});

describe('60 columns', () => {
	test('no line is wider than 60, with details open; long paths are cut in the middle', async () => {
		const {rendered} = renderResume(stoppedRecord('failed'), 60);
		await waitForFrame(rendered, '❯ Resume from');
		expect(widest(rendered.lastFrame() ?? '')).toBeLessThanOrEqual(60);
		await press(rendered, keys.down);
		await waitForFrame(rendered, '❯ Show details');
		await press(rendered, keys.enter);
		const frame = plain(await waitForFrame(rendered, '❯ Hide details'));
		expect(widest(frame)).toBeLessThanOrEqual(60);
		expect(frame).toContain('Record: /home/…/releases/0f3a9c1e2b/monorepo-record.json');
		expect(frame).toMatch(/log: \/home\/someone\/….*\/logs\/upload-test\.log/);
	});

	test('with 100 packages the details list a few and say where to see all', async () => {
		const record = stoppedRecord('interrupted');
		const core = record.packages['core']!;
		const names = Array.from({length: 100}, (_, index) => `pkg-${index}`);
		const many: ReleaseRecord = {...record, packages: Object.fromEntries(names.map(name => [name, {...core, name, normalizedName: name}])), batches: [names]};
		const {rendered} = renderResume(many, 60);
		await waitForFrame(rendered, '❯ Resume from');
		await press(rendered, keys.down);
		await waitForFrame(rendered, '❯ Show details');
		await press(rendered, keys.enter);
		const frame = plain(await waitForFrame(rendered, '❯ Hide details'));
		expect(frame).toContain('… 92 more: `wizard status` lists them all');
		expect(frame.split('\n').length).toBeLessThan(50);
	});
});

test('NO_COLOR: the screen has no colour even on a colour terminal', async () => {
	applyColorPreference({NO_COLOR: '1'}, 3);
	const {rendered} = renderResume();
	const frame = await waitForFrame(rendered, frame => plain(frame).includes('❯ Resume from'));
	// eslint-disable-next-line no-control-regex
	expect(frame).not.toMatch(/\u001B\[(?:3[0-9]|9[0-7])m/);
	applyColorPreference({}, 3);
	const coloured = renderResume();
	// eslint-disable-next-line no-control-regex
	expect(await waitForFrame(coloured.rendered, frame => plain(frame).includes('❯ Resume from'))).toMatch(/\u001B\[(?:3[0-9]|9[0-7])m/);
});

describe('a damaged record', () => {
	function renderDamaged() {
		const onChoose = vi.fn<(choice: 'start-over' | 'quit') => void>();
		const rendered = render(<DamagedRecordScreen problem="steps.build.status: expected one of pending, running, done" recordFile={recordFile} onChoose={onChoose} />);
		return {rendered, onChoose};
	}

	test('says what is wrong and where, and what each choice does', async () => {
		const {rendered} = renderDamaged();
		const frame = plain(await waitForFrame(rendered, '❯ Start over'));
		expect(frame.split('\n')[0]).toBe('Resume');
		expect(flat(frame)).toContain('✖ The saved record of an earlier release cannot be read: steps.build.status: expected one of pending, running, done.');
		expect(frame).toContain(`File: ${recordFile}`);
		expect(flat(frame)).toContain('the commits, tags and uploads of the earlier run stay as they are');
	});

	test('Enter starts over, down then Enter quits, q quits, ? shows help', async () => {
		const first = renderDamaged();
		await waitForFrame(first.rendered, '❯ Start over');
		await press(first.rendered, keys.enter);
		expect(first.onChoose).toHaveBeenCalledExactlyOnceWith('start-over');

		const second = renderDamaged();
		await waitForFrame(second.rendered, '❯ Start over');
		await press(second.rendered, keys.down);
		await waitForFrame(second.rendered, '❯ Quit');
		await press(second.rendered, keys.enter);
		expect(second.onChoose).toHaveBeenCalledExactlyOnceWith('quit');

		const third = renderDamaged();
		await waitForFrame(third.rendered, '❯ Start over');
		await press(third.rendered, '?');
		await waitForFrame(third.rendered, 'Help: Resume');
		await press(third.rendered, 'q');
		expect(third.onChoose).toHaveBeenCalledExactlyOnceWith('quit');
	});
});

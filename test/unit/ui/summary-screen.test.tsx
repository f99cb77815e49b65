import {render} from 'ink-testing-library';
import stringWidth from 'string-width';
import {afterEach, describe, expect, test, vi} from 'vitest';
import chalk from 'chalk';
import {releaseSummary} from '../../../source/core/release/summary.js';
import type {ReleaseRecord} from '../../../source/core/release/types.js';
import {SummaryScreen, type SummaryOutcome} from '../../../source/ui/ink/screens/summary-screen.js';
import {applyColorPreference} from '../../../source/ui/ink/theme.js';
import {maskTimes, plain, waitForFrame} from '../../helpers/ink.js';
import {sampleRecord} from '../../helpers/release-record.js';
import {releasedRecord, stoppedRecord} from './screen-fixtures.js';

const recordFile = '/home/someone/.config/pypi-wizard/releases/0f3a9c1e2b/monorepo-record.json';
const resumeCommand = 'wizard --ci --python /usr/bin/python3 /home/someone/projects/monorepo';
const flat = (frame: string) => plain(frame).replaceAll(/\s+/g, ' ');
const widest = (frame: string) => Math.max(...plain(frame).split('\n').map(line => stringWidth(line)));

async function summaryFrame(record: ReleaseRecord, outcome: SummaryOutcome, columns = 80): Promise<string> {
	const rendered = render(<SummaryScreen summary={releaseSummary(record)} outcome={outcome} failure={record.failure} recordFile={recordFile} resumeCommand={resumeCommand} columns={columns} />);
	const frame = await waitForFrame(rendered, frame => plain(frame).includes('Summary'));
	rendered.unmount();
	return frame;
}

const levelBefore = chalk.level;
afterEach(() => {
	chalk.level = levelBefore;
	vi.unstubAllEnvs();
});

describe('a finished release', () => {
	test('links to every project page on both indexes, the tag, skipped steps with reasons, time per step, the record', async () => {
		const frame = plain(await summaryFrame(releasedRecord(2), 'ready'));
		expect(frame.split('\n')[0]).toBe('Summary');
		expect(flat(frame)).toContain('✔ Released 1.1.0: 2 packages on PyPI. The pages below are public now.');
		expect(frame).toContain('Anyone can install it now: pip install core==1.1.0');
		expect(frame).toContain('Project pages');
		expect(frame).toMatch(/ {2}core 1\.0\.0 → 1\.1\.0\n {4}✔ TestPyPI https:\/\/test\.pypi\.org\/project\/core\/1\.1\.0\/\n {4}✔ PyPI https:\/\/pypi\.org\/project\/core\/1\.1\.0\//);
		expect(frame).toContain('✔ TestPyPI https://test.pypi.org/project/plugin-1/1.1.0/');
		expect(frame).toContain('✔ PyPI https://pypi.org/project/plugin-1/1.1.0/');
		expect(frame).toContain('Tag v1.1.0 on 0123456789ab, pushed');
		expect(frame).toContain('Skipped\n  ↓ Tests: --skip tests');
		expect(maskTimes(frame)).toMatch(/Time per step\n {2}✔ Preflight +<duration>\n {2}✔ Version +<duration>\n {2}✔ Build +<duration>\n/);
		expect(frame).not.toMatch(/Time per step[\s\S]*Tests/);
		expect(frame).toMatch(/Record: \/home\/someone\/….*\/monorepo-record\.json\n/);
		expect(frame).not.toContain('resume');
	});

	test('a rehearsal on the test index only says production was not part of it', async () => {
		const record = releasedRecord(1);
		const rehearsal: ReleaseRecord = {...record, steps: {...record.steps, 'upload-production': {title: 'Upload to production', status: 'skipped'}}, skips: [{step: 'upload-production', reason: '--stop-after test'}]};
		const frame = plain(await summaryFrame(rehearsal, 'ready'));
		expect(flat(frame)).toContain('✔ Rehearsed 1.1.0: 1 package on TestPyPI. Production was not part of this run.');
		expect(frame).toContain('✔ TestPyPI https://test.pypi.org/project/core/1.1.0/');
		expect(frame).not.toContain('https://pypi.org/project/');
		expect(frame).toContain('↓ Upload to production: --stop-after test');
	});

	test('a local release and a dry run say that nothing was uploaded', async () => {
		const local = plain(await summaryFrame({...sampleRecord(), status: 'ready'}, 'ready'));
		expect(flat(local)).toContain('✔ Built and inspected 1.1.0: 1 package. Nothing was uploaded: no index was given for this run.');
		expect(local).toContain('Packages\n  core 1.0.0 → 1.1.0');
		const dry = plain(await summaryFrame({...releasedRecord(1), dryRun: true}, 'ready'));
		expect(flat(dry)).toContain('✔ Dry run of 1.1.0 finished: 1 package would be released. Nothing was written or uploaded.');
		expect(dry).not.toContain('https://');
	});

	test('files still to upload to production: the 14-day deadline', async () => {
		const record = stoppedRecord('interrupted');
		const core = record.packages['core']!;
		const partly: ReleaseRecord = {...record, packages: {...record.packages, core: {...core, uploads: {...core.uploads, production: {[core.files[0]!.name]: 'uploaded'}}}}};
		const frame = plain(await summaryFrame(partly, 'interrupted'));
		expect(flat(frame)).toContain('⚠ Finish by 2026-01-15 00:00 UTC: 5 file(s) are still to upload to production, and PyPI refuses new files for a release older than 14 days.');
		expect(frame).toContain('▸ PyPI (1 of 2 files)');
	});
});

describe('a release that did not finish', () => {
	test('failed: what failed, the hint, the log, the last lines, and the exact command that resumes', async () => {
		const frame = plain(await summaryFrame(stoppedRecord('failed'), 'failed'));
		expect(flat(frame)).toContain('✖ The release of 1.1.0 stopped at Upload to the test index: The index refused cli_tool-1.1.0.tar.gz: 403 Forbidden');
		expect(flat(frame)).toContain('The token does not cover the project cli-tool: make an account-wide token for its first upload.');
		expect(frame).toMatch(/log: \/home\/someone\/projects\/….*\/logs\/upload-test\.log\n/);
		expect(frame).toContain('│ HTTPError: 403 Forbidden from https://test.pypi.org/legacy/');
		expect(flat(frame)).toContain('Fix the cause, then resume with this command (finished steps and uploaded files are not repeated)');
		expect(frame).toContain(`  ${resumeCommand}\n`);
		expect(frame).toContain('Where the files are');
		expect(frame).toContain('✔ TestPyPI https://test.pypi.org/project/core/1.1.0/');
		expect(frame).toContain('◌ TestPyPI (not uploaded)');
		expect(frame).not.toContain('https://test.pypi.org/project/cli-tool/');
		expect(maskTimes(frame)).toMatch(/✖ Upload to the test index +\S+/);
	});

	test('interrupted: everything so far is saved, and the command that resumes', async () => {
		const frame = plain(await summaryFrame(stoppedRecord('interrupted'), 'interrupted'));
		expect(flat(frame)).toContain('⚠ The release of 1.1.0 was interrupted. Everything finished so far is saved.');
		expect(frame).toContain(`  ${resumeCommand}\n`);
	});
});

describe('60 columns, many packages, colour and links', () => {
	test('no line wider than 60: long URLs go on their own line, whole; the record path is cut in the middle', async () => {
		const record = releasedRecord(2);
		const longName = 'acme-billing-client';
		const renamed: ReleaseRecord = {...record, packages: {...record.packages, 'plugin-1': {...record.packages['plugin-1']!, name: longName}}};
		const frame = plain(await summaryFrame(renamed, 'ready', 60));
		expect(widest(frame)).toBeLessThanOrEqual(60);
		// 56 columns: on a line of its own, indented as far as it still fits.
		expect(frame).toContain(`    ✔ TestPyPI\n    https://test.pypi.org/project/${longName}/1.1.0/\n`);
		expect(frame).toContain(`    ✔ PyPI\n      https://pypi.org/project/${longName}/1.1.0/\n`);
		expect(frame).toContain('Record: /home/…/releases/0f3a9c1e2b/monorepo-record.json');
	});

	test('a failed release at 60 columns keeps the resume command whole', async () => {
		const frame = plain(await summaryFrame(stoppedRecord('failed'), 'failed', 60));
		expect(widest(frame)).toBeLessThanOrEqual(60);
		expect(frame).toContain('  wizard --ci --python /usr/bin/python3 \\\n    /home/someone/projects/monorepo\n');
	});

	test('100 packages: eight with their pages, then how many more and where to see them', async () => {
		const frame = plain(await summaryFrame(releasedRecord(100), 'ready', 60));
		expect(frame).toContain('plugin-7 1.0.0 → 1.1.0');
		expect(frame).not.toContain('plugin-8 1.0.0');
		expect(frame).toContain('… 92 more packages: wizard status lists them all');
		expect(frame.split('\n').length).toBeLessThan(60);
	});

	test('NO_COLOR: no colour; FORCE_HYPERLINK: every page is an OSC 8 link with its URL visible', async () => {
		applyColorPreference({NO_COLOR: '1'}, 3);
		vi.stubEnv('FORCE_HYPERLINK', '1');
		const frame = await summaryFrame(releasedRecord(1), 'ready', 60);
		// eslint-disable-next-line no-control-regex
		expect(frame).not.toMatch(/\u001B\[(?:3[0-9]|9[0-7])m/);
		for (const url of ['https://test.pypi.org/project/core/1.1.0/', 'https://pypi.org/project/core/1.1.0/']) {
			expect(frame).toContain(`\u001B]8;;${url}\u0007${url}\u001B]8;;\u0007`);
		}

		expect(widest(frame)).toBeLessThanOrEqual(60);
	});
});

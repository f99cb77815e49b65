import {render} from 'ink-testing-library';
import {afterEach, describe, expect, test} from 'vitest';
import chalk from 'chalk';
import {PlanScreen} from '../../../source/ui/ink/screens/plan-screen.js';
import {applyColorPreference, colorLevel, stepMark} from '../../../source/ui/ink/theme.js';
import {planPackage, productionTarget, samplePlan, testTarget} from './screen-fixtures.js';

// SGR colour parameters: 30-37, 90-97 (foreground), 40-47, 100-107 (background), 38;/48; (256 and true colour).
// eslint-disable-next-line no-control-regex
const colourSequence = /\u001B\[(?:3[0-8]|4[0-8]|9[0-7]|10[0-7])[;m]/;

const levelBefore = chalk.level;
afterEach(() => {
	chalk.level = levelBefore;
});

function planFrame(): string {
	const rendered = render(
		<PlanScreen plan={samplePlan([planPackage('core', 'core')], [['core']])} targets={[testTarget, productionTarget]} tools={undefined} warnings={['a warning']} columns={60} onContinue={() => {}} onQuit={() => {}} />,
	);
	const frame = rendered.lastFrame() ?? '';
	rendered.unmount();
	return frame;
}

describe('the colour level: chalk and supports-color rules, plus NO_COLOR', () => {
	test.each([
		[{}, 3, 3],
		[{}, 0, 0],
		[{NO_COLOR: '1'}, 3, 0],
		[{NO_COLOR: ''}, 2, 2],
		[{NO_COLOR: '1', FORCE_COLOR: '1'}, 0, 1],
		[{NO_COLOR: '1', FORCE_COLOR: 'true'}, 3, 3],
		[{FORCE_COLOR: '0'}, 3, 0],
		[{FORCE_COLOR: 'false'}, 3, 0],
		[{FORCE_COLOR: ''}, 0, 1],
		[{FORCE_COLOR: '3'}, 0, 3],
		[{FORCE_COLOR: '9'}, 1, 3],
	] as const)('env %j with a terminal of level %i: level %i', (env, detected, expected) => {
		expect(colorLevel(env, detected)).toBe(expected);
	});
});

describe('frames follow the preference (Ink colours through the chalk level the theme sets)', () => {
	test('NO_COLOR=1 on a colour terminal: no ANSI colour in the frame', () => {
		applyColorPreference({NO_COLOR: '1'}, 3);
		const frame = planFrame();
		expect(frame).toContain('Plan');
		expect(frame).not.toMatch(colourSequence);
	});

	test('the same terminal without NO_COLOR: the frame is coloured', () => {
		applyColorPreference({}, 3);
		expect(planFrame()).toMatch(colourSequence);
	});

	test('FORCE_COLOR=1 without a TTY (as ink-testing-library renders): coloured, even with NO_COLOR', () => {
		applyColorPreference({FORCE_COLOR: '1', NO_COLOR: '1'}, 0);
		expect(planFrame()).toMatch(colourSequence);
	});

	test('without a TTY and without FORCE_COLOR: no colour', () => {
		applyColorPreference({}, 0);
		expect(planFrame()).not.toMatch(colourSequence);
	});

	test('applyColorPreference returns the level it replaced', () => {
		chalk.level = 2;
		expect(applyColorPreference({NO_COLOR: '1'}, 2)).toBe(2);
		expect(chalk.level).toBe(0);
	});
});

test('every step state has its own symbol', () => {
	const marks = (['pending', 'running', 'done', 'failed', 'skipped'] as const).map(status => stepMark(status).symbol);
	expect(new Set(marks).size).toBe(5);
	expect(stepMark('done')).toEqual({symbol: '✔', tone: 'success'});
	expect(stepMark('failed')).toEqual({symbol: '✖', tone: 'failure'});
});

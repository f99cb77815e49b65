import {Box, Text} from 'ink';
import {render} from 'ink-testing-library';
import stringWidth from 'string-width';
import {afterEach, describe, expect, test, vi} from 'vitest';
import {hyperlink, Link, supportsHyperlinks} from '../../../source/ui/ink/components/link.js';
import {plain} from '../../helpers/ink.js';

const terminal = {env: {}, isTTY: true, colors: true, platform: 'linux' as const};

describe('supportsHyperlinks follows the rules of the supports-hyperlinks package', () => {
	test.each([
		['FORCE_HYPERLINK=1 wins over no TTY and no colour', {...terminal, env: {FORCE_HYPERLINK: '1'}, isTTY: false, colors: false}, true],
		['FORCE_HYPERLINK=0 wins over a known terminal', {...terminal, env: {FORCE_HYPERLINK: '0', TERM_PROGRAM: 'ghostty'}}, false],
		['an empty FORCE_HYPERLINK is not set', {...terminal, env: {FORCE_HYPERLINK: '', TERM: 'xterm'}}, false],
		['not a TTY', {...terminal, env: {TERM_PROGRAM: 'ghostty'}, isTTY: false}, false],
		['no colour: no links', {...terminal, env: {TERM_PROGRAM: 'ghostty'}, colors: false}, false],
		['Windows Terminal', {...terminal, env: {WT_SESSION: 'abc'}, platform: 'win32' as const}, true],
		['another Windows console', {...terminal, platform: 'win32' as const}, false],
		['CI', {...terminal, env: {CI: 'true', TERM_PROGRAM: 'ghostty'}}, false],
		['TeamCity', {...terminal, env: {TEAMCITY_VERSION: '2024.1', TERM_PROGRAM: 'ghostty'}}, false],
		['iTerm 3.1', {...terminal, env: {TERM_PROGRAM: 'iTerm.app', TERM_PROGRAM_VERSION: '3.1.0'}}, true],
		['iTerm 3.0', {...terminal, env: {TERM_PROGRAM: 'iTerm.app', TERM_PROGRAM_VERSION: '3.0.9'}}, false],
		['WezTerm by date', {...terminal, env: {TERM_PROGRAM: 'WezTerm', TERM_PROGRAM_VERSION: '20240203-110809-5046fc22'}}, true],
		['WezTerm from Nix', {...terminal, env: {TERM_PROGRAM: 'WezTerm', TERM_PROGRAM_VERSION: '0-unstable-2024-05-01'}}, true],
		['VS Code 1.72', {...terminal, env: {TERM_PROGRAM: 'vscode', TERM_PROGRAM_VERSION: '1.72.0'}}, true],
		['VS Code 1.71', {...terminal, env: {TERM_PROGRAM: 'vscode', TERM_PROGRAM_VERSION: '1.71.2'}}, false],
		['Cursor', {...terminal, env: {TERM_PROGRAM: 'vscode', TERM_PROGRAM_VERSION: '0.40.0', CURSOR_TRACE_ID: 'x'}}, true],
		['VTE 0.60 written as 6003', {...terminal, env: {VTE_VERSION: '6003'}}, true],
		['VTE 0.50.0 crashes on links', {...terminal, env: {VTE_VERSION: '0.50.0'}}, false],
		['VTE 0.46', {...terminal, env: {VTE_VERSION: '4601'}}, false],
		['kitty', {...terminal, env: {TERM: 'xterm-kitty'}}, true],
		['tmux or a plain xterm', {...terminal, env: {TERM: 'tmux-256color', TERM_PROGRAM: 'tmux'}}, false],
	])('%s', (_name, input, expected) => {
		expect(supportsHyperlinks(input)).toBe(expected);
	});
});

afterEach(() => {
	vi.unstubAllEnvs();
});

const url = 'https://test.pypi.org/project/some-package-name/1.2.3/';

describe('<Link>', () => {
	test('where hyperlinks are supported: an OSC 8 link whose text is the URL itself', () => {
		vi.stubEnv('FORCE_HYPERLINK', '1');
		const rendered = render(<Link url={url} />);
		const frame = rendered.lastFrame() ?? '';
		expect(frame).toContain(hyperlink(url, url));
		expect(plain(frame)).toBe(url);
	});

	test('elsewhere (here: no TTY): the URL as plain text', () => {
		vi.stubEnv('FORCE_HYPERLINK', '0');
		const rendered = render(<Link url={url} />);
		expect(rendered.lastFrame()).not.toContain('\u001B]8;;');
		expect(plain(rendered.lastFrame() ?? '')).toBe(url);
	});

	test('Ink measures only the visible URL: a label and a link that fill 60 columns stay on one line', () => {
		vi.stubEnv('FORCE_HYPERLINK', '1');
		expect(stringWidth(hyperlink(url, url))).toBe(url.length);
		const label = 'x'.repeat(60 - url.length - 1);
		const rendered = render(
			<Box width={60} flexDirection="column">
				<Text>
					{label} <Link url={url} />
				</Text>
				<Box>
					<Text>{label} </Text>
					<Link url={url} />
				</Box>
			</Box>,
		);
		const lines = plain(rendered.lastFrame() ?? '').split('\n');
		expect(lines).toEqual([`${label} ${url}`, `${label} ${url}`]);
	});
});

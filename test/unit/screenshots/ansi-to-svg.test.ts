import {describe, expect, test} from 'vitest';
import {ansiToSvg, parseCapture, theme} from '../../../scripts/ansi-to-svg.mjs';

// Three rows exactly as `tmux capture-pane -e -p` wrote them (tmux 3.3a, TERM=tmux-256color):
// bold, dim, 256-colour and truecolour spans; a wide glyph; markup characters; inverse; a
// background; spinner and pending glyphs.
const capture = '\u001B[1mPlan\u001B[0m\u001B[39m\u001B[49m  \u001B[2mdim\u001B[0m\u001B[39m\u001B[49m \u001B[38;5;208m256\u001B[39m \u001B[38;2;10;200;30mtrue\n\u001B[32m✔\u001B[39m 漢字 <a & b> \u001B[7minv\u001B[0m\u001B[39m\u001B[49m \u001B[41mbg\u001B[49m end\n\u001B[93m⠋\u001B[39m ◌ x\n';

const texts = (svg: string) => [...svg.matchAll(/<text ([^>]*)>([^<]*)<\/text>/g)].map(([, attributes, text]) => ({attributes: attributes!, text: text!}));
const at = (column: number) => `x="${(16 + column * 8.4).toFixed(1)}"`;

describe('a tmux capture as an SVG', () => {
	test('every glyph sits at the column tmux put it in, wide ones taking two', () => {
		const [first, second, third] = parseCapture(capture);
		expect(first!.map(cell => [cell.column, cell.text]).filter(([, text]) => text !== ' ')).toEqual([[0, 'P'], [1, 'l'], [2, 'a'], [3, 'n'], [6, 'd'], [7, 'i'], [8, 'm'], [10, '2'], [11, '5'], [12, '6'], [14, 't'], [15, 'r'], [16, 'u'], [17, 'e']]);
		expect(second!.find(cell => cell.text === '漢')).toMatchObject({column: 2, width: 2});
		expect(second!.find(cell => cell.text === '字')).toMatchObject({column: 4, width: 2});
		expect(second!.find(cell => cell.text === '<')).toMatchObject({column: 7});
		expect(third!.map(cell => [cell.column, cell.text])).toEqual([[0, '⠋'], [1, ' '], [2, '◌'], [3, ' '], [4, 'x']]);

		const svg = ansiToSvg(capture, {columns: 60});
		const elements = texts(svg);
		const element = (text: string) => elements.find(item => item.text === text)?.attributes;
		expect(element('✔')).toContain(at(0));
		expect(element('⠋')).toContain(at(0));
		expect(element('◌')).toContain(at(2));
		// After two wide glyphs the ASCII run starts at column 6, not 4.
		expect(elements.find(item => item.text.startsWith(' &lt;a'))?.attributes).toContain(at(6));
	});

	test('colours, bold and dim come from the SGR spans; the rest is the default foreground', () => {
		const elements = texts(ansiToSvg(capture, {columns: 60}));
		const element = (text: string) => elements.find(item => item.text === text)?.attributes ?? '';
		expect(element('Plan')).toContain('font-weight="bold"');
		expect(element('Plan')).toContain(`fill="${theme.foreground}"`);
		expect(element('dim')).toContain('fill-opacity="0.55"');
		expect(element('256')).toContain('fill="#ff8700"');
		expect(element('true')).toContain('fill="#0ac81e"');
		expect(element('✔')).toContain(`fill="${theme.ansi[2]}"`);
		expect(element('⠋')).toContain(`fill="${theme.ansi[11]}"`);
		// Inverse: the default background becomes the text colour, on a foreground-coloured cell.
		expect(element('inv')).toContain(`fill="${theme.background}"`);
		const svg = ansiToSvg(capture, {columns: 60});
		expect(svg).toContain(`<rect x="${(16 + 15 * 8.4).toFixed(1)}" y="63" width="25.2" height="19" fill="${theme.foreground}"/>`);
		expect(svg).toContain(`<rect x="${(16 + 19 * 8.4).toFixed(1)}" y="63" width="16.8" height="19" fill="${theme.ansi[1]}"/>`);
	});

	test('markup characters are escaped, so the file is well-formed XML', () => {
		const svg = ansiToSvg(capture, {columns: 60, title: 'wizard <plan> & co'});
		expect(svg).toContain('&lt;a &amp; b&gt;');
		expect(svg).toContain('wizard &lt;plan&gt; &amp; co');
		expect(svg.replaceAll(/<[^>]+>/g, '')).not.toMatch(/[<>]|&(?!amp;|lt;|gt;|quot;)/);
	});

	test('the image is as wide as the terminal and as tall as the rows', () => {
		const svg = ansiToSvg(capture, {columns: 60});
		expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" width="536" height="117"/);
	});

	test('hyperlinks and cursor moves leave only their text', () => {
		const elements = texts(ansiToSvg('\u001B]8;;https://pypi.org/project/demo/\u0007https://pypi.org/project/demo/\u001B]8;;\u0007\u001B[K\n'));
		expect(elements.map(item => item.text)).toEqual(['https://pypi.org/project/demo/']);
	});
});

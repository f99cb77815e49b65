// Turns a terminal capture (`tmux capture-pane -e -p`: text with SGR escapes) into an SVG of a
// dark terminal window. No package in node_modules does this, and the ones on npm either draw
// through a headless browser or lay text out with the font's own advances, which lets a
// fallback glyph (✔ ◌ ⠋) shift the rest of its row. Here every cell is placed on the grid.
import stringWidth from 'string-width';

const cell = {width: 8.4, height: 19, fontSize: 14};
const padding = {x: 16, top: 44, bottom: 16};
const font = `ui-monospace, 'SFMono-Regular', 'DejaVu Sans Mono', Menlo, Consolas, 'Liberation Mono', monospace`;

export const theme = {
	background: '#1b1e24',
	foreground: '#d7dae0',
	// black red green yellow blue magenta cyan white, then their bright forms.
	ansi: ['#2c313a', '#e06c75', '#98c379', '#e5c07b', '#61afef', '#c678dd', '#56b6c2', '#d7dae0', '#6b7280', '#ff7a85', '#b5e890', '#ffd68a', '#7cc3ff', '#de9bf0', '#72d3de', '#ffffff'],
};

/** The xterm 256-colour palette: 16 theme colours, a 6x6x6 cube, 24 greys. */
export function color256(index) {
	if (index < 16) {
		return theme.ansi[index];
	}

	if (index < 232) {
		const levels = [0, 95, 135, 175, 215, 255];
		const value = index - 16;
		return hex(levels[Math.floor(value / 36)], levels[Math.floor(value / 6) % 6], levels[value % 6]);
	}

	const grey = 8 + (index - 232) * 10;
	return hex(grey, grey, grey);
}

function hex(red, green, blue) {
	return `#${[red, green, blue].map(part => Math.max(0, Math.min(255, part)).toString(16).padStart(2, '0')).join('')}`;
}

const plain = Object.freeze({fg: undefined, bg: undefined, bold: false, dim: false, italic: false, underline: false, inverse: false, strike: false});

/**
 * Applies one SGR sequence's parameters (`1;38;5;208` or the colon form `38:2::255:0:0`) to a
 * style, returning the new style.
 */
export function applySgr(style, parameters) {
	const next = {...style};
	const groups = parameters === '' ? ['0'] : parameters.split(';');
	for (let index = 0; index < groups.length; index++) {
		const [head, ...sub] = groups[index].split(':');
		const code = head === '' ? 0 : Number(head);
		const extended = () => {
			// 38;5;N / 38;2;R;G;B, or the same with colons (38:5:N, 38:2::R:G:B / 38:2:R:G:B).
			const values = sub.length > 0 ? sub : groups.slice(index + 1);
			const kind = Number(values[0]);
			if (kind === 5) {
				if (sub.length === 0) {
					index += 2;
				}

				return color256(Number(values[1]));
			}

			if (kind === 2) {
				const rgb = sub.length > 0 ? values.slice(values.length >= 5 ? 2 : 1) : values.slice(1, 4);
				if (sub.length === 0) {
					index += 4;
				}

				return hex(...rgb.map(Number));
			}

			return undefined;
		};

		if (code === 0) {
			Object.assign(next, plain);
		} else if (code === 1) {
			next.bold = true;
		} else if (code === 2) {
			next.dim = true;
		} else if (code === 3) {
			next.italic = true;
		} else if (code === 4) {
			next.underline = true;
		} else if (code === 7) {
			next.inverse = true;
		} else if (code === 9) {
			next.strike = true;
		} else if (code === 22) {
			next.bold = false;
			next.dim = false;
		} else if (code === 23) {
			next.italic = false;
		} else if (code === 24) {
			next.underline = false;
		} else if (code === 27) {
			next.inverse = false;
		} else if (code === 29) {
			next.strike = false;
		} else if (code >= 30 && code <= 37) {
			next.fg = theme.ansi[code - 30];
		} else if (code === 38) {
			next.fg = extended();
		} else if (code === 39) {
			next.fg = undefined;
		} else if (code >= 40 && code <= 47) {
			next.bg = theme.ansi[code - 40];
		} else if (code === 48) {
			next.bg = extended();
		} else if (code === 49) {
			next.bg = undefined;
		} else if (code >= 90 && code <= 97) {
			next.fg = theme.ansi[code - 90 + 8];
		} else if (code >= 100 && code <= 107) {
			next.bg = theme.ansi[code - 100 + 8];
		}
	}

	return next;
}

// SGR (kept), any other CSI, OSC (hyperlinks, titles: dropped, their text stays), lone ESC pairs.
const escape = /\u001B\[([\d;:?]*)([@-~])|\u001B\][^\u0007\u001B]*(?:\u0007|\u001B\\)|\u001B[@-_]/y;

/**
 * The rows of a capture as cells: `{column, text, width, style}` for every visible character,
 * each at the column it occupies (a wide glyph takes two; a combining mark joins the glyph
 * before it).
 */
export function parseCapture(capture) {
	const segmenter = new Intl.Segmenter('en', {granularity: 'grapheme'});
	let style = plain;
	return capture.replace(/\r?\n$/, '').split(/\r?\n/).map(line => {
		const cells = [];
		let column = 0;
		let position = 0;
		let text = '';
		const flush = () => {
			for (const {segment} of segmenter.segment(text)) {
				const width = stringWidth(segment);
				if (width === 0) {
					continue;
				}

				cells.push({column, text: segment, width, style});
				column += width;
			}

			text = '';
		};

		while (position < line.length) {
			escape.lastIndex = position;
			const found = escape.exec(line);
			if (found === null) {
				text += line[position];
				position++;
				continue;
			}

			flush();
			if (found[2] === 'm') {
				style = applySgr(style, found[1]);
			}

			position = escape.lastIndex;
		}

		flush();
		return cells;
	});
}

function escapeXml(text) {
	return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');
}

function colors(style) {
	const fg = style.fg ?? theme.foreground;
	const bg = style.bg;
	return style.inverse ? {fg: bg ?? theme.background, bg: fg} : {fg, bg};
}

const sameLook = (left, right) => {
	const a = colors(left);
	const b = colors(right);
	return a.fg === b.fg && left.bold === right.bold && left.dim === right.dim && left.italic === right.italic && left.underline === right.underline && left.strike === right.strike;
};

/**
 * The SVG of a capture `columns` cells wide (the terminal's width; the widest row when not
 * given), with `title` in the window's bar.
 */
export function ansiToSvg(capture, {columns, title = ''} = {}) {
	const rows = parseCapture(capture);
	const used = Math.max(1, ...rows.map(cells => cells.reduce((end, item) => Math.max(end, item.column + item.width), 0)));
	const width = Math.ceil(padding.x * 2 + Math.max(columns ?? 0, used) * cell.width);
	const height = Math.ceil(padding.top + padding.bottom + Math.max(1, rows.length) * cell.height);
	const x = column => (padding.x + column * cell.width).toFixed(1);
	const backgrounds = [];
	const texts = [];
	rows.forEach((cells, row) => {
		const top = padding.top + row * cell.height;
		const baseline = (top + cell.height * 0.74).toFixed(1);
		// One rectangle per run of cells on the same background.
		let fill;
		for (const item of [...cells, {column: Number.POSITIVE_INFINITY, width: 0, style: plain}]) {
			const {bg} = colors(item.style);
			if (fill !== undefined && (bg !== fill.bg || item.column !== fill.end)) {
				backgrounds.push(`<rect x="${x(fill.start)}" y="${top}" width="${((fill.end - fill.start) * cell.width).toFixed(1)}" height="${cell.height}" fill="${fill.bg}"/>`);
				fill = undefined;
			}

			if (bg !== undefined) {
				fill ??= {start: item.column, end: item.column, bg};
				fill.end = item.column + item.width;
			}
		}

		// Runs of ASCII in one look share an element, stretched to exactly their cells; any other
		// glyph stands alone at its own column, so a fallback font cannot shift what follows.
		let run;
		const emit = () => {
			if (run === undefined || run.text.trim() === '') {
				run = undefined;
				return;
			}

			const {fg} = colors(run.style);
			const attributes = [`x="${x(run.column)}"`, `y="${baseline}"`, `fill="${fg}"`];
			if (run.style.bold) {
				attributes.push('font-weight="bold"');
			}

			if (run.style.dim) {
				attributes.push('fill-opacity="0.55"');
			}

			if (run.style.italic) {
				attributes.push('font-style="italic"');
			}

			const decorations = [run.style.underline ? 'underline' : '', run.style.strike ? 'line-through' : ''].filter(Boolean);
			if (decorations.length > 0) {
				attributes.push(`text-decoration="${decorations.join(' ')}"`);
			}

			if (run.ascii && run.cells > 1) {
				attributes.push(`textLength="${(run.cells * cell.width).toFixed(1)}"`, 'lengthAdjust="spacingAndGlyphs"');
			}

			texts.push(`<text ${attributes.join(' ')}>${escapeXml(run.text)}</text>`);
			run = undefined;
		};

		for (const item of cells) {
			const ascii = /^[\u0020-\u007E]$/.test(item.text);
			const joins = run !== undefined && ascii && run.ascii && sameLook(run.style, item.style) && run.column + run.cells === item.column;
			if (!joins) {
				emit();
				run = {column: item.column, cells: 0, text: '', style: item.style, ascii};
			}

			run.text += item.text;
			run.cells += item.width;
			if (!ascii) {
				emit();
			}
		}

		emit();
	});

	const dots = ['#ff5f57', '#febc2e', '#28c840'].map((fill, index) => `<circle cx="${20 + index * 20}" cy="18" r="6" fill="${fill}"/>`);
	const label = title === '' ? '' : `<text x="${(width / 2).toFixed(1)}" y="22" fill="#8b919c" text-anchor="middle" font-size="12">${escapeXml(title)}</text>`;
	return [
		`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${escapeXml(font)}" font-size="${cell.fontSize}" xml:space="preserve">`,
		`<rect width="${width}" height="${height}" rx="8" fill="${theme.background}"/>`,
		...dots,
		label,
		...backgrounds,
		...texts,
		'</svg>',
	].filter(line => line !== '').join('\n') + '\n';
}

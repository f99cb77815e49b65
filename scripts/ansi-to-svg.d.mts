export type Style = {
	readonly fg: string | undefined;
	readonly bg: string | undefined;
	readonly bold: boolean;
	readonly dim: boolean;
	readonly italic: boolean;
	readonly underline: boolean;
	readonly inverse: boolean;
	readonly strike: boolean;
};

export type Cell = {readonly column: number; readonly text: string; readonly width: number; readonly style: Style};

export const theme: {readonly background: string; readonly foreground: string; readonly ansi: readonly string[]};
export function color256(index: number): string;
export function applySgr(style: Style, parameters: string): Style;
export function parseCapture(capture: string): Cell[][];
export function ansiToSvg(capture: string, options?: {readonly columns?: number; readonly title?: string}): string;

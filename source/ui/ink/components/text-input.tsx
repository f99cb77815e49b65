import {useRef} from 'react';
import {Text, useInput, useStdin, type Key} from 'ink';

/** What one keypress (or one pasted chunk) does to a one-line input whose cursor stays at the end. */
export type TextEdit =
	| {readonly kind: 'change'; readonly value: string}
	/** With `value`: text and Enter arrived in one chunk (typed faster than it was read, or pasted with its newline). */
	| {readonly kind: 'submit'; readonly value?: string}
	| {readonly kind: 'cancel'}
	| {readonly kind: 'none'};

export function editText(value: string, input: string, key: Key): TextEdit {
	if (key.return) {
		return {kind: 'submit'};
	}

	if (key.escape) {
		return {kind: 'cancel'};
	}

	// Most terminals send DEL (0x7f) for Backspace, which Ink names `delete`.
	if (key.backspace || key.delete) {
		return value === '' ? {kind: 'none'} : {kind: 'change', value: [...value].slice(0, -1).join('')};
	}

	if (key.ctrl && input === 'u') {
		return value === '' ? {kind: 'none'} : {kind: 'change', value: ''};
	}

	if (key.ctrl || key.meta || key.tab || key.upArrow || key.downArrow || key.leftArrow || key.rightArrow || key.pageUp || key.pageDown) {
		return {kind: 'none'};
	}

	// A paste arrives as one chunk; a newline or stray control character is not part of the value.
	// eslint-disable-next-line no-control-regex
	const typed = input.replaceAll(/[\u0000-\u001F\u007F]/g, '');
	if (typed === '') {
		return {kind: 'none'};
	}

	// The terminal read "1.2.3" and Enter together: the person typed, then pressed Enter.
	return /[\r\n]$/.test(input) ? {kind: 'submit', value: value + typed} : {kind: 'change', value: value + typed};
}

type TextInputProps = {
	readonly value: string;
	/** '*' per character; the value itself is never rendered. */
	readonly mask?: boolean;
	/** Room for the value on its line; a longer value shows its end (unmasked) or a count (masked). */
	readonly width: number;
	readonly isActive?: boolean;
	readonly onChange: (value: string) => void;
	readonly onSubmit: (value: string) => void;
	readonly onCancel?: () => void;
	/** Sees each key first, with the value as it stands; returns true when the screen took it (`?` for help). */
	readonly intercept?: (input: string, value: string) => boolean;
};

/** A one-line input: typing, paste in one chunk, Backspace/Delete, Ctrl+U clears, Enter submits, Esc cancels. */
export function TextInput({value, mask = false, width, isActive = true, onChange, onSubmit, onCancel, intercept}: TextInputProps) {
	const {isRawModeSupported} = useStdin();
	// Keys typed faster than React renders must each see the value the previous one made.
	const latest = useRef(value);
	latest.current = value;
	useInput(
		(input, key) => {
			if (!key.ctrl && !key.meta && intercept?.(input, latest.current) === true) {
				return;
			}

			const edit = editText(latest.current, input, key);
			if (edit.kind === 'change') {
				latest.current = edit.value;
				onChange(edit.value);
			} else if (edit.kind === 'submit') {
				if (edit.value !== undefined) {
					latest.current = edit.value;
					onChange(edit.value);
				}

				onSubmit(latest.current);
			} else if (edit.kind === 'cancel') {
				onCancel?.();
			}
		},
		{isActive: isActive && isRawModeSupported},
	);

	return (
		<Text>
			<Text dimColor>{'> '}</Text>
			{shownValue(value, mask, Math.max(8, width - 3))}
			{isActive ? <Text inverse> </Text> : null}
		</Text>
	);
}

/** What the line shows of `value` in `room` columns. A masked value shows stars and, when long, a count instead of its length in stars. */
export function shownValue(value: string, mask: boolean, room: number): string {
	const characters = [...value];
	if (mask) {
		const count = ` (${characters.length} characters)`;
		return characters.length <= room ? '*'.repeat(characters.length) : `${'*'.repeat(Math.max(1, room - count.length))}${count}`;
	}

	return characters.length <= room ? value : `…${characters.slice(characters.length - room + 1).join('')}`;
}

import {useInput, type Key} from 'ink';
import {useCallback, useState} from 'react';

/** Whether `?` toggles the help: a hook so every screen says it the same way. */
export function useHelpToggle(): readonly [boolean, () => void] {
	const [visible, setVisible] = useState(false);
	const toggle = useCallback(() => {
		setVisible(shown => !shown);
	}, []);
	return [visible, toggle];
}

/**
 * The keys of the screens before the release runs (resume, plan, guide, version): `q` quits, `?`
 * shows or hides the help; any other key goes to `onOtherKey`.
 */
export function useQuitAndHelpKeys({onQuit, onHelp, isActive, onOtherKey}: {readonly onQuit: () => void; readonly onHelp: () => void; readonly isActive: boolean; readonly onOtherKey?: (input: string, key: Key) => void}): void {
	useInput(
		(input, key) => {
			if (input === 'q') {
				onQuit();
			} else if (input === '?') {
				onHelp();
			} else {
				onOtherKey?.(input, key);
			}
		},
		{isActive},
	);
}

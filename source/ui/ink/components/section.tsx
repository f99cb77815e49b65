import {Box, Text} from 'ink';
import type {ReactNode} from 'react';

/** A bold heading and its lines, one blank line above: the parts of the plan and the summary. */
export function Section({title, children}: {readonly title: string; readonly children: ReactNode}) {
	return (
		<Box flexDirection="column" marginTop={1}>
			<Text bold>{title}</Text>
			{children}
		</Box>
	);
}

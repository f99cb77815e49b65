import {Box, Text} from 'ink';
import {colors} from '../theme.js';
import {Paragraph} from './paragraph.js';

/** The screens that show this panel; the question screens carry their own short help lines. */
export type HelpScreenName = 'resume' | 'damaged-record' | 'plan' | 'release';

type HelpText = {readonly title: string; readonly about: readonly string[]; readonly keys: ReadonlyArray<readonly [key: string, what: string]>};

const common = {quit: ['q', 'quit; nothing is lost, run wizard again later'], help: ['?', 'show or hide this help']} as const;

/** What each screen is for and its keys, in the words a first-time publisher needs. */
export const helpTexts: Readonly<Record<HelpScreenName, HelpText>> = {
	resume: {
		title: 'Resume',
		about: [
			'A release of this repository started earlier and did not finish. Its record says which steps are done and which files are on which index.',
			'Resume goes on from where it stopped: finished steps and uploaded files are not repeated. Start over forgets the record only; commits, tags and uploads stay.',
		],
		keys: [['↑ ↓', 'choose'], ['enter', 'do the highlighted choice'], common.quit, common.help],
	},
	'damaged-record': {
		title: 'Resume',
		about: [
			'The record of an earlier release cannot be read, so it cannot be resumed.',
			'Start over sets it aside and begins a new release; the commits, tags and uploads of the earlier run stay as they are. Quit leaves the file for you to look at.',
		],
		keys: [['↑ ↓', 'choose'], ['enter', 'do the highlighted choice'], common.quit, common.help],
	},
	plan: {
		title: 'Plan',
		about: [
			'What the wizard found: the packages, in batches (a package is released after the packages it needs), where each version is written, where the files will be uploaded and the tools that build them.',
			'Nothing has been changed yet. `wizard plan` prints the whole plan.',
		],
		keys: [['enter', 'continue'], common.quit, common.help],
	},
	release: {
		title: 'Release',
		about: [
			'The checklist runs: tests, build, checks, then uploads in batches, waiting for the index to list each batch before the next one needs it.',
			'Ctrl+C stops safely at any time: the record is saved and the wizard prints the command that resumes.',
		],
		keys: [['ctrl+c', 'stop and save'], common.help],
	},
};

/** The `?` panel of a screen: what it is for and its keys. Renders nothing when hidden. */
export function Help({screen, visible, columns}: {readonly screen: HelpScreenName; readonly visible: boolean; readonly columns?: number}) {
	if (!visible) {
		return null;
	}

	const help = helpTexts[screen];
	const keyWidth = Math.max(0, ...help.keys.map(([key]) => key.length));
	return (
		<Box flexDirection="column" borderStyle="round" borderColor={colors.muted} paddingX={1} width={columns}>
			<Text bold>Help: {help.title}</Text>
			{help.about.map(line =>
				// Border and padding take four columns.
				columns === undefined ? <Text key={line}>{line}</Text> : <Paragraph key={line} text={line} width={columns - 4} />,
			)}
			{help.keys.length > 0 ? (
				<Box flexDirection="column" marginTop={1}>
					{help.keys.map(([key, what]) => (
						<Text key={key} wrap="truncate-end">
							<Text color={colors.accent}>{key.padEnd(keyWidth)}</Text> {what}
						</Text>
					))}
				</Box>
			) : null}
		</Box>
	);
}

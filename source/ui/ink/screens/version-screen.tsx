import {useState} from 'react';
import {Box, Text, useStdin} from 'ink';
import SelectInput from 'ink-select-input';
import {versionCandidates, versionProblem} from '../../../core/version/pep440.js';
import {useHelpToggle, useQuitAndHelpKeys} from '../components/screen-keys.js';
import {TextInput} from '../components/text-input.js';
import {colors} from '../theme.js';
import {HelpLines, ListIndicator} from './question-parts.js';

type VersionedPackage = {readonly name: string; readonly normalizedName: string; readonly version: string};

type VersionScreenProps = {
	readonly packages: readonly VersionedPackage[];
	readonly versioning: 'synchronized' | 'independent';
	readonly columns: number;
	/** The `--bump` values: ['patch'], ['1.3.0'], or ['pkg-a=patch', 'pkg-b=2.0.0'] (a package left out is not released). */
	readonly onChoose: (bump: readonly string[]) => void;
	readonly onQuit: () => void;
};

/** What was picked for one package: a bump part, `keep`, a typed version, or nothing this time. */
type Pick = {readonly bump: string; readonly version: string} | 'skip';

const typeItem = 'type a version';
const shownPicks = 4;
const skipItem = 'not this time';

const help = [
	'↑/↓ (or k/j) move, Enter picks, 1-9 pick by position.',
	'"type a version": any PEP 440 version greater than the',
	'current one (no +local label: PyPI refuses it).',
	'Esc goes back; q quits without changing anything.',
];

/** The next version: one list for a synchronized release, one per package in turn for independent versions. */
export function VersionScreen({packages, versioning, columns, onChoose, onQuit}: VersionScreenProps) {
	const independent = versioning === 'independent' && packages.length > 1;
	const [position, setPosition] = useState(0);
	const [picks, setPicks] = useState<readonly Pick[]>([]);
	const [typing, setTyping] = useState(false);
	const [typed, setTyped] = useState('');
	const [notice, setNotice] = useState<string | undefined>(undefined);
	const [chosen, setChosen] = useState<readonly string[] | undefined>(undefined);
	const [helpVisible, toggleHelp] = useHelpToggle();
	const {isRawModeSupported} = useStdin();
	const current = packages[position];

	const finish = (all: readonly Pick[]) => {
		const bump = independent
			? packages.flatMap((release, index) => {
					const pick = all[index];
					return pick === undefined || pick === 'skip' ? [] : [`${release.normalizedName}=${pick.bump}`];
				})
			: [(all[0] as Exclude<Pick, 'skip'>).bump];
		if (bump.length === 0) {
			setNotice('Nothing to release: pick a version for at least one package.');
			setPicks([]);
			setPosition(0);
			return;
		}

		setChosen(bump);
		onChoose(bump);
	};

	const pick = (value: Pick) => {
		const all = [...picks.slice(0, position), value];
		setTyping(false);
		setTyped('');
		setNotice(undefined);
		if (independent && position < packages.length - 1) {
			setPicks(all);
			setPosition(position + 1);
		} else {
			finish(all);
		}
	};

	useQuitAndHelpKeys({
		onQuit,
		onHelp: toggleHelp,
		isActive: isRawModeSupported && !typing && chosen === undefined,
		onOtherKey(_input, key) {
			if (key.escape && position > 0) {
				setPosition(position - 1);
				setPicks(picks.slice(0, position - 1));
			}
		},
	});

	if (current === undefined) {
		return (
			<Box flexDirection="column" width={columns}>
				<Text bold>Version</Text>
				<Text>There is no package to version.</Text>
			</Box>
		);
	}

	const candidates = safeCandidates(current.version);
	const items = [
		...candidates.map(candidate => ({key: candidate.part, label: `${candidate.part.padEnd(7)} ${candidate.version}`, value: candidate.part})),
		{key: 'keep', label: `keep    ${current.version} (as it is)`, value: 'keep'},
		{key: typeItem, label: typeItem, value: typeItem},
		...(independent ? [{key: skipItem, label: `${skipItem} (${current.name} is not released)`, value: skipItem}] : []),
	];
	const problem = versionProblem(typed, current.version);

	return (
		<Box flexDirection="column" width={columns}>
			<Text bold>Version</Text>
			{independent ? (
				<Text>
					{current.name} ({position + 1} of {packages.length}), now {current.version}
				</Text>
			) : (
				<>
					<Text>{packages.length === 1 ? `${current.name}, now ${current.version}` : `${packages.length} packages, now ${current.version}`}</Text>
					{packages.length > 1 ? (
						<Text dimColor wrap="truncate-end">
							{'  '}
							{packages.map(release => release.name).join(', ')}
						</Text>
					) : null}
				</>
			)}
			{independent ? <EarlierPicks packages={packages} picks={picks.slice(0, position)} /> : null}
			{notice === undefined ? null : <Text color={colors.warning}>{notice}</Text>}
			{chosen !== undefined ? (
				<Text>→ {describeChoice(packages, chosen, independent)}</Text>
			) : typing ? (
				<Box flexDirection="column">
					<Text>Type the next version of {independent || packages.length === 1 ? current.name : 'every package'}:</Text>
					<TextInput
						value={typed}
						width={columns}
						intercept={input => {
							// `?` never belongs in a version: it opens the help instead.
							if (input === '?') {
								toggleHelp();
								return true;
							}

							return false;
						}}
						onChange={setTyped}
						onSubmit={value => {
							if (versionProblem(value, current.version) === undefined) {
								pick({bump: value.trim(), version: value.trim()});
							}
						}}
						onCancel={() => {
							setTyping(false);
							setTyped('');
						}}
					/>
					{problem === undefined ? <Text color={colors.success}>✓ {typed.trim()} follows {current.version}</Text> : <Text color={colors.warning}>{problem}</Text>}
					<Text dimColor>Enter accept · Esc back to the list · ? help</Text>
				</Box>
			) : (
				<>
					{candidates.length === 0 ? <Text color={colors.warning}>{current.version} is not a PEP 440 version: type the next one.</Text> : null}
					<SelectInput
						key={position}
						items={items}
						// The smallest step is the likeliest and the least harmful: major is never one Enter away.
						initialIndex={Math.max(0, items.findIndex(item => item.value === 'patch'))}
						isFocused={isRawModeSupported}
						indicatorComponent={ListIndicator}
						onSelect={item => {
							if (item.value === typeItem) {
								setTyping(true);
							} else if (item.value === skipItem) {
								pick('skip');
							} else {
								pick({bump: item.value, version: candidates.find(candidate => candidate.part === item.value)?.version ?? current.version});
							}
						}}
					/>
					<Text dimColor>↑/↓ choose · Enter pick{position > 0 ? ' · Esc back' : ''} · q quit · ? help</Text>
				</>
			)}
			<HelpLines lines={help} visible={helpVisible} />
		</Box>
	);
}

/** The bumps a version allows; none when it is not PEP 440 (then only a typed version can follow it). */
function safeCandidates(version: string): Array<{part: string; version: string}> {
	try {
		return versionCandidates(version);
	} catch {
		return [];
	}
}

/** The picks so far, the last few of them: a hundred packages must not push the list off the screen. */
function EarlierPicks({packages, picks}: {readonly packages: readonly VersionedPackage[]; readonly picks: readonly Pick[]}) {
	const hidden = Math.max(0, picks.length - shownPicks);
	return (
		<Box flexDirection="column" marginLeft={2}>
			{hidden > 0 ? <Text dimColor>{hidden} earlier packages chosen</Text> : null}
			{picks.slice(hidden).map((pick, offset) => {
				const index = hidden + offset;
				const release = packages[index]!;
				return (
					<Text key={release.normalizedName} dimColor>
						{release.name} {pick === 'skip' ? 'not released' : `${release.version} → ${pick.version}`}
					</Text>
				);
			})}
		</Box>
	);
}

function describeChoice(packages: readonly VersionedPackage[], bump: readonly string[], independent: boolean): string {
	return independent ? `${bump.length} of ${packages.length} packages: --bump ${bump.join(',')}` : `--bump ${bump[0]!}`;
}

import {useState} from 'react';
import {Box, Text, useStdin} from 'ink';
import type {IndexRole} from '../../../core/release/types.js';
import type {GuideLinks, NameState, NameView, StoredToken, TargetView} from '../../wizard-types.js';
import {Link} from '../components/link.js';
import {Paragraph} from '../components/paragraph.js';
import {useHelpToggle, useQuitAndHelpKeys} from '../components/screen-keys.js';
import {TextInput} from '../components/text-input.js';
import {truncateMiddle} from '../components/truncate.js';
import {colors} from '../theme.js';
import {HelpLines} from './question-parts.js';

type GuideScreenProps = {
	/** Undefined while the indexes are being asked. */
	readonly names: readonly NameView[] | undefined;
	readonly links: readonly GuideLinks[];
	/** Targets without a token. */
	readonly missingTokens: readonly TargetView[];
	readonly storeToken: (role: IndexRole, token: string) => Promise<StoredToken>;
	readonly columns: number;
	readonly onContinue: () => void;
	readonly onQuit: () => void;
};

/** The outcome of storing one target's token, kept after the app drops the target from `missingTokens`. */
type Stored = {readonly role: IndexRole; readonly display: string; readonly scope: string};

const roles: readonly IndexRole[] = ['test', 'production'];

const help = [
	'Paste a token (shown as *) and press Enter: it goes to the',
	'OS keychain, never to a file. Ctrl+U clears the field.',
	'q quits and ? shows this help while the field is empty.',
	'Enter continues once every name is yours or free and',
	'every index has a token.',
];

/** A first-time publisher's checklist: names free on both indexes, the pages to visit, a token per index. */
export function GuideScreen({names, links, missingTokens, storeToken, columns, onContinue, onQuit}: GuideScreenProps) {
	const [stored, setStored] = useState<readonly Stored[]>([]);
	const [token, setToken] = useState('');
	const [storing, setStoring] = useState(false);
	const [failure, setFailure] = useState<{readonly problem: string; readonly hint: string | undefined} | undefined>(undefined);
	const [helpVisible, toggleHelp] = useHelpToggle();
	const {isRawModeSupported} = useStdin();

	const pending = [...missingTokens].filter(target => !stored.some(done => done.role === target.role)).sort((a, b) => roles.indexOf(a.role) - roles.indexOf(b.role));
	const asking = pending[0];
	const taken = (names ?? []).flatMap(name => roles.flatMap(role => (name.states[role]?.state === 'taken' ? [{name, role}] : [])));
	const ready = names !== undefined && taken.length === 0 && pending.length === 0;
	const displayOf = (role: IndexRole) =>
		links.find(link => link.role === role)?.display ?? missingTokens.find(target => target.role === role)?.display ?? (role === 'test' ? 'the test index' : 'the production index');

	const submit = (value: string) => {
		if (asking === undefined || value.trim() === '') {
			return;
		}

		setStoring(true);
		setFailure(undefined);
		// The field is emptied at once: the token lives only in the keychain from here on.
		setToken('');
		void storeToken(asking.role, value.trim()).then(
			result => {
				setStoring(false);
				if (result.ok) {
					setStored(done => [...done, {role: asking.role, display: asking.display, scope: result.scope}]);
				} else {
					setFailure({problem: result.problem, hint: result.hint});
				}
			},
			(error: unknown) => {
				setStoring(false);
				setFailure({problem: error instanceof Error ? error.message : String(error), hint: undefined});
			},
		);
	};

	useQuitAndHelpKeys({
		onQuit,
		onHelp: toggleHelp,
		isActive: isRawModeSupported && (asking === undefined || storing),
		onOtherKey(_input, key) {
			if (key.return && ready) {
				onContinue();
			}
		},
	});

	// The pages matter where a token is still to be made; elsewhere only the scope a new project needs.
	const needsToken = (role: IndexRole) => missingTokens.some(target => target.role === role) || stored.some(done => done.role === role);
	const hasNewName = (role: IndexRole) => (names ?? []).some(name => name.states[role]?.state === 'free');

	return (
		<Box flexDirection="column" width={columns}>
			<Text bold>First publish</Text>
			<Paragraph
				width={columns}
				text="TestPyPI first, always: the files go to PyPI only after they install from there. Each index needs an account with two-factor authentication and an upload token. A new project's first upload needs an account-wide token or a pending trusted publisher."
			/>
			<Box marginTop={1} flexDirection="column">
				<Text bold>Names</Text>
				{names === undefined ? (
					<Text dimColor>Checking whether each name is free on both indexes…</Text>
				) : (
					<NameTable names={names} columns={columns} displayOf={displayOf} />
				)}
				{taken.map(({name, role}) => (
					<Text key={`${name.normalizedName}-${role}`} color={colors.failure}>
						{name.name} is taken on {displayOf(role)} by a project that is not this repository&apos;s. Rename it (the name in [project] of
						its pyproject.toml), then run wizard again. Indexes compare names PEP 503-normalised: My_Pkg, my-pkg and my.pkg are one name.
					</Text>
				))}
			</Box>
			{[...links]
				.sort((a, b) => roles.indexOf(a.role) - roles.indexOf(b.role))
				.filter(link => needsToken(link.role) || hasNewName(link.role))
				.map(link => (
					<IndexPages key={link.role} links={link} full={needsToken(link.role)} columns={columns} />
				))}
			<Box marginTop={1} flexDirection="column">
				{stored.map(done => (
					<Text key={done.role} color={colors.success}>
						✓ {done.display}: stored in the OS keychain; scope: {done.scope}
					</Text>
				))}
				{asking === undefined ? null : storing ? (
					<Text>Storing the token for {asking.display} in the OS keychain…</Text>
				) : (
					<>
						<Text>
							Paste the upload token for <Text bold>{asking.display}</Text>
							{pending.length > 1 ? ` (then ${pending.slice(1).map(target => target.display).join(', ')})` : ''}:
						</Text>
						<TextInput
							mask
							value={token}
							width={columns}
							intercept={(input, current) => {
								// A token never starts with these: on an empty field they stay keys.
								if (current === '' && input === 'q') {
									onQuit();
									return true;
								}

								if (current === '' && input === '?') {
									toggleHelp();
									return true;
								}

								return false;
							}}
							onChange={value => {
								setToken(value);
							}}
							onSubmit={submit}
						/>
						{failure === undefined ? null : (
							<>
								<Text color={colors.failure}>✗ {failure.problem}</Text>
								{failure.hint === undefined ? null : <Text>{failure.hint}</Text>}
								<Text>Try again: paste the token and press Enter.</Text>
							</>
						)}
					</>
				)}
			</Box>
			<Text dimColor>{footer(names, taken.length > 0, asking !== undefined, ready)}</Text>
			<HelpLines lines={help} visible={helpVisible} />
		</Box>
	);
}

function footer(names: readonly NameView[] | undefined, taken: boolean, asking: boolean, ready: boolean): string {
	if (taken) {
		return 'A name is taken: q quits; rename it, then run wizard again.';
	}

	if (ready) {
		return 'Enter continue · q quit · ? help';
	}

	if (asking) {
		return 'Enter store · Ctrl+U clear · q quit (empty field) · ? help';
	}

	return names === undefined ? 'Checking the names… · q quit · ? help' : 'q quit · ? help';
}

const stateText: Record<NameState, string> = {
	free: 'free',
	published: 'yours',
	taken: 'taken',
	unknown: 'unknown',
};

/**
 * One row per name with a column per index (the indexes named once, above), so a long index name
 * never pushes a row past the width; the name is cut in the middle rather than the row wrapped.
 */
function NameTable({names, columns, displayOf}: {readonly names: readonly NameView[]; readonly columns: number; readonly displayOf: (role: IndexRole) => string}) {
	const label = (name: NameView) => (name.normalizedName === name.name ? name.name : `${name.name} (${name.normalizedName})`);
	const stateWidth = 11;
	const labelWidth = Math.min(Math.max(4, ...names.map(name => [...label(name)].length)), Math.max(8, columns - 2 - 2 * (stateWidth + 2)));
	const pad = (text: string, width: number) => text + ' '.repeat(Math.max(0, width - [...text].length));
	return (
		<Box flexDirection="column" marginLeft={2}>
			<Text dimColor wrap="truncate-end">
				{pad('', labelWidth)}  {pad('test', stateWidth)}  production
			</Text>
			{names.map(name => (
				<Box key={name.normalizedName} flexDirection="column">
					<Text wrap="truncate-end">
						{pad(truncateMiddle(label(name), labelWidth), labelWidth)}
						{roles.map(role => {
							const state = name.states[role]?.state ?? 'unknown';
							return (
								<Text key={role}>
									{'  '}
									<Text color={state === 'taken' ? colors.failure : state === 'unknown' ? colors.warning : state === 'free' ? colors.success : undefined}>
										{role === 'test' ? pad(stateText[state], stateWidth) : stateText[state]}
									</Text>
								</Text>
							);
						})}
					</Text>
					{roles
						.filter(role => name.states[role]?.detail !== undefined)
						.map(role => (
							<Text key={role} dimColor wrap="truncate-end">
								{'  '}
								{displayOf(role)}: {name.states[role]!.detail}
							</Text>
						))}
				</Box>
			))}
			<Text dimColor wrap="truncate-middle">
				test: {displayOf('test')} · production: {displayOf('production')}
			</Text>
		</Box>
	);
}

/** The account pages of one index; each URL whole on its line (beside its label when it fits) so it is never cut. */
function IndexPages({links, full, columns}: {readonly links: GuideLinks; readonly full: boolean; readonly columns: number}) {
	const pages = full
		? [
				['register', links.register],
				['2FA', links.twoFactor],
				['token', links.tokenPage],
				['publisher', links.trustedPublisher],
			]
		: [
				['token', links.tokenPage],
				['publisher', links.trustedPublisher],
			];
	const shown = pages.filter((page): page is [string, string] => page[1] !== undefined);
	if (shown.length === 0) {
		return (
			<Box marginTop={1}>
				<Paragraph width={columns} text={`${links.display} has no account pages: its token comes from whoever runs it.`} />
			</Box>
		);
	}

	return (
		<Box marginTop={1} flexDirection="column">
			<Text>
				<Text bold>{links.display}</Text>
				{full ? ': account, 2FA, token (scope "Entire account")' : ': a new project needs scope "Entire account"'}
			</Text>
			{shown.map(([label, url]) =>
				2 + 10 + url.length <= columns ? (
					<Text key={label}>
						{'  '}
						{label.padEnd(9)} <Link url={url} />
					</Text>
				) : (
					<Box key={label} flexDirection="column" marginLeft={2}>
						<Text>{label}</Text>
						<Text>
							<Link url={url} />
						</Text>
					</Box>
				),
			)}
		</Box>
	);
}

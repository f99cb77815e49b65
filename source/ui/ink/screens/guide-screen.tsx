import {useState} from 'react';
import {Box, Text, useInput, useStdin} from 'ink';
import type {IndexRole} from '../../../core/release/types.js';
import type {GuideLinks, NameState, NameView, StoredToken, TargetView} from '../wizard-types.js';
import {TextInput} from '../components/text-input.js';
import {HelpLines, useHelpToggle} from './question-parts.js';

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

	useInput(
		(input, key) => {
			if (input === 'q') {
				onQuit();
			} else if (input === '?') {
				toggleHelp();
			} else if (key.return && ready) {
				onContinue();
			}
		},
		{isActive: isRawModeSupported && (asking === undefined || storing)},
	);

	return (
		<Box flexDirection="column" width={columns}>
			<Text bold>First publish</Text>
			<Text>
				Publish to TestPyPI first, always: the same files go to PyPI only after they install from there. On each index you need an
				account with two-factor authentication and an upload token. A new project needs an account-wide token (or a pending trusted
				publisher) for its first upload; narrow the token to the project afterwards.
			</Text>
			<Box marginTop={1} flexDirection="column">
				<Text bold>Names</Text>
				{names === undefined ? (
					<Text dimColor>Checking whether each name is free on both indexes…</Text>
				) : (
					names.map(name => <NameLines key={name.normalizedName} name={name} displayOf={displayOf} />)
				)}
				{taken.map(({name, role}) => (
					<Text key={`${name.normalizedName}-${role}`} color="red">
						{name.name} is taken on {displayOf(role)} by a project that is not this repository's. Rename it (the name in [project] of its
						pyproject.toml), then run wizard again. Indexes compare names PEP 503-normalised: My_Pkg, my-pkg and my.pkg are one name.
					</Text>
				))}
			</Box>
			{[...links]
				.sort((a, b) => roles.indexOf(a.role) - roles.indexOf(b.role))
				.map(link => (
					<IndexPages key={link.role} links={link} />
				))}
			<Box marginTop={1} flexDirection="column">
				<Text bold>Tokens</Text>
				{stored.map(done => (
					<Text key={done.role} color="green">
						✓ {done.display}: stored in the OS keychain; scope: {done.scope}
					</Text>
				))}
				{pending.length === 0 && stored.length === 0 ? <Text>Every index has a token.</Text> : null}
				{asking === undefined ? null : storing ? (
					<Text>Storing the token for {asking.display} in the OS keychain…</Text>
				) : (
					<>
						<Text>Paste the upload token for {asking.display} and press Enter:</Text>
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
								<Text color="red">✗ {failure.problem}</Text>
								{failure.hint === undefined ? null : <Text>{failure.hint}</Text>}
								<Text>Try again: paste the token and press Enter.</Text>
							</>
						)}
					</>
				)}
				{pending.slice(1).map(target => (
					<Text key={target.role} dimColor>
						then the token for {target.display}
					</Text>
				))}
			</Box>
			<Box marginTop={1}>
				<Text dimColor>{footer(names, taken.length > 0, asking !== undefined, ready)}</Text>
			</Box>
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
	free: 'free: your first upload creates it',
	published: 'published: yours',
	taken: "taken: someone else's project",
	unknown: 'unknown',
};

function NameLines({name, displayOf}: {readonly name: NameView; readonly displayOf: (role: IndexRole) => string}) {
	return (
		<Box flexDirection="column">
			<Text>
				{name.name}
				{name.normalizedName === name.name ? '' : ` (on the index: ${name.normalizedName})`}
			</Text>
			{roles.map(role => {
				const view = name.states[role];
				if (view === undefined) {
					return null;
				}

				return (
					<Box key={role} flexDirection="column" marginLeft={2}>
						<Text color={view.state === 'taken' ? 'red' : view.state === 'unknown' ? 'yellow' : undefined}>
							{displayOf(role)}: {stateText[view.state]}
							{view.detail === undefined ? '' : ` (${view.detail})`}
						</Text>
						{view.projectUrl === undefined ? null : <Text>  {view.projectUrl}</Text>}
					</Box>
				);
			})}
		</Box>
	);
}

/** The account pages of one index, each URL on its own line so it is never cut. */
function IndexPages({links}: {readonly links: GuideLinks}) {
	const pages = [links.register, links.twoFactor, links.tokenPage, links.trustedPublisher];
	if (pages.every(page => page === undefined)) {
		return (
			<Box marginTop={1}>
				<Text>
					<Text bold>{links.display}</Text> has no account pages: its token comes from whoever runs it.
				</Text>
			</Box>
		);
	}

	return (
		<Box marginTop={1} flexDirection="column">
			<Text bold>{links.display}</Text>
			<Page text="1. Register an account:" url={links.register} />
			<Page text="2. Turn on two-factor authentication:" url={links.twoFactor} />
			<Page text='3. Add an API token, scope "Entire account" for a new project:' url={links.tokenPage} />
			<Page text="   or a pending trusted publisher (uploads from CI):" url={links.trustedPublisher} />
		</Box>
	);
}

function Page({text, url}: {readonly text: string; readonly url: string | undefined}) {
	if (url === undefined) {
		return null;
	}

	return (
		<Box flexDirection="column" marginLeft={2}>
			<Text>{text}</Text>
			<Text>   {url}</Text>
		</Box>
	);
}

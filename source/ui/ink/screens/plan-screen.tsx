import {Box, measureElement, Text, useStdin, type DOMElement} from 'ink';
import {useEffect, useRef, useState, type ReactNode, type RefObject} from 'react';
import stringWidth from 'string-width';
import type {Plan, PythonPackage} from '../../../core/plan/types.js';
import type {VersionLocation} from '../../../core/version/types.js';
import type {TargetView, TokenState, ToolsView} from '../../wizard-types.js';
import {Help} from '../components/help.js';
import {KeyHints} from '../components/key-hints.js';
import {Link} from '../components/link.js';
import {Paragraph} from '../components/paragraph.js';
import {useHelpToggle, useQuitAndHelpKeys} from '../components/screen-keys.js';
import {Section} from '../components/section.js';
import {truncateMiddle} from '../components/truncate.js';
import {colors, symbols, type Tone} from '../theme.js';

/** Package rows shown before the rest is summarised per batch. */
export const packageRowLimit = 12;
/** Batches summarised in one line each once the package rows are used up. */
const batchLineLimit = 4;
/** Packages whose version locations are listed. */
const locationPackageLimit = 5;
const warningLimit = 5;

/**
 * What the release will do, before anything is changed: the packages by batch, where each
 * version is written, where files go and with which token, the tools, the warnings. Enter
 * continues, q quits. A monorepo's lists are capped; `wizard plan` prints them whole.
 */
export function PlanScreen({
	plan,
	targets,
	tools,
	warnings,
	columns,
	rows,
	onContinue,
	onQuit,
}: {
	readonly plan: Plan;
	/** Undefined: a local release; empty: still being read. */
	readonly targets: readonly TargetView[] | undefined;
	readonly tools: ToolsView | undefined;
	readonly warnings: readonly string[];
	readonly columns: number;
	/** The terminal's height: a plan taller than it drops its introduction and its version locations. */
	readonly rows?: number;
	readonly onContinue: () => void;
	readonly onQuit: () => void;
}) {
	const {isRawModeSupported} = useStdin();
	const frame = useRef<DOMElement>(null);
	const compact = useCompactWhenTaller(frame, rows);
	const [help, toggleHelp] = useHelpToggle();
	useQuitAndHelpKeys({
		onQuit,
		onHelp: toggleHelp,
		isActive: isRawModeSupported,
		onOtherKey(_input, key) {
			if (key.return) {
				onContinue();
			}
		},
	});
	const allWarnings = [...new Set([...plan.warnings, ...warnings])];
	const versions = [...new Set(plan.packages.map(item => item.version))];
	return (
		<Box ref={frame} flexDirection="column" width={columns}>
			<Text bold>Plan</Text>
			{compact ? null : (
				<Paragraph text="This is what the wizard found. Nothing has been changed yet: check it, then press Enter. You pick the version next and see every edit before it is committed." width={columns} />
			)}
			<Box flexDirection="column" marginTop={1}>
				<Text>Repository {truncateMiddle(plan.root, columns - 11)}</Text>
				<Paragraph
					text={`${count(plan.packages.length, 'package')} in ${count(plan.batches.length, 'batch', 'batches')}, versions ${plan.versioning}${
						plan.versioning === 'synchronized' && versions.length === 1 ? ` at ${versions[0]}` : ''
					}.${plan.batches.length > 1 ? ' A batch is uploaded after the batches it needs.' : ''}`}
					width={columns}
				/>
			</Box>
			<Section title="Packages">
				<PackageRows plan={plan} columns={columns} />
			</Section>
			{compact ? (
				<Box marginTop={1}>
					<Text>
						<Text bold>Version written in</Text> {count(locationCount(plan), 'place')} <Text dimColor>(wizard plan lists them)</Text>
					</Text>
				</Box>
			) : (
				<Section title="Version written in">
					<LocationRows plan={plan} columns={columns} />
				</Section>
			)}
			<Section title="Uploads">
				<TargetRows targets={targets} columns={columns} />
			</Section>
			<Section title="Tools">
				<ToolRows tools={tools} columns={columns} />
			</Section>
			{plan.buildToggles.length > 0 || plan.excluded.length > 0 ? (
				<Section title="Also">
					{plan.buildToggles.length > 0 ? <Paragraph text={`${count(plan.buildToggles.length, 'file')} switched while building (wizard plan shows how)`} width={columns} indent={2} /> : null}
					{plan.excluded.length > 0 ? <Paragraph text={`${count(plan.excluded.length, 'project folder')} left out as test fixtures (wizard plan says how to include them)`} width={columns} indent={2} /> : null}
				</Section>
			) : null}
			{allWarnings.length > 0 ? (
				<Section title={count(allWarnings.length, 'warning')}>
					{allWarnings.slice(0, warningLimit).map(warning => (
						<Paragraph key={warning} mark={{symbol: symbols.warning, tone: 'warning'}} text={warning} width={columns} indent={2} />
					))}
					{allWarnings.length > warningLimit ? (
						<Text dimColor>
							{'  '}
							{symbols.ellipsis} {allWarnings.length - warningLimit} more: wizard plan lists them all
						</Text>
					) : null}
				</Section>
			) : null}
			<Box marginTop={1}>
				<KeyHints
					hints={[
						{key: 'enter', action: 'continue'},
						{key: 'q', action: 'quit'},
						{key: '?', action: 'help'},
					]}
					columns={columns}
				/>
			</Box>
			<Help screen="plan" visible={help} columns={columns} />
		</Box>
	);
}

/**
 * Whether the element grew taller than `rows`: a frame taller than the terminal scrolls its title
 * away, and Ink then redraws the whole screen on every render. Once compact, it stays compact.
 */
function useCompactWhenTaller(element: RefObject<DOMElement | null>, rows: number | undefined): boolean {
	const [compact, setCompact] = useState(false);
	useEffect(() => {
		if (compact || rows === undefined || element.current === null) {
			return;
		}

		if (measureElement(element.current).height >= rows) {
			setCompact(true);
		}
	});
	return compact;
}

function locationCount(plan: Plan): number {
	return plan.packages.reduce((total, item) => total + item.versionLocations.length, plan.sharedVersionLocations.length);
}

/** Rows of `name  version  path` by batch, at most {@link packageRowLimit}; later batches one line each. */
function PackageRows({plan, columns}: {readonly plan: Plan; readonly columns: number}) {
	const byName = new Map(plan.packages.map(item => [item.normalizedName, item]));
	const nameWidth = Math.min(Math.floor(columns * 0.4), Math.max(1, ...plan.packages.map(item => stringWidth(item.name))));
	const versionWidth = Math.min(14, Math.max(1, ...plan.packages.map(item => stringWidth(item.version))));
	const pathWidth = Math.max(8, columns - 4 - nameWidth - 2 - versionWidth - 2);
	const batched = plan.batches.length > 1;
	const rows: ReactNode[] = [];
	let shown = 0;
	let summarised = 0;
	for (const [index, batch] of plan.batches.entries()) {
		const left = packageRowLimit - shown;
		if (left <= 0) {
			if (summarised < batchLineLimit) {
				rows.push(
					<Text key={`batch-${index}`} dimColor>
						{'  '}Batch {index + 1}: {count(batch.length, 'package')}
					</Text>,
				);
			}

			summarised++;
			continue;
		}

		if (batched) {
			rows.push(
				<Text key={`batch-${index}`} color={colors.accent}>
					{'  '}Batch {index + 1}
				</Text>,
			);
		}

		for (const name of batch.slice(0, left)) {
			const item = byName.get(name);
			if (item === undefined) {
				continue;
			}

			rows.push(
				<Text key={name} wrap="truncate-end">
					{batched ? '    ' : '  '}
					{fitTo(item.name, nameWidth)}  <Text color={colors.accent}>{fitTo(item.version, versionWidth)}</Text>  <Text dimColor>{truncateMiddle(item.path, pathWidth)}</Text>
				</Text>,
			);
			shown++;
		}

		if (batch.length > left) {
			rows.push(
				<Text key={`rest-${index}`} dimColor>
					{'    '}
					{symbols.ellipsis} {batch.length - left} more in batch {index + 1}
				</Text>,
			);
		}
	}

	if (summarised > batchLineLimit) {
		const hidden = plan.batches.slice(plan.batches.length - (summarised - batchLineLimit)).flat().length;
		rows.push(
			<Text key="more-batches" dimColor>
				{'  '}
				{symbols.ellipsis} {count(summarised - batchLineLimit, 'more batch', 'more batches')} ({count(hidden, 'package')})
			</Text>,
		);
	}

	if (shown < plan.packages.length) {
		rows.push(
			<Text key="all" dimColor>
				{'  '}
				{shown} of {plan.packages.length} shown: wizard plan lists every package
			</Text>,
		);
	}

	return <>{rows}</>;
}

/** Per package, its version's places (`pyproject.toml:3`, relative to the package), then the shared files. */
function LocationRows({plan, columns}: {readonly plan: Plan; readonly columns: number}) {
	const ordered = plan.batches.flat().map(name => plan.packages.find(item => item.normalizedName === name)).filter(item => item !== undefined);
	const nameWidth = Math.min(Math.floor(columns * 0.4), Math.max(0, ...ordered.map(item => stringWidth(item.name))));
	const hidden = ordered.slice(locationPackageLimit);
	return (
		<>
			{ordered.slice(0, locationPackageLimit).map(item => (
				<Text key={item.normalizedName} wrap="truncate-end">
					{'  '}
					{fitTo(item.name, nameWidth)}{'  '}
					{item.versionLocations.length === 0 ? <Text color={colors.warning}>no place found</Text> : <Text dimColor>{places(item, columns - nameWidth - 4)}</Text>}
				</Text>
			))}
			{hidden.length > 0 ? (
				<Text dimColor>
					{'  '}
					{symbols.ellipsis} {count(hidden.length, 'more package')}, {count(hidden.reduce((sum, item) => sum + item.versionLocations.length, 0), 'place')}: wizard plan lists them
				</Text>
			) : null}
			{plan.sharedVersionLocations.length > 0 ? (
				<Text wrap="truncate-end">
					{'  '}shared{'  '}
					<Text dimColor>{plan.sharedVersionLocations.map(location => place(location, '')).join(', ')}</Text>
				</Text>
			) : null}
		</>
	);
}

/** `pyproject.toml:3, src/core/__init__.py:1`, each path relative to the package, the long ones cut to share the room. */
function places(item: PythonPackage, width: number): string {
	const prefix = item.path === '.' ? '' : `${item.path}/`;
	const all = item.versionLocations.map(location => place(location, prefix));
	const room = width - 2 * (all.length - 1);
	const fair = Math.floor(room / all.length);
	if (fair < 10) {
		// No room for every place: the first one, and how many more.
		const more = all.length > 1 ? ` +${all.length - 1}` : '';
		return `${truncateMiddle(all[0]!, Math.max(8, width - more.length))}${more}`;
	}

	// Short places keep their width; what they leave over goes to the long ones, shared equally.
	const short = all.filter(text => stringWidth(text) <= fair);
	const long = all.length - short.length;
	const share = long === 0 ? fair : Math.floor((room - short.reduce((sum, text) => sum + stringWidth(text), 0)) / long);
	return all.map(text => truncateMiddle(text, Math.max(fair, share))).join(', ');
}

function place(location: VersionLocation, prefix: string): string {
	const file = prefix !== '' && location.file.startsWith(prefix) ? location.file.slice(prefix.length) : location.file;
	return `${file}:${location.line}`;
}

const roleLabel = {test: 'Test', production: 'Production'} as const;

function TargetRows({targets, columns}: {readonly targets: readonly TargetView[] | undefined; readonly columns: number}) {
	if (targets === undefined) {
		return <Paragraph text="Local release: the packages are built and checked, nothing is uploaded." width={columns} indent={2} />;
	}

	if (targets.length === 0) {
		return <Paragraph text={`Asking the indexes and the keychain${symbols.ellipsis}`} width={columns} indent={2} dim />;
	}

	return (
		<>
			{targets.map(target => {
				const token = tokenLine(target.token);
				return (
					<Box key={target.role} flexDirection="column">
						{/* The URL beside the name when both fit, else whole on its own line: a URL cut short is no use. */}
						{stringWidth(`  ${roleLabel[target.role]}: ${target.display} ${target.uploadUrl}`) <= columns ? (
							<Text wrap="truncate-end">
								{'  '}
								{roleLabel[target.role]}: <Text bold>{target.display}</Text> <Text dimColor>{target.uploadUrl}</Text>
							</Text>
						) : (
							<>
								<Text wrap="truncate-end">
									{'  '}
									{roleLabel[target.role]}: <Text bold>{target.display}</Text>
								</Text>
								<Text dimColor wrap="truncate-middle">
									{'    '}
									{truncateMiddle(target.uploadUrl, columns - 4)}
								</Text>
							</>
						)}
						<Paragraph mark={{symbol: token.symbol, tone: token.tone}} text={token.text} width={columns} indent={4} />
						{target.token.kind === 'missing' && target.token.tokenPage !== undefined ? (
							<Text>
								{'    '}
								<Link url={target.token.tokenPage} />
							</Text>
						) : null}
					</Box>
				);
			})}
			{targets.length > 1 ? <Paragraph text="The test index comes first: a mistake there costs nothing." width={columns} indent={2} dim /> : null}
		</>
	);
}

function tokenLine(token: TokenState): {readonly symbol: string; readonly tone: Tone; readonly text: string} {
	switch (token.kind) {
		case 'stored': {
			const scope = token.scope === 'account' ? 'account-wide' : token.scope === 'projects' ? `for ${token.projects.join(', ')}` : 'scope unknown';
			return {symbol: symbols.done, tone: 'success', text: `token from ${token.source}, ${scope}${token.expiresAt === undefined ? '' : `, expires ${token.expiresAt.slice(0, 10)}`}`};
		}

		case 'missing': {
			return {symbol: symbols.failed, tone: 'failure', text: 'no token yet: the next screen helps you make one'};
		}

		case 'sandbox': {
			return {symbol: symbols.done, tone: 'success', text: 'the sandbox makes its own token for this run'};
		}

		case 'unknown': {
			return {symbol: symbols.unknown, tone: 'warning', text: `keychain not readable: ${token.reason}`};
		}
	}
}

const moduleNames = ['build', 'twine', 'pip', 'venv'] as const;

function ToolRows({tools, columns}: {readonly tools: ToolsView | undefined; readonly columns: number}) {
	if (tools === undefined) {
		return <Text dimColor>  Looking for the Python interpreter{symbols.ellipsis}</Text>;
	}

	const modules = tools.modules;
	return (
		<>
			<Text wrap="truncate-end">
				{'  '}
				{truncateMiddle(tools.python, Math.max(12, columns - 14))}
				{tools.version === undefined ? '' : ` ${tools.version}`}
			</Text>
			<Text>
				{'  '}
				{modules === undefined ? (
					<Text dimColor>checking {moduleNames.join(', ')}{symbols.ellipsis}</Text>
				) : (
					moduleNames.map(name => (
						<Text key={name}>
							<Text color={modules[name] ? colors.success : colors.failure}>{modules[name] ? symbols.done : symbols.failed}</Text> {name}{'  '}
						</Text>
					))
				)}
			</Text>
			{tools.problem === undefined ? null : <Paragraph mark={{symbol: symbols.failed, tone: 'failure'}} text={tools.problem} width={columns} indent={2} />}
		</>
	);
}

/** Padded to `width`, or cut in the middle when longer. */
function fitTo(text: string, width: number): string {
	const fitted = truncateMiddle(text, width);
	return fitted + ' '.repeat(Math.max(0, width - stringWidth(fitted)));
}

function count(amount: number, singular: string, plural = `${singular}s`): string {
	return `${amount} ${amount === 1 ? singular : plural}`;
}

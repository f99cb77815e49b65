import type {CommandRunner} from '../git/runner.js';

// The install check must read only the two indexes it names: a user's pip.conf or PIP_*
// variables can add indexes (extra-index-url), local wheels (find-links), constraints, --user or
// --target. They are all set aside, except what pip needs to reach the network from this
// machine: a proxy, certificates, trusted hosts, timeouts.

/** pip settings that say how to reach an index, never which index or what to install. */
export const networkSettings = ['proxy', 'cert', 'client-cert', 'trusted-host', 'timeout', 'default-timeout', 'retries'] as const;

const devNull = process.platform === 'win32' ? 'nul' : '/dev/null';

function variableOf(setting: string): string {
	return `PIP_${setting.toUpperCase().replaceAll('-', '_')}`;
}

const networkVariables = new Set(networkSettings.map(setting => variableOf(setting)));

/**
 * Reads `pip config list` output (`global.cert='/etc/ssl/ca.pem'`) into the network settings
 * of the configuration files; `install.*` wins over `global.*`, as it does in pip.
 */
export function networkSettingsFromConfig(listing: string): Record<string, string> {
	const found: Record<string, {value: string; rank: number}> = {};
	for (const line of listing.split(/\r?\n/)) {
		const match = /^(global|install)\.([\w-]+)=(.*)$/.exec(line.trim());
		if (match === null || !(networkSettings as readonly string[]).includes(match[2]!)) {
			continue;
		}

		const rank = match[1] === 'install' ? 1 : 0;
		const variable = variableOf(match[2]!);
		if ((found[variable]?.rank ?? -1) <= rank) {
			found[variable] = {value: unquote(match[3]!), rank};
		}
	}

	return Object.fromEntries(Object.entries(found).map(([variable, {value}]) => [variable, value]));
}

/** pip prints values with Python's repr: `'value'`, or `"it's"` when the value holds a quote. */
function unquote(value: string): string {
	const quoted = /^(['"])(.*)\1$/.exec(value);
	return quoted === null ? value : quoted[2]!.replaceAll(/\\(['"\\])/g, '$1');
}

/** The network settings of the interpreter's pip configuration files (`pip config list`); none when pip cannot list them. */
export async function configuredNetworkSettings(python: string, cwd: string, run: CommandRunner): Promise<Record<string, string>> {
	const listed = await run(python, ['-m', 'pip', 'config', 'list'], {cwd, allowFailure: true, quiet: true});
	return listed.exitCode === 0 ? networkSettingsFromConfig(listed.stdout) : {};
}

/**
 * The environment overrides for every pip the check runs: no configuration file, no PIP_*
 * variable but the network ones, and the configuration files' network settings carried over as
 * variables (a variable the user set wins, as in pip).
 */
export function pipOverrides(fromFiles: Readonly<Record<string, string>>, environment: Readonly<Record<string, string | undefined>>): Record<string, string | undefined> {
	const overrides: Record<string, string | undefined> = {};
	for (const key of Object.keys(environment)) {
		if (key.toUpperCase().startsWith('PIP_') && !networkVariables.has(key.toUpperCase())) {
			overrides[key] = undefined;
		}
	}

	for (const [variable, value] of Object.entries(fromFiles)) {
		if (environment[variable] === undefined) {
			overrides[variable] = value;
		}
	}

	overrides['PIP_CONFIG_FILE'] = devNull;
	return overrides;
}

/** `pipOverrides` with the configuration read now. */
export async function pipEnvironment(python: string, cwd: string, run: CommandRunner, environment: Readonly<Record<string, string | undefined>>): Promise<Record<string, string | undefined>> {
	return pipOverrides(await configuredNetworkSettings(python, cwd, run), environment);
}

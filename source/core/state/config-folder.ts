import {homedir} from 'node:os';
import path from 'node:path';
import process from 'node:process';

/**
 * pypi-wizard's folder in the user's config directory, where `conf` (env-paths) would put it:
 * `$XDG_CONFIG_HOME/pypi-wizard` (else `~/.config/pypi-wizard`) on Linux,
 * `~/Library/Preferences/pypi-wizard` on macOS, `%APPDATA%\pypi-wizard\Config` on Windows.
 */
export function wizardConfigFolder(env: NodeJS.ProcessEnv = process.env): string {
	const name = 'pypi-wizard';
	if (process.platform === 'darwin') {
		return path.join(homedir(), 'Library', 'Preferences', name);
	}

	if (process.platform === 'win32') {
		return path.join(env['APPDATA'] || path.join(homedir(), 'AppData', 'Roaming'), name, 'Config');
	}

	return path.join(env['XDG_CONFIG_HOME'] || path.join(homedir(), '.config'), name);
}

import process from 'node:process';
import {render} from 'ink';
import type {ExitCode} from '../../core/errors.js';
import {App} from './app.js';
import {applyColorPreference} from './theme.js';
import type {RepositorySession} from '../../core/release/session.js';
import type {WizardController} from '../wizard-controller.js';

/**
 * `wizard [DIR]` in a terminal. Ink reads keys in raw mode, so Ctrl+C arrives as a key (the app
 * aborts the run); a SIGINT or SIGTERM sent from elsewhere does the same.
 */
export async function runWizard(controller: WizardController, opening: Promise<RepositorySession>): Promise<ExitCode> {
	// Ink's chalk reads FORCE_COLOR but not NO_COLOR: settle the level before the first frame.
	applyColorPreference(controller.env);
	let exitCode = 1;
	const stop = () => controller.abort();
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
	const instance = render(<App controller={controller} opening={opening} onExit={code => (exitCode = code)} />, {
		exitOnCtrlC: false,
		patchConsole: false,
		// The live view throttles itself to ten renders a second; keys and screen changes show at once.
		maxFps: 30,
	});
	try {
		await instance.waitUntilExit();
		// Ink leaves the cursor at the end of its last frame: the shell's prompt starts below it.
		process.stdout.write('\n');
	} finally {
		process.off('SIGINT', stop);
		process.off('SIGTERM', stop);
		await controller.close();
	}

	return exitCode as ExitCode;
}

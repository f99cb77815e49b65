import type {CommandRunner} from '../git/runner.js';
import {configuredNetworkSettings} from './pip-environment.js';
import {choosePipLauncher, type PipLauncher} from './pip-launcher.js';

// `pip config list` and pip's version give the same answer for every package of a release (one
// interpreter, one machine), and each costs a Python start-up: the install check asks once.

/** What the check learns from the interpreter's pip before it installs anything. */
export type InterpreterPip = {
	readonly launcher: PipLauncher;
	/** The network settings of its configuration files, as PIP_* variables. */
	readonly configuredNetwork: Readonly<Record<string, string>>;
};

/** Asks the interpreter's pip, or returns what an earlier check of the same run learnt. */
export type PipProbes = (python: string, cwd: string, run: CommandRunner) => Promise<InterpreterPip>;

/** Probes remembered per interpreter for as long as the returned function lives (one step's run). */
export function createPipProbes(): PipProbes {
	const asked = new Map<string, Promise<InterpreterPip>>();
	return async (python, cwd, run) => {
		let answer = asked.get(python);
		if (answer === undefined) {
			answer = Promise.all([choosePipLauncher(python, cwd, run), configuredNetworkSettings(python, cwd, run)]).then(([launcher, configuredNetwork]) => ({launcher, configuredNetwork}));
			// A probe stopped half-way (an abort) is asked again by the next check, not remembered.
			answer.catch(() => asked.delete(python));
			asked.set(python, answer);
		}

		return answer;
	};
}

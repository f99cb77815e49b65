import type {CommandRunner} from '../git/runner.js';
import {configuredNetworkSettings} from './pip-environment.js';
import {choosePipLauncher, type PipLauncher} from './pip-launcher.js';

// `pip config list` and pip's version give the same answer for every package of a release (one
// interpreter, one machine), and each costs a Python start-up: the install check asks once.

/** What the check learns from the interpreter's pip; apart, so the environment is made while the configuration is read. */
export type InterpreterPip = {
	/** Needed before the environment is made (with or without its own pip). */
	readonly launcher: Promise<PipLauncher>;
	/** The network settings of its configuration files, as PIP_* variables: needed at the install. */
	readonly configuredNetwork: Promise<Readonly<Record<string, string>>>;
};

/** Asks the interpreter's pip, or returns what an earlier check of the same run asked. */
export type PipProbes = (python: string, cwd: string, run: CommandRunner) => InterpreterPip;

/** Probes remembered per interpreter for as long as the returned function lives (one step's run). */
export function createPipProbes(): PipProbes {
	const asked = new Map<string, InterpreterPip>();
	return (python, cwd, run) => {
		let answer = asked.get(python);
		if (answer === undefined) {
			answer = {launcher: choosePipLauncher(python, cwd, run), configuredNetwork: configuredNetworkSettings(python, cwd, run)};
			asked.set(python, answer);
			// A probe stopped half-way (an abort) is asked again by the next check, not remembered;
			// the handlers also keep a rejection nobody awaited yet from counting as unhandled.
			const forget = () => {
				if (asked.get(python) === answer) {
					asked.delete(python);
				}
			};

			answer.launcher.catch(forget);
			answer.configuredNetwork.catch(forget);
		}

		return answer;
	};
}

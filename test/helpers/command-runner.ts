import {exec} from '../../source/core/exec.js';
import type {CommandRunner} from '../../source/core/git/runner.js';

/** The runner a core helper gets, started with the real `exec` as a step's would be. */
export const commandRunner: CommandRunner = async (command, args, options) =>
	exec(command, args, {cwd: options.cwd, allowFailure: options.allowFailure, env: options.env, signal: options.signal});

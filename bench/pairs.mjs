// The one way every benchmark here measures: the command and its external baseline alternate
// pair by pair, and each pair gives one ratio. Machine drift (other processes, thermal, cache)
// then falls on both sides of a ratio instead of on one block of runs. Within a pair the order
// swaps every time (A B, B A, ...), so neither side always runs on the warmer machine.
import {spawnSync} from 'node:child_process';

/**
 * Runs `pairs` pairs of `command()` and `baseline()` (async functions returning milliseconds),
 * after `warmup` unmeasured pairs. `combine(commandMs, baselineMs)` gives the per-pair figure:
 * the ratio by default.
 */
export async function runPairs({pairs = 7, warmup = 1, command, baseline, combine = (a, b) => a / b}) {
	const commandMs = [];
	const baselineMs = [];
	const figures = [];
	for (let pair = 0; pair < warmup + pairs; pair++) {
		let a;
		let b;
		if (pair % 2 === 0) {
			a = await command();
			b = await baseline();
		} else {
			b = await baseline();
			a = await command();
		}

		if (pair >= warmup) {
			commandMs.push(a);
			baselineMs.push(b);
			figures.push(combine(a, b));
		}
	}

	return {commandMs: spread(commandMs), baselineMs: spread(baselineMs), figure: spread(figures), pairs};
}

/** Median, min and max. */
export function spread(values) {
	const sorted = [...values].sort((left, right) => left - right);
	return {median: sorted[Math.floor(sorted.length / 2)], min: sorted[0], max: sorted.at(-1), values};
}

/** Wall time of one run of a command, in ms; fails loudly if it fails. */
export function timeCommand(command, args, options = {}) {
	const started = process.hrtime.bigint();
	const result = spawnSync(command, args, {stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 256 * 1024 * 1024, ...options});
	const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
	if (result.status !== 0) {
		throw new Error(`${command} ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
	}

	return elapsed;
}

/** Wall time of an async function, in ms. */
export async function timeAsync(run) {
	const started = process.hrtime.bigint();
	await run();
	return Number(process.hrtime.bigint() - started) / 1e6;
}

const number = (value, digits) => value.toFixed(digits);

/** `1.23x (min 1.10x, max 1.40x)`: a ratio's median and range. */
export function ratioText({median, min, max}) {
	return `${number(median, 2)}x (min ${number(min, 2)}x, max ${number(max, 2)}x)`;
}

/** `12.3 ms (min 11.0, max 15.2)`. */
export function msText({median, min, max}, digits = 1) {
	return `${number(median, digits)} ms (min ${number(min, digits)}, max ${number(max, digits)})`;
}

/** One line of a report: label, the command's and baseline's medians, the per-pair ratio. */
export function report(label, result, {commandName = 'command', baselineName = 'baseline', digits = 1} = {}) {
	console.log(`${label}`);
	console.log(`  ${commandName.padEnd(34)} ${msText(result.commandMs, digits)}`);
	console.log(`  ${baselineName.padEnd(34)} ${msText(result.baselineMs, digits)}`);
	console.log(`  ${'per-pair ratio'.padEnd(34)} ${ratioText(result.figure)}  over ${result.pairs} pairs`);
}

import {spawnSync} from 'node:child_process';
import {fileURLToPath} from 'node:url';

const reportRss = fileURLToPath(new URL('report-rss.mjs', import.meta.url));

/**
 * Runs a command `runs` times; returns the median wall time in ms and, for node commands run
 * with the RSS reporter, the largest peak RSS in MiB.
 */
export function measure(command, args, {runs = 7, node = false, cwd} = {}) {
	const times = [];
	let peak = 0;
	for (let run = 0; run < runs; run++) {
		const finalArgs = node ? ['--import', reportRss, ...args] : args;
		const start = process.hrtime.bigint();
		const result = spawnSync(command, finalArgs, {cwd, stdio: ['ignore', 'pipe', 'pipe', 'pipe'], maxBuffer: 256 * 1024 * 1024});
		const elapsed = Number(process.hrtime.bigint() - start) / 1e6;
		if (result.status !== 0) {
			throw new Error(`${command} ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
		}

		times.push(elapsed);
		if (node) {
			peak = Math.max(peak, Number(String(result.output[3]).trim()) / 1024);
		}
	}

	times.sort((a, b) => a - b);
	return {ms: times[Math.floor(times.length / 2)], peakMiB: node ? peak : undefined};
}

export function format({ms, peakMiB}) {
	return `${ms.toFixed(0).padStart(6)} ms${peakMiB === undefined ? '' : `  ${peakMiB.toFixed(0).padStart(4)} MiB peak`}`;
}

// Runs every benchmark in turn (npm run bench), with short runs: each alternates its command
// and an external baseline pair by pair (bench/pairs.mjs). Pass more pairs to one script for
// steadier figures.
import {spawnSync} from 'node:child_process';

const benchmarks = [
	['startup.mjs', '11'],
	['wizard-startup.mjs', '11'],
	['simple-root.mjs', '5000', '21'],
	['upload.mjs', '3', '1', '50', '200'],
	['build.mjs', '3'],
	['plan-growth.mjs', '5'],
	['release.mjs', '3'],
	['wait-cpu.mjs', '3'],
	['wizard-wait-cpu.mjs', '1'],
];
for (const [file, ...args] of benchmarks) {
	console.log(`\n# ${file} ${args.join(' ')}`);
	const result = spawnSync(process.execPath, [new URL(file, import.meta.url).pathname, ...args], {stdio: 'inherit'});
	if (result.status !== 0) {
		process.exitCode = 1;
	}
}

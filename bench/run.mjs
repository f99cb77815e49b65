// Runs every benchmark in turn (npm run bench). Each prints its own baseline next to it.
import {spawnSync} from 'node:child_process';
import {existsSync} from 'node:fs';

const benchmarks = ['startup.mjs', 'plan.mjs', 'build-jobs.mjs', 'sandbox-upload.mjs'];
for (const file of benchmarks) {
	const url = new URL(file, import.meta.url);
	if (!existsSync(url)) {
		continue;
	}

	console.log(`\n# ${file}`);
	const result = spawnSync(process.execPath, [url.pathname], {stdio: 'inherit'});
	if (result.status !== 0) {
		process.exitCode = 1;
	}
}

// Preloaded with `node --import`: prints the process's peak RSS (KiB) to fd 3 when it exits,
// so a benchmark measures the same thing for the CLI and for its `node -e ''` baseline.
import {writeSync} from 'node:fs';
import process from 'node:process';

process.on('exit', () => {
	try {
		writeSync(3, `${process.resourceUsage().maxRSS}\n`);
	} catch {}
});

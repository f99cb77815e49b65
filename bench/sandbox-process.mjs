// `wizard sandbox` as its own process, as a user runs it, for the sandbox benchmarks.
import {spawn} from 'node:child_process';
import {readFileSync} from 'node:fs';
import path from 'node:path';
import {root} from './import-ts.mjs';

const cli = path.join(root, 'dist', 'cli.js');

/** Starts `node <script> ...args` and resolves with its process and the URL it prints. */
export async function startProcess(args, readyPattern) {
	const child = spawn(process.execPath, args, {stdio: ['ignore', 'pipe', 'inherit']});
	const url = await new Promise((resolve, reject) => {
		let output = '';
		child.stdout.on('data', chunk => {
			output += chunk;
			const match = readyPattern.exec(output);
			if (match) {
				resolve(match[1]);
			}
		});
		child.once('exit', code => reject(new Error(`${args.join(' ')} exited ${code}:\n${output}`)));
	});
	return {
		url,
		/** Peak resident memory of the process so far (VmHWM), in MiB. */
		peakMiB: () => Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))[1]) / 1024,
		async stop() {
			child.kill('SIGTERM');
			await new Promise(resolve => child.once('exit', resolve));
		},
	};
}

export async function startSandbox(dataDir, extra = []) {
	return startProcess([cli, 'sandbox', '--port', '0', '--data', dataDir, ...extra], /ready at (http:\/\/[\d.:]+)[\s\S]*Ctrl\+C/);
}

// CPU of the wizard's live screen through a propagation wait: the real ChecklistScreen, fed by
// useReleaseView, rendered by Ink into a terminal-sized stream that counts what it is sent.
// A 100-package release (10 batches, the tests' fixture) uploads to the test index, four batches
// visible, the fifth in its wait: a wait-polled event every 2 s (a file coming into view every
// 10 s), and the app's once-a-second clock, for 60 s (WIZARD_WAIT_SECONDS=10 for a quick check).
// CPU is process.cpuUsage() (user + system) over the wall time, as % of one core.
// Baseline: the same events and the same two timers in the same process with no front end at all,
// the floor any front end starts from. Goal: the wizard at most 2% of a core.
// Usage: node bench/wizard-wait-cpu.mjs [PAIRS]
import {EventEmitter} from 'node:events';
import {mkdtemp, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {pathToFileURL} from 'node:url';
import {build} from 'esbuild';
import {root} from './import-ts.mjs';
import {runPairs, spread} from './pairs.mjs';

const pairs = Number(process.argv[2] ?? 1);
const seconds = Number(process.env.WIZARD_WAIT_SECONDS ?? 60);
const columns = 120;
const rows = 40;
const pollMs = 2000;
// Ink writes only its last frame where CI is set: measure what a terminal gets.
delete process.env.CI;

/** The screen, the hook, Ink and React, and the tests' release fixture, bundled into one module (one React). */
async function loadWizard(folder) {
	const entry = [
		"export {ChecklistScreen} from './source/ui/ink/screens/checklist-screen.tsx';",
		"export {useReleaseView} from './source/ui/ink/use-release-view.ts';",
		"export {render} from 'ink';",
		"export {createElement, useEffect, useState} from 'react';",
		"export {Release, releaseRecord} from './test/unit/ui/release-fixture.ts';",
	].join('\n');
	await build({
		stdin: {contents: entry, resolveDir: root, loader: 'ts', sourcefile: 'wizard-wait.ts'},
		outdir: folder,
		// As the CLI's bundle: Ink's devtools stay a lazy chunk that is never loaded.
		splitting: true,
		outExtension: {'.js': '.mjs'},
		bundle: true,
		format: 'esm',
		platform: 'node',
		target: 'node20',
		jsx: 'automatic',
		external: ['react-devtools-core'],
		define: {'process.env.NODE_ENV': '"production"'},
		banner: {js: "import {createRequire as __benchRequire} from 'node:module';\nconst require = __benchRequire(import.meta.url);"},
		logLevel: 'warning',
	});
	return import(pathToFileURL(path.join(folder, 'stdin.mjs')).href);
}

/** A terminal of `columns` x `rows` that counts the frames (writes) and bytes Ink sends it. */
class CountingTerminal extends EventEmitter {
	isTTY = true;
	columns = columns;
	rows = rows;
	frames = 0;
	bytes = 0;
	write(chunk) {
		// Ink brackets a frame in synchronized-output marks, written on their own: not frames.
		if (chunk !== '\u001B[?2026h' && chunk !== '\u001B[?2026l') {
			this.frames++;
		}

		this.bytes += Buffer.byteLength(chunk);
		return true;
	}
}

/** No keys: the checklist reads none. */
class SilentInput extends EventEmitter {
	isTTY = false;
	setEncoding() {}
	setRawMode() {}
	resume() {}
	pause() {}
	ref() {}
	unref() {}
	read() {
		return null;
	}
}

/** The release in its fifth batch's wait, and an engine that publishes what the wait would. */
function waitingRelease(wizard) {
	const release = new wizard.Release(wizard.releaseRecord(100, 10)).throughLocalSteps().start('upload-test');
	for (const batch of [0, 1, 2, 3]) {
		release.upload(batch).wait(batch);
	}

	release.upload(4);
	const listeners = new Set();
	const engine = {
		subscribe(listener) {
			listeners.add(listener);
			return () => listeners.delete(listener);
		},
		record: () => release.record,
	};
	const files = release.filesOf(4);
	const since = new Date().toISOString();
	let polls = 0;
	const publish = event => {
		for (const listener of listeners) {
			listener(event, release.record);
		}
	};

	return {
		engine,
		start() {
			publish({type: 'wait-started', step: 'upload-test', role: 'test', batch: 4, files, since});
		},
		poll() {
			polls++;
			const now = Date.now();
			const visible = files.slice(0, Math.min(files.length - 1, Math.floor((polls * pollMs) / 10_000)));
			publish({type: 'wait-polled', step: 'upload-test', role: 'test', batch: 4, since, polledAt: new Date(now).toISOString(), nextPollAt: new Date(now + pollMs).toISOString(), missing: files.filter(file => !visible.includes(file)), visible});
		},
	};
}

/** Runs `seconds` of the wait with its 2 s polls and 1 s clock; returns % of a core over the window. */
async function measure(wait, tick) {
	wait.start();
	await new Promise(resolve => {
		setTimeout(resolve, 500);
	});
	const cpu = process.cpuUsage();
	const started = process.hrtime.bigint();
	const poller = setInterval(() => wait.poll(), pollMs);
	const clock = setInterval(tick, 1000);
	await new Promise(resolve => {
		setTimeout(resolve, seconds * 1000);
	});
	clearInterval(poller);
	clearInterval(clock);
	const used = process.cpuUsage(cpu);
	const wallUs = Number(process.hrtime.bigint() - started) / 1000;
	return (100 * (used.user + used.system)) / wallUs;
}

const frames = [];
const bytes = [];
const renders = [];

async function wizardRun(wizard) {
	const wait = waitingRelease(wizard);
	const terminal = new CountingTerminal();
	const {createElement, useEffect, useState, ChecklistScreen, useReleaseView} = wizard;
	let tick = () => {};
	function App() {
		const view = useReleaseView(wait.engine);
		const [now, setNow] = useState(Date.now());
		useEffect(() => {
			tick = () => setNow(Date.now());
		}, []);
		return createElement(ChecklistScreen, {view, now, rows, columns});
	}

	let rendered = 0;
	const instance = wizard.render(createElement(App), {stdout: terminal, stdin: new SilentInput(), stderr: terminal, exitOnCtrlC: false, patchConsole: false, onRender: () => rendered++});
	await new Promise(resolve => {
		setTimeout(resolve, 200);
	});
	const before = {frames: terminal.frames, bytes: terminal.bytes, rendered};
	const percent = await measure(wait, () => tick());
	frames.push(terminal.frames - before.frames);
	bytes.push(terminal.bytes - before.bytes);
	renders.push(rendered - before.rendered);
	instance.unmount();
	return percent;
}

async function floorRun(wizard) {
	const wait = waitingRelease(wizard);
	// The events still reach a listener, and the clock still fires: nothing draws them.
	let last;
	wait.engine.subscribe(event => {
		last = event;
	});
	let now = 0;
	const percent = await measure(wait, () => {
		now = Date.now();
	});
	return last === undefined || now === 0 ? Number.NaN : percent;
}

const folder = await mkdtemp(path.join(tmpdir(), 'bench-wizard-wait-'));
try {
	const wizard = await loadWizard(folder);
	const result = await runPairs({pairs, warmup: 0, command: async () => wizardRun(wizard), baseline: async () => floorRun(wizard), combine: (a, b) => a - b});
	const line = (label, {median, min, max}, unit, digits) => console.log(`  ${label.padEnd(44)} ${median.toFixed(digits)}${unit} (min ${min.toFixed(digits)}, max ${max.toFixed(digits)})`);
	console.log(`Wizard live screen through a ${seconds} s propagation wait, 100 packages in 10 batches, ${columns}x${rows} terminal, ${pairs} pair(s) (goal: at most 2% of a core):`);
	line('wizard CPU (% of a core)', result.commandMs, '%', 2);
	line('same events and timers, nothing drawn', result.baselineMs, '%', 2);
	line('drawing costs (points of a core)', result.figure, '', 2);
	line(`frames written in ${seconds} s`, spread(frames), '', 0);
	line('renders (Ink onRender)', spread(renders), '', 0);
	line('bytes written', spread(bytes), ' B', 0);
	const met = result.commandMs.median <= 2;
	console.log(`  ${met ? 'goal met' : 'goal MISSED'}: ${result.commandMs.median.toFixed(2)}% of a core`);
} finally {
	await rm(folder, {recursive: true, force: true});
}

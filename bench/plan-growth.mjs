// (d) Plan growth as the marginal cost of one more package: (time at 1,000 packages - time at
// 300) / 700, from `wizard plan --json` on generated repositories of static-metadata packages
// in 8 layers. The two sizes alternate pair by pair; each pair gives one marginal cost, so the
// start-up both sizes share cancels out instead of flattering the per-package figure.
// Usage: npm run build && node bench/plan-growth.mjs [PAIRS] [SMALL] [LARGE]
import {mkdtemp, mkdir, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {root} from './import-ts.mjs';
import {msText, runPairs, timeCommand} from './pairs.mjs';

const cli = path.join(root, 'dist', 'cli.js');
const pairs = Number(process.argv[2] ?? 7);
const small = Number(process.argv[3] ?? 300);
const large = Number(process.argv[4] ?? 1000);
const layers = 8;

async function generate(count) {
	const folder = await mkdtemp(path.join(tmpdir(), `bench-plan-${count}-`));
	const perLayer = Math.ceil(count / layers);
	const name = index => `pkg-${String(index).padStart(4, '0')}`;
	await Promise.all(
		Array.from({length: count}, async (_, index) => {
			const layer = Math.floor(index / perLayer);
			// Each package depends on two packages of the layer below (when there is one).
			const below = layer === 0 ? [] : [(layer - 1) * perLayer + (index % perLayer), (layer - 1) * perLayer + ((index + 1) % perLayer)];
			const dependencies = [...new Set(below.filter(other => other < count))].map(other => `"${name(other)}>=1.0.0"`);
			const module = name(index).replace('-', '_');
			const packageFolder = path.join(folder, 'packages', name(index));
			await mkdir(path.join(packageFolder, 'src', module), {recursive: true});
			await writeFile(
				path.join(packageFolder, 'pyproject.toml'),
				`[build-system]\nrequires = ["hatchling"]\nbuild-backend = "hatchling.build"\n\n[project]\nname = "${name(index)}"\nversion = "1.0.0"\ndependencies = [${[...dependencies, '"requests>=2"'].join(', ')}]\n`,
			);
			await writeFile(path.join(packageFolder, 'src', module, '__init__.py'), '__version__ = "1.0.0"\n');
		}),
	);
	return folder;
}

const [smallRepository, largeRepository] = [await generate(small), await generate(large)];
try {
	const plan = folder => timeCommand(process.execPath, [cli, 'plan', folder, '--json']);
	const result = await runPairs({
		pairs,
		warmup: 1,
		command: async () => plan(largeRepository),
		baseline: async () => plan(smallRepository),
		combine: (largeMs, smallMs) => (largeMs - smallMs) / (large - small),
	});
	const {median, min, max} = result.figure;
	console.log(`wizard plan --json on static-metadata packages in ${layers} layers, ${pairs} pairs:`);
	console.log(`  ${`${large} packages`.padEnd(34)} ${msText(result.commandMs, 0)}`);
	console.log(`  ${`${small} packages`.padEnd(34)} ${msText(result.baselineMs, 0)}`);
	console.log(`  ${'marginal cost per package'.padEnd(34)} ${median.toFixed(3)} ms (min ${min.toFixed(3)}, max ${max.toFixed(3)})  = (t${large} - t${small}) / ${large - small}, per pair`);
} finally {
	await Promise.all([rm(smallRepository, {recursive: true, force: true}), rm(largeRepository, {recursive: true, force: true})]);
}

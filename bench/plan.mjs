// `wizard plan --json` on generated repositories of static-metadata packages in 8 layers,
// next to `node -e ''` in the same run. Usage: node bench/plan.mjs [SIZES...] (default 300 1000)
import {mkdtemp, mkdir, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {format, measure} from './measure.mjs';

const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const sizes = process.argv.slice(2).map(Number).filter(Boolean);
const layers = 8;

async function generate(count) {
	const root = await mkdtemp(path.join(tmpdir(), `wizard-bench-${count}-`));
	const perLayer = Math.ceil(count / layers);
	const name = index => `pkg-${String(index).padStart(4, '0')}`;
	await Promise.all(
		Array.from({length: count}, async (_, index) => {
			const layer = Math.floor(index / perLayer);
			// Each package depends on two packages of the layer below (when there is one).
			const below = layer === 0 ? [] : [(layer - 1) * perLayer + (index % perLayer), (layer - 1) * perLayer + ((index + 1) % perLayer)];
			const dependencies = [...new Set(below.filter(other => other < count))].map(other => `"${name(other)}>=1.0.0"`);
			const module = name(index).replace('-', '_');
			const folder = path.join(root, 'packages', name(index));
			await mkdir(path.join(folder, 'src', module), {recursive: true});
			await writeFile(
				path.join(folder, 'pyproject.toml'),
				`[build-system]\nrequires = ["hatchling"]\nbuild-backend = "hatchling.build"\n\n[project]\nname = "${name(index)}"\nversion = "1.0.0"\ndependencies = [${[...dependencies, '"requests>=2"'].join(', ')}]\n`,
			);
			await writeFile(path.join(folder, 'src', module, '__init__.py'), '__version__ = "1.0.0"\n');
		}),
	);
	return root;
}

const baseline = measure(process.execPath, ['-e', ''], {node: true});
console.log(`node -e ''                      ${format(baseline)}`);
for (const size of sizes.length > 0 ? sizes : [300, 1000]) {
	const root = await generate(size);
	try {
		const result = measure(process.execPath, [cli, 'plan', root, '--json'], {node: true, runs: 5});
		console.log(
			`wizard plan --json, ${String(size).padStart(4)} pkgs ${format(result)}  (${(result.ms / baseline.ms).toFixed(1)}x node -e '', ${(result.ms / size).toFixed(2)} ms/pkg)`,
		);
	} finally {
		await rm(root, {recursive: true, force: true});
	}
}

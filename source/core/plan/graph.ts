import {ConfigError} from '../errors.js';

/**
 * Topological layers of a dependency graph (name -> names it depends on): every package comes
 * in a batch after all of its dependencies; names are sorted inside a batch.
 * A cycle is an error listing the packages on it; it is never broken silently.
 */
export function dependencyBatches(graph: ReadonlyMap<string, readonly string[]>, describe: (name: string) => string = name => name): string[][] {
	const remaining = new Map([...graph].map(([name, dependencies]) => [name, new Set(dependencies.filter(dependency => dependency !== name && graph.has(dependency)))]));
	const batches: string[][] = [];
	while (remaining.size > 0) {
		const ready = [...remaining].filter(([, dependencies]) => dependencies.size === 0).map(([name]) => name);
		if (ready.length === 0) {
			const cycle = findCycle(remaining);
			throw new ConfigError(describe(cycle[0]!), `dependency cycle: ${cycle.join(' -> ')}`, {
				hint: 'Packages that depend on each other cannot be published in order. Remove one of these dependencies.',
			});
		}

		ready.sort();
		batches.push(ready);
		for (const name of ready) {
			remaining.delete(name);
		}

		for (const dependencies of remaining.values()) {
			for (const name of ready) {
				dependencies.delete(name);
			}
		}
	}

	return batches;
}

/** One cycle among nodes that all still have dependencies, as a closed path (a -> b -> a). */
function findCycle(graph: ReadonlyMap<string, ReadonlySet<string>>): string[] {
	const start = [...graph.keys()].sort()[0]!;
	const path: string[] = [];
	const seenAt = new Map<string, number>();
	let current = start;
	while (!seenAt.has(current)) {
		seenAt.set(current, path.length);
		path.push(current);
		current = [...graph.get(current)!].sort()[0]!;
	}

	return [...path.slice(seenAt.get(current)), current];
}

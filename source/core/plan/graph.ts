import {ConfigError} from '../errors.js';

/**
 * Topological layers of a dependency graph (name -> names it depends on): every package comes
 * in a batch after all of its dependencies; names are sorted inside a batch.
 * A cycle is an error listing the packages on it; it is never broken silently.
 */
export function dependencyBatches(graph: ReadonlyMap<string, readonly string[]>, describe: (name: string) => string = name => name): string[][] {
	// Kahn's algorithm, layer by layer: linear in packages plus edges.
	const dependencies = new Map<string, Set<string>>();
	const dependents = new Map<string, string[]>();
	for (const [name, list] of graph) {
		dependencies.set(name, new Set(list.filter(dependency => dependency !== name && graph.has(dependency))));
		dependents.set(name, []);
	}

	for (const [name, list] of dependencies) {
		for (const dependency of list) {
			dependents.get(dependency)!.push(name);
		}
	}

	const waiting = new Map([...dependencies].map(([name, list]) => [name, list.size]));
	let ready = [...waiting].filter(([, count]) => count === 0).map(([name]) => name);
	const batches: string[][] = [];
	let placed = 0;
	while (ready.length > 0) {
		ready.sort();
		batches.push(ready);
		placed += ready.length;
		const next: string[] = [];
		for (const name of ready) {
			for (const dependent of dependents.get(name)!) {
				const count = waiting.get(dependent)! - 1;
				waiting.set(dependent, count);
				if (count === 0) {
					next.push(dependent);
				}
			}
		}

		ready = next;
	}

	if (placed < graph.size) {
		const placedNames = new Set(batches.flat());
		const remaining = new Map([...dependencies].filter(([name]) => !placedNames.has(name)).map(([name, list]) => [name, new Set([...list].filter(dependency => !placedNames.has(dependency)))]));
		const cycle = findCycle(remaining);
		throw new ConfigError(describe(cycle[0]!), `dependency cycle: ${cycle.join(' -> ')}`, {
			hint: 'Packages that depend on each other cannot be published in order. Remove one of these dependencies.',
		});
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

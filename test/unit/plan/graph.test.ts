import {expect, test} from 'vitest';
import {ConfigError} from '../../../source/core/errors.js';
import {dependencyBatches} from '../../../source/core/plan/graph.js';

test('batches are topological layers, dependencies first, sorted inside', () => {
	const graph = new Map<string, string[]>([
		['meta', ['platform', 'core']],
		['platform', ['charts', 'providers']],
		['providers', ['data']],
		['data', ['core']],
		['charts', ['core']],
		['core', []],
		['loner', []],
	]);
	expect(dependencyBatches(graph)).toEqual([['core', 'loner'], ['charts', 'data'], ['providers'], ['platform'], ['meta']]);
});

test('a dependency outside the repository or on itself does not hold a package back', () => {
	expect(dependencyBatches(new Map([['a', ['requests', 'a']], ['b', ['a']]]))).toEqual([['a'], ['b']]);
});

test('a cycle is an error that lists the packages on it', () => {
	const graph = new Map([
		['a', ['b']],
		['b', ['c']],
		['c', ['a']],
		['d', ['a']],
	]);
	expect(() => dependencyBatches(graph, name => `${name}/pyproject.toml`)).toThrow(ConfigError);
	expect(() => dependencyBatches(graph, name => `${name}/pyproject.toml`)).toThrow('a/pyproject.toml: dependency cycle: a -> b -> c -> a');
});

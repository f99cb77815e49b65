import {execFileSync} from 'node:child_process';
import {python, requirePythonModules} from './tools.js';

export type TokenRecipe = {
	/** `pypi.org` or `test.pypi.org`, as PyPI writes it. */
	readonly location?: string;
	/** Caveat predicates exactly as PyPI serialises them (JSON text). */
	readonly caveats: readonly string[];
	/** PyPI has only issued V2 (binary); V1 (text packets) is the older libmacaroons format. */
	readonly version?: 1 | 2;
};

// PyPI's own recipe: a V2 macaroon with the database id as identifier, serialised and prefixed.
const mintScript = String.raw`
import json, sys, uuid, secrets, pymacaroons
out = []
for recipe in json.load(sys.stdin):
    m = pymacaroons.Macaroon(location=recipe["location"], identifier=str(uuid.uuid4()), key=secrets.token_bytes(32), version=recipe["version"])
    for caveat in recipe["caveats"]:
        m.add_first_party_caveat(caveat)
    out.append("pypi-" + m.serialize())
json.dump(out, sys.stdout)
`;

/** Mints real PyPI-format tokens with Debian's python3-pymacaroons, one per recipe. */
export function mintTokens(recipes: readonly TokenRecipe[]): string[] {
	requirePythonModules(['pymacaroons'], 'python3-pymacaroons');
	const input = JSON.stringify(recipes.map(recipe => ({location: recipe.location ?? 'pypi.org', caveats: recipe.caveats, version: recipe.version ?? 2})));
	return JSON.parse(execFileSync(python, ['-c', mintScript], {input, encoding: 'utf8'})) as string[];
}

/** The caveats PyPI writes today, compact JSON as `json.dumps(..., sort_keys=True, separators=(",", ":"))`. */
export const currentCaveats = {
	user: (userId: string) => JSON.stringify([3, userId]),
	projectNames: (names: readonly string[]) => JSON.stringify([1, names]),
	projectIds: (ids: readonly string[]) => JSON.stringify([2, ids]),
	expiration: (expiresAt: number, notBefore: number) => JSON.stringify([0, expiresAt, notBefore]),
};

/** The caveats PyPI wrote before 2022, with Python's default `json.dumps` separators. */
export const legacyCaveats = {
	user: () => '{"version": 1, "permissions": "user"}',
	projects: (names: readonly string[]) => `{"version": 1, "permissions": {"projects": ${JSON.stringify(names).replaceAll('","', '", "')}}}`,
	expiration: (expiresAt: number, notBefore: number) => `{"exp": ${expiresAt}, "nbf": ${notBefore}}`,
	projectIds: (ids: readonly string[]) => `{"project_ids": ${JSON.stringify(ids).replaceAll('","', '", "')}}`,
};

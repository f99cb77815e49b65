/** PEP 503 normalisation: `My_Pkg`, `my.pkg` and `my-pkg` are one project. */
export function normalizeName(name: string): string {
	return name.replaceAll(/[-_.]+/g, '-').toLowerCase();
}

/** The name part of a PEP 508 requirement (`openbb-core[extra]>=4.1; python_version>"3"`). */
export function requirementName(requirement: string): string | undefined {
	return /^\s*([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)/.exec(requirement)?.[1];
}

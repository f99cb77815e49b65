import type {FileTree} from '../helpers/temp.js';

const setuptoolsBuildSystem = '[build-system]\nrequires = ["setuptools>=61"]\nbuild-backend = "setuptools.build_meta"\n';

/**
 * A first-time publisher's package: hatchling, src layout, a README, the version written once
 * in pyproject.toml (what `hatch new` makes, minus the dynamic version).
 */
export function firstHatchlingPackage(version = '0.1.0'): FileTree {
	return {
		'pyproject.toml': `[build-system]
requires = ["hatchling"]
build-backend = "hatchling.build"

[project]
name = "tmux_greeter"
version = "${version}"
description = "Greets whoever runs it."
readme = "README.md"
requires-python = ">=3.8"
`,
		'README.md': '# tmux-greeter\n\nSays hello.\n',
		'src/tmux_greeter/__init__.py': 'def greet(name):\n    return f"Hello, {name}!"\n',
	};
}

/**
 * Three setuptools packages in a chain, tally_cli -> tally_store -> tally_core, each pinning the
 * next with `==`: tally_cli in its pyproject.toml `[project]` table, tally_store in setup.cfg.
 * The project names use underscores: Debian's setuptools 66 writes a dashed project name into
 * the sdist's file name the old way, which the inspection refuses (PEP 625).
 */
export function setuptoolsChain(version = '1.0.0'): FileTree {
	return {
		'pyproject.toml': '[tool.pypi-wizard]\nversioning = "synchronized"\n',
		'core/pyproject.toml': `${setuptoolsBuildSystem}
[project]
name = "tally_core"
version = "${version}"
description = "Counts things."
readme = "README.md"
requires-python = ">=3.8"

[tool.setuptools]
packages = ["tally_core"]
`,
		'core/README.md': '# tally-core\n\nCounts things.\n',
		'core/tally_core/__init__.py': 'def count(items):\n    return len(list(items))\n',
		'store/pyproject.toml': setuptoolsBuildSystem,
		'store/setup.cfg': `[metadata]
name = tally_store
version = ${version}
description = Keeps counts.
long_description = file: README.md
long_description_content_type = text/markdown

[options]
packages = tally_store
python_requires = >=3.8
install_requires =
    tally-core==${version}
`,
		'store/README.md': '# tally-store\n\nKeeps counts.\n',
		'store/tally_store/__init__.py': 'from tally_core import count\n',
		'cli/pyproject.toml': `${setuptoolsBuildSystem}
[project]
name = "tally_cli"
version = "${version}"
description = "Counts from the command line."
readme = "README.md"
requires-python = ">=3.8"
dependencies = ["tally-store==${version}"]

[tool.setuptools]
packages = ["tally_cli"]
`,
		'cli/README.md': '# tally-cli\n\nCounts from the command line.\n',
		'cli/tally_cli/__init__.py': 'from tally_store import count\n',
	};
}

import type {FileTree} from './temp.js';

/**
 * Repository fixtures, as file trees written into temp folders by the tests. Each mirrors a
 * layout real projects use (named in the comment), small enough to build in a second.
 */

const setuptoolsBuildSystem = '[build-system]\nrequires = ["setuptools"]\nbuild-backend = "setuptools.build_meta"\n';

/** One hatchling package, version in `src/<pkg>/__about__.py` (hatch's own template). */
export function hatchlingAboutPackage(): FileTree {
	return {
		'pyproject.toml': `[build-system]
requires = ["hatchling"]
build-backend = "hatchling.build"

[project]
name = "Hatch_Demo"
dynamic = ["version"]
description = "A hatchling package."
requires-python = ">=3.8"
dependencies = ["requests>=2"]

[tool.hatch.version]
path = "src/hatch_demo/__about__.py"
`,
		'src/hatch_demo/__init__.py': '',
		'src/hatch_demo/__about__.py': '# SPDX-License-Identifier: MIT\n__version__ = "0.3.1"\n',
	};
}

/** A setup.py-only package whose version is computed from its `__init__.py` at build time. */
export function setupPyComputedVersion(): FileTree {
	return {
		'setup.py': `import os
import re

from setuptools import setup

here = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(here, "computed", "__init__.py")) as handle:
    version = re.search(r'^__version__ = "(.+)"$', handle.read(), re.M).group(1)

setup(
    name="computed-version",
    version=version,
    packages=["computed"],
    install_requires=["attrs"],
)
`,
		'computed/__init__.py': '"""Version computed by setup.py."""\n__version__ = "2.4.0"\n',
	};
}

/**
 * Three setup.py packages that pin each other with `==`, each holding its version in a constant
 * or a `__version__` that setup.py reads, with a build toggle (zulip/python-zulip-api layout).
 */
export function setupPyMonorepo(version = '0.9.1'): FileTree {
	return {
		'pyproject.toml': `[tool.pypi-wizard]
versioning = "synchronized"

[[tool.pypi-wizard.build-toggle]]
path = "zulip_bots/setup.py"
during-build = "IS_PYPA_PACKAGE = True"
otherwise = "IS_PYPA_PACKAGE = False"
`,
		'zulip/setup.py': `import os
import re

from setuptools import setup

with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "zulip", "__init__.py")) as f:
    version = re.search(r'__version__ = "([^"]+)"', f.read()).group(1)

setup(
    name="zulip",
    version=version,
    packages=["zulip"],
    install_requires=["requests>=0.12.1"],
)
`,
		'zulip/zulip/__init__.py': `__version__ = "${version}"\n`,
		'zulip_bots/setup.py': `from setuptools import setup

ZULIP_BOTS_VERSION = "${version}"
IS_PYPA_PACKAGE = False

package_data = {"zulip_bots": ["py.typed"]}
if IS_PYPA_PACKAGE:
    package_data["zulip_bots"].append("fixtures/*.json")

setup(
    name="zulip_bots",
    version=ZULIP_BOTS_VERSION,
    packages=["zulip_bots"],
    package_data=package_data,
    install_requires=[
        "zulip==${version}",
        "html2text",
    ],
)
`,
		'zulip_bots/zulip_bots/__init__.py': '',
		'zulip_bots/zulip_bots/py.typed': '',
		'zulip_botserver/setup.py': `from setuptools import setup

ZULIP_BOTSERVER_VERSION = "${version}"

setup(
    name="zulip_botserver",
    version=ZULIP_BOTSERVER_VERSION,
    packages=["zulip_botserver"],
    install_requires=[
        "zulip==${version}",
        "zulip_bots==${version}",
        "Flask>=0.12.2",
    ],
)
`,
		'zulip_botserver/zulip_botserver/__init__.py': '',
	};
}

/** The five-layer poetry-core monorepo: name -> sibling dependencies (openbb layout). */
export const poetryLayers: Readonly<Record<string, readonly string[]>> = {
	'fin-core': [],
	'fin-charts': ['fin-core'],
	'fin-data': ['fin-core'],
	'fin-providers': ['fin-data'],
	'fin-platform': ['fin-charts', 'fin-providers'],
	fin: ['fin-platform', 'fin-core'],
};

/** Six poetry-core packages in five layers, pinning each other with carets (`^1.2.0`). */
export function poetryFiveLayerMonorepo(version = '1.2.0'): FileTree {
	const files: Record<string, string> = {};
	for (const [name, dependencies] of Object.entries(poetryLayers)) {
		const folder = name === 'fin' ? 'fin' : `packages/${name.replace('fin-', '')}`;
		const module = name.replaceAll('-', '_');
		const pins = dependencies.map(dependency => `${dependency} = "^${version}"`).join('\n');
		files[`${folder}/pyproject.toml`] = `[tool.poetry]
name = "${name}"
version = "${version}"
description = "The ${name} package."
authors = ["Fin Team <team@example.com>"]

[tool.poetry.dependencies]
python = "^3.9"
${pins}

[build-system]
requires = ["poetry-core"]
build-backend = "poetry.core.masonry.api"
`;
		files[`${folder}/${module}/__init__.py`] = name === 'fin-core' ? `__version__ = "${version}"\n` : '';
	}

	return files;
}

/** A flit package whose version lives in the module's `__version__`. */
export function flitPackage(): FileTree {
	return {
		'pyproject.toml': `[build-system]
requires = ["flit_core >=3.2,<4"]
build-backend = "flit_core.buildapi"

[project]
name = "flit-demo"
authors = [{name = "Flit Author", email = "flit@example.com"}]
dynamic = ["version", "description"]
dependencies = []
`,
		'flit_demo/__init__.py': '"""A flit package."""\n\n__version__ = "0.4.0"\n',
	};
}

/** A setuptools package declared in setup.cfg, with a pyproject.toml naming only the backend. */
export function setupCfgPackage(): FileTree {
	return {
		'pyproject.toml': setuptoolsBuildSystem,
		'setup.cfg': `[metadata]
name = cfg-demo
version = 2.0.1
description = A setup.cfg package

[options]
packages = find:
install_requires =
    requests>=2.0
    packaging; python_version >= "3.8"
`,
		'cfg_demo/__init__.py': '',
	};
}

/** Two PEP 621 packages at different versions, one with an `__init__.py` that disagrees. */
export function disagreeingVersions(): FileTree {
	return {
		'alpha/pyproject.toml': `${setuptoolsBuildSystem}
[project]
name = "alpha"
version = "1.0.0"
`,
		'alpha/alpha/__init__.py': '__version__ = "0.9.0"\n',
		'beta/pyproject.toml': `${setuptoolsBuildSystem}
[project]
name = "beta"
version = "1.1.0"
dependencies = ["alpha>=1.0.0"]
`,
		'beta/beta/__init__.py': '',
	};
}

/** Three packages that depend on each other in a circle. */
export function cyclicPackages(): FileTree {
	const project = (name: string, dependency: string): string => `${setuptoolsBuildSystem}
[project]
name = "${name}"
version = "1.0.0"
dependencies = ["${dependency}>=1.0"]
`;
	return {
		'one/pyproject.toml': project('one', 'two'),
		'two/pyproject.toml': project('two', 'three'),
		'three/pyproject.toml': project('three', 'one'),
		'four/pyproject.toml': project('four', 'one'),
	};
}

/** A package whose pyproject.toml is not valid TOML (an unclosed string on line 3). */
export function malformedToml(): FileTree {
	return {
		'pyproject.toml': '[project]\nname = "broken"\nversion = "1.0\n',
	};
}

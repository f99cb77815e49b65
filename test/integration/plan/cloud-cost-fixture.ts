import type {FileTree} from '../../helpers/temp.js';

const setuptoolsBuildSystem = '[build-system]\nrequires = ["setuptools"]\nbuild-backend = "setuptools.build_meta"\n';

/**
 * A cloud-cost toolkit: `setup.py` everywhere and a meta-package at the root whose
 * pyproject.toml has a static [project] table while its setup.py adds the sibling packages as
 * install_requires and extras (the layout of multi-cloud cost tools). The provider packages
 * keep `__version__` in an `__init__.py` or `__about__.py` beside their setup.py, and a
 * package ships a broken setup.py as a test fixture.
 */
export function cloudCostToolkit(version = '0.3.0'): FileTree {
	const readVersion = (file: string): string => `import os
import re

from setuptools import find_packages, setup

here = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(here, "${file}")) as handle:
    version = re.search(r'__version__ = "([^"]+)"', handle.read()).group(1)
`;
	return {
		'pyproject.toml': `${setuptoolsBuildSystem}
[project]
name = "costkit"
version = "${version}"
description = "Cloud cost toolkit: every provider in one install."
requires-python = ">=3.8"
`,
		'setup.py': `from setuptools import setup

setup(
    packages=["costkit"],
    install_requires=["costkit-core>=${version}"],
    extras_require={
        "aws": ["costkit-aws>=${version}"],
        "all": ["costkit-aws>=${version}", "costkit-gcp==${version}"],
    },
)
`,
		'costkit/__init__.py': '"""Every provider of the cloud cost toolkit."""\n',
		'core/__init__.py': `__version__ = "${version}"\n`,
		'core/setup.py': `${readVersion('__init__.py')}
setup(
    name="costkit-core",
    version=version,
    packages=find_packages(exclude=["*.tests", "*.tests.*"]),
)
`,
		'core/costkit_core/__init__.py': '',
		'core/costkit_core/tests/__init__.py': '',
		'core/costkit_core/tests/fixtures/broken_pkg/setup.py': 'raise SystemExit("a test fixture: never run me")\n',
		'aws/__about__.py': `__version__ = "${version}"\n`,
		'aws/setup.py': `${readVersion('__about__.py')}
setup(
    name="costkit-aws",
    version=version,
    packages=find_packages(),
    install_requires=["costkit-core>=${version}", "boto3"],
)
`,
		'aws/costkit_aws/__init__.py': '',
		'gcp/setup.py': `from setuptools import find_packages, setup

setup(
    name="costkit-gcp",
    version="${version}",
    packages=find_packages(),
    install_requires=["costkit-core==${version}"],
)
`,
		'gcp/costkit_gcp/__init__.py': '',
		'tests/fixtures/sample_project/pyproject.toml': `${setuptoolsBuildSystem}
[project]
name = "sample-project"
version = "0.0.1"
`,
	};
}

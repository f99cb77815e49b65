"""skyline-plugins: part of the pypi-wizard example."""

__version__ = "0.4.0"

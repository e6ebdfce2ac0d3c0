"""Loading and validating the three inputs: survey microdata, death records, population.

Exports are imported on first use, so the build can read light modules of this package (the
files a delivery names) without importing pandas on a no-op rebuild.
"""

from importlib import import_module

_EXPORTS = {
    "load_deaths": "rusrapport.data.load",
    "load_fieldwork": "rusrapport.data.load",
    "load_population": "rusrapport.data.load",
    "load_standard_population": "rusrapport.data.load",
    "load_survey": "rusrapport.data.load",
    "Mapping": "rusrapport.data.mapping",
    "load_mapping": "rusrapport.data.mapping",
    "read_table": "rusrapport.data.readers",
    "contract_markdown": "rusrapport.data.schema",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> object:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'rusrapport.data' has no attribute {name!r}")
    return getattr(import_module(_EXPORTS[name]), name)

"""Loading and validating the three inputs: survey microdata, death records, population."""

from rusrapport.data.load import (
    load_deaths,
    load_fieldwork,
    load_population,
    load_standard_population,
    load_survey,
)
from rusrapport.data.mapping import Mapping, load_mapping
from rusrapport.data.readers import read_table
from rusrapport.data.schema import contract_markdown

__all__ = [
    "Mapping",
    "contract_markdown",
    "load_deaths",
    "load_fieldwork",
    "load_mapping",
    "load_population",
    "load_standard_population",
    "load_survey",
    "read_table",
]

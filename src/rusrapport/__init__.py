"""rusrapport: the yearly Norwegian report on illegal drugs, built reproducibly from data."""

from rusrapport.errors import InputError, Problem

__all__ = ["InputError", "Problem"]
__version__ = "0.1.0"

"""Generators of the default inputs: derived population, synthetic deaths and survey."""

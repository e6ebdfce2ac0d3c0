"""Pure statistics for the report: proportions, reliability, trends, standardised rates, ICD-10.

Names are imported lazily (PEP 562): ``from rusrapport.stats import classify_death`` does not
pay for statsmodels, which only the trend tests need. This keeps notebook start-up and the
build's input validation fast.
"""

from __future__ import annotations

from importlib import import_module

_WHERE = {
    "DeathClass": "icd10",
    "classify_death": "icd10",
    "classify_deaths": "icd10",
    "Proportion": "proportions",
    "kish_effective_n": "proportions",
    "proportion_interval": "proportions",
    "proportion_table": "proportions",
    "weighted_proportion": "proportions",
    "NCHS_RULES": "nchs",
    "ReliabilityRules": "nchs",
    "effective_sample_size": "nchs",
    "reliability": "nchs",
    "Rate": "standardise",
    "age_standardised_rate": "standardise",
    "crude_rate": "standardise",
    "exact_poisson_limits": "standardise",
    "CountTrend": "trend",
    "SurveyTrend": "trend",
    "count_trend": "trend",
    "survey_trend_test": "trend",
}
_TEXT = {"format_number", "format_percent", "round_half_up"}

__all__ = sorted([*_WHERE, *_TEXT])


def __getattr__(name: str):
    if name in _WHERE:
        return getattr(import_module(f"rusrapport.stats.{_WHERE[name]}"), name)
    if name in _TEXT:
        return getattr(import_module("rusrapport.text.numbers"), name)
    raise AttributeError(f"module 'rusrapport.stats' has no attribute {name!r}")


def __dir__() -> list[str]:
    return __all__

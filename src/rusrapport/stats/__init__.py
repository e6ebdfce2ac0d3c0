"""Pure statistics for the report: proportions, reliability, trends, standardised rates, ICD-10."""

from rusrapport.stats.icd10 import DeathClass, classify_death, classify_deaths
from rusrapport.stats.proportions import (
    Proportion,
    kish_effective_n,
    proportion_interval,
    proportion_table,
    weighted_proportion,
)
from rusrapport.stats.reliability import NCHS_RULES, ReliabilityRules, effective_sample_size, reliability
from rusrapport.stats.standardise import Rate, age_standardised_rate, crude_rate, exact_poisson_limits
from rusrapport.stats.trend import CountTrend, SurveyTrend, count_trend, survey_trend_test
from rusrapport.text.numbers import format_number, format_percent, round_half_up

__all__ = [
    "NCHS_RULES",
    "CountTrend",
    "DeathClass",
    "Proportion",
    "Rate",
    "ReliabilityRules",
    "SurveyTrend",
    "age_standardised_rate",
    "classify_death",
    "classify_deaths",
    "count_trend",
    "crude_rate",
    "effective_sample_size",
    "exact_poisson_limits",
    "format_number",
    "format_percent",
    "kish_effective_n",
    "proportion_interval",
    "proportion_table",
    "reliability",
    "round_half_up",
    "survey_trend_test",
    "weighted_proportion",
]

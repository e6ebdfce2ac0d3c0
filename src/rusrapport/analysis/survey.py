"""Tidy prevalence tables from the survey, in the figure-file shape of DESIGN.md.

Columns: year, sex ('menn'/'kvinner'/'alle'), age_group ('16-64', ...), measure ('ever',
'12m', '4w'), substance (Norwegian code), value, lower, upper (percent), n, flag.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from rusrapport import labels
from rusrapport.stats import proportion_table

STIMULANTS = ("cocaine", "mdma", "amphetamines")


def with_any_stimulant(survey: pd.DataFrame) -> pd.DataFrame:
    """Add ``any_stimulant_<measure>``: used at least one of cocaine, MDMA or amphetamines.
    Missing when any of the three answers is missing (not asked / no answer)."""
    out = survey.copy()
    for measure in ("ever", "12m", "4w"):
        cols = [f"{s}_{measure}" for s in STIMULANTS]
        out[f"any_stimulant_{measure}"] = out[cols].max(axis=1, skipna=False)
    return out


def in_ages(survey: pd.DataFrame, low: int, high: int) -> pd.DataFrame:
    return survey[survey["age"].between(low, high)]


def prevalence(
    survey: pd.DataFrame,
    substances: Sequence[str],
    measures: Sequence[str],
    *,
    ages: tuple[int, int] = (16, 64),
    by_sex: bool = False,
    years: Sequence[int] | None = None,
) -> pd.DataFrame:
    """Weighted prevalence (%) with 95 % logit intervals and NCHS flags, one row per estimate."""
    part = in_ages(survey, *ages)
    if years is not None:
        part = part[part["year"].isin(years)]
    outcomes = [f"{s}_{m}" for s in substances for m in measures]
    by = ["year", "sex"] if by_sex else ["year"]
    table = proportion_table(part, outcomes, by=by)
    table["substance"] = table["outcome"].str.rsplit("_", n=1).str[0].map(labels.SURVEY_SUBSTANCE)
    table["measure"] = table["outcome"].str.rsplit("_", n=1).str[1]
    table["sex"] = table["sex"].map(labels.SEX) if by_sex else "alle"
    table["age_group"] = f"{ages[0]}-{ages[1]}"
    columns = ["year", "sex", "age_group", "measure", "substance", "value", "lower", "upper", "n", "flag"]
    return table[columns].reset_index(drop=True)

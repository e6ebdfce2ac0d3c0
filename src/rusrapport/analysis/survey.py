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


def distribution(
    survey: pd.DataFrame,
    column: str,
    categories: Sequence[str | int],
    *,
    among: str,
    ages: tuple[int, int] = (16, 64),
    year: int,
    by_sex: bool = False,
) -> pd.DataFrame:
    """Weighted shares (%) of the categories of ``column`` among respondents with ``among`` = 1
    (e.g. times used among last-year users), with intervals; one row per category (and sex)."""
    part = in_ages(survey, *ages)
    part = part[(part["year"] == year) & (part[among] == 1) & part[column].notna()].copy()
    names = []
    for k, category in enumerate(categories):
        name = f"_cat{k}"
        part[name] = (part[column] == category).astype(float)
        names.append(name)
    by = ["year", "sex"] if by_sex else ["year"]
    table = proportion_table(part, names, by=by)
    table["category"] = table["outcome"].map(dict(zip(names, [str(c) for c in categories], strict=True)))
    table["sex"] = table["sex"].map(labels.SEX) if by_sex else "alle"
    table["age_group"] = f"{ages[0]}-{ages[1]}"
    columns = ["year", "sex", "age_group", "category", "value", "lower", "upper", "n", "flag"]
    return table[columns].reset_index(drop=True)


AGE_BANDS_YOUNG = (("16-20", 16, 20), ("21-25", 21, 25), ("26-30", 26, 30))


def prevalence_by_age_band(
    survey: pd.DataFrame, column: str, bands=AGE_BANDS_YOUNG, *, by_sex: bool = False
) -> pd.DataFrame:
    """Prevalence of one outcome per year in each age band (e.g. 16-20, 21-25, 26-30)."""
    parts = []
    for name, low, high in bands:
        substance, measure = column.rsplit("_", 1)
        table = prevalence(survey, [substance], [measure], ages=(low, high), by_sex=by_sex)
        parts.append(table.assign(age_group=name))
    return pd.concat(parts, ignore_index=True)


def adjusted_trend(survey: pd.DataFrame, column: str, ages: tuple[int, int] = (16, 64)):
    """The trend test the report uses: use on year, adjusted for age group and sex."""
    from rusrapport.stats import survey_trend_test

    part = in_ages(survey, *ages).copy()
    inner = (20, 25) if ages[1] <= 30 else (24, 34, 44, 54)
    cuts = [ages[0] - 1, *[c for c in inner if ages[0] <= c < ages[1]], ages[1]]
    part["age_group"] = pd.cut(part["age"], cuts).astype(str)
    return survey_trend_test(part, column)

"""Drug-induced deaths: tidy tables for the deaths chapter, from records classified by EUDA
selection B and the population tables. Labels are Norwegian (the figure-file convention)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from rusrapport import labels
from rusrapport.data.ages import to_bands
from rusrapport.stats import age_standardised_rate, classify_deaths

AGE_GROUPS = (
    ("<30", 0, 29),
    ("30-39", 30, 39),
    ("40-49", 40, 49),
    ("50-59", 50, 59),
    ("60-69", 60, 69),
    ("70+", 70, 200),
)
SEX = {"male": "menn", "female": "kvinner"}
INTENT_ORDER = ("accidental", "intentional", "undetermined", "mental_behavioural")
SUBSTANCE_ORDER = (
    "other_opioids",
    "other_synthetic_opioids",
    "methadone",
    "heroin",
    "stimulants",
    "dependence",
    "other",
)


def drug_induced(records: pd.DataFrame) -> pd.DataFrame:
    """The records that are drug-induced by selection B, with intent and substance group."""
    classified = classify_deaths(records)
    return classified[classified["drug_induced"]].reset_index(drop=True)


def age_group(ages: pd.Series) -> pd.Series:
    labels_ = np.select(
        [ages.between(lo, hi) for _, lo, hi in AGE_GROUPS], [g for g, _, _ in AGE_GROUPS], default=""
    )
    return pd.Series(labels_, index=ages.index)


def per_year(deaths: pd.DataFrame, years: Sequence[int]) -> pd.DataFrame:
    counts = deaths.groupby("year").size().reindex(years, fill_value=0)
    return pd.DataFrame({"year": list(years), "value": counts.to_numpy()})


def population_bands(population: pd.DataFrame, standard: pd.DataFrame) -> pd.DataFrame:
    """Population summed into the standard population's age bands."""
    return to_bands(population[["year", "county", "sex", "age", "persons"]], list(standard["age"]))


def _rate(deaths: pd.DataFrame, population: pd.DataFrame, standard: pd.DataFrame):
    bands = list(standard["age"])
    idx = np.minimum(deaths["age"].to_numpy() // 5, len(bands) - 1) if bands[0] == "0-4" else None
    if idx is None:
        raise ValueError("the standard population must be in 5-year bands from 0-4")
    events = np.bincount(idx, minlength=len(bands))
    pop = population.groupby("age")["persons"].sum().reindex(bands).to_numpy(dtype=float)
    return age_standardised_rate(events, pop, standard["persons"].to_numpy(dtype=float))


def _rate_row(r) -> dict:
    """A Rate as figure-file columns; an empty flag means the rate rests on enough events."""
    return {"value": r.rate, "lower": r.lower, "upper": r.upper, "events": r.events, "flag": r.flag or ""}


def rates_per_year(
    deaths: pd.DataFrame, population: pd.DataFrame, standard: pd.DataFrame, years: Sequence[int]
) -> pd.DataFrame:
    rows = []
    for year in years:
        r = _rate(deaths[deaths["year"] == year], population[population["year"] == year], standard)
        rows.append({"year": year, **_rate_row(r)})
    return pd.DataFrame(rows)


def rates_by_county(
    deaths: pd.DataFrame, population: pd.DataFrame, standard: pd.DataFrame, year: int, counties: Sequence[str]
) -> pd.DataFrame:
    rows = []
    for county in counties:
        part = deaths[(deaths["year"] == year) & (deaths["county"] == county)]
        pop = population[(population["year"] == year) & (population["county"] == county)]
        r = _rate(part, pop, standard)
        rows.append({"year": year, "county": county, **_rate_row(r)})
    return pd.DataFrame(rows)


def mean_age_by_sex(deaths: pd.DataFrame, years: Sequence[int]) -> pd.DataFrame:
    rows = []
    for year in years:
        part = deaths[deaths["year"] == year]
        rows.append({"year": year, "sex": "alle", "value": part["age"].mean()})
        for code, label in SEX.items():
            rows.append({"year": year, "sex": label, "value": part.loc[part["sex"] == code, "age"].mean()})
    return pd.DataFrame(rows)


def by_age_sex(deaths: pd.DataFrame, year: int) -> pd.DataFrame:
    part = deaths[deaths["year"] == year]
    groups = age_group(part["age"])
    total = len(part)
    rows = []
    for group, _, _ in AGE_GROUPS:
        in_group = part[groups == group]
        for code, label in SEX.items():
            n = int((in_group["sex"] == code).sum())
            rows.append(
                {"year": year, "age_group": group, "sex": label, "value": n, "share": 100 * n / total}
            )
        rows.append(
            {
                "year": year,
                "age_group": group,
                "sex": "alle",
                "value": len(in_group),
                "share": 100 * len(in_group) / total,
            }
        )
    return pd.DataFrame(rows)


def by_sex_per_year(deaths: pd.DataFrame, years: Sequence[int]) -> pd.DataFrame:
    return by_group_per_year(deaths, "sex", tuple(SEX), SEX, years)


def by_county(deaths: pd.DataFrame, years: Sequence[int], counties: Sequence[str]) -> pd.DataFrame:
    rows = []
    for year in years:
        part = deaths[deaths["year"] == year]
        for county in counties:
            rows.append({"year": year, "county": county, "value": int((part["county"] == county).sum())})
    return pd.DataFrame(rows)


def by_group_per_year(
    deaths: pd.DataFrame, column: str, order: Sequence[str], names: dict[str, str], years: Sequence[int]
) -> pd.DataFrame:
    rows = []
    for year in years:
        part = deaths[deaths["year"] == year]
        for code in order:
            n = int((part[column] == code).sum())
            rows.append(
                {
                    "year": year,
                    column: names[code],
                    "value": n,
                    "share": 100 * n / len(part) if len(part) else np.nan,
                }
            )
    return pd.DataFrame(rows)


def by_substance_per_year(deaths: pd.DataFrame, years: Sequence[int]) -> pd.DataFrame:
    return by_group_per_year(deaths, "substance", SUBSTANCE_ORDER, labels.DEATH_SUBSTANCE, years)


def by_intent_per_year(deaths: pd.DataFrame, years: Sequence[int]) -> pd.DataFrame:
    return by_group_per_year(deaths, "intent", INTENT_ORDER, labels.DEATH_INTENT, years)


def substance_by_county(deaths: pd.DataFrame, years: Sequence[int], counties: Sequence[str]) -> pd.DataFrame:
    rows = []
    for year in years:
        for county in counties:
            part = deaths[(deaths["year"] == year) & (deaths["county"] == county)]
            for code in SUBSTANCE_ORDER:
                rows.append({"year": year, "county": county, "substance": labels.DEATH_SUBSTANCE[code],
                             "value": int((part["substance"] == code).sum())})  # fmt: skip
    return pd.DataFrame(rows)


def autopsy(deaths: pd.DataFrame, years: Sequence[int]) -> pd.DataFrame:
    """Deaths not autopsied per year: all, and by intent group."""
    rows = []
    for year in years:
        part = deaths[deaths["year"] == year]
        groups = [("alle", part)] + [
            (labels.DEATH_INTENT[i], part[part["intent"] == i]) for i in INTENT_ORDER
        ]
        for name, group in groups:
            if len(group) == 0:
                continue
            missing = int((~group["autopsy"]).sum())
            rows.append(
                {
                    "year": year,
                    "category": name,
                    "value": missing,
                    "total": len(group),
                    "share": 100 * missing / len(group),
                }
            )
    return pd.DataFrame(rows)

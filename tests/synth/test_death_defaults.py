"""The default death records reproduce every death aggregate in the spec exactly, and the
published history; aggregates are computed here with plain pandas after classification."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from rusrapport.labels import DEATH_SUBSTANCE as LABEL
from rusrapport.stats import classify_deaths
from rusrapport.synth.deaths import REVISIONS
from rusrapport.synth.published import DEATHS_MEAN_AGE, DEATHS_PUBLISHED, DEATHS_SHARE_WOMEN
from tests.synth.conftest import as_the_spec_rounds

INTENT = {
    "forgiftning uten intensjon": "accidental",
    "forgiftning med intensjon": "intentional",
    "psykiske lidelser og atferdsforstyrrelser": "mental_behavioural",
}
AGE_BANDS = {
    "<30": (0, 29),
    "30-39": (30, 39),
    "40-49": (40, 49),
    "50-59": (50, 59),
    "60-69": (60, 69),
    "70+": (70, 200),
}
SEX = {"menn": "male", "kvinner": "female"}


@pytest.fixture(scope="module")
def drug(deaths) -> pd.DataFrame:
    classified = classify_deaths(deaths)
    assert (~classified["drug_induced"]).sum() > 100  # the extract holds deaths outside selection B
    return classified[classified["drug_induced"]]


def _rate(events_by_band: pd.Series, pop_by_band: pd.Series, standard: pd.Series) -> float:
    """Direct standardisation written out: sum of w_i d_i / n_i, per 100 000."""
    w = standard / standard.sum()
    return float(
        (w * events_by_band.reindex(w.index, fill_value=0) / pop_by_band.reindex(w.index)).sum() * 1e5
    )


def _bands(ages: pd.Series, labels: list[str]) -> pd.Series:
    index = np.minimum(ages.to_numpy() // 5, len(labels) - 1)
    return pd.Series(np.asarray(labels)[index]).value_counts()


def test_every_death_number_in_the_spec(drug, population, standard, spec):
    rows = spec[(spec["chapter"] == "deaths") & spec["value"].ne("")]
    bands = standard["age"].tolist()
    std = standard.set_index("age")["persons"]
    checked, failures = 0, []
    for row in rows.itertuples():
        ind, group = row.indicator, row.group
        year = int(row.year) if row.year.isdigit() else None
        d = drug[drug["year"] == year] if year else drug
        if ind == "deaths_total":
            value = len(d)
        elif ind == "deaths_total_mean":
            value = drug.groupby("year").size().loc[2012:2024].mean()
        elif ind == "deaths_total_max":
            continue  # 2001 lies before the records; the chapter quotes it as a published figure
        elif ind == "deaths_rate_agestd":
            pop = population[population["year"] == year].groupby("age")["persons"].sum()
            value = _rate(_bands(d["age"], bands), pop, std)
        elif ind == "deaths_rate_agestd_by_county":
            pop = (
                population[(population["year"] == year) & (population["county"] == group)]
                .groupby("age")["persons"]
                .sum()
            )
            value = _rate(_bands(d.loc[d["county"] == group, "age"], bands), pop, std)
        elif ind == "deaths_mean_age":
            value = (d if group == "total" else d[d["sex"] == SEX[group]])["age"].mean()
        elif ind == "deaths_by_age":
            low, high = AGE_BANDS[row.age_range]
            part = d[d["age"].between(low, high)]
            value = len(part if group == "total" else part[part["sex"] == SEX[group]])
        elif ind == "deaths_by_sex":
            value = int((d["sex"] == SEX[group]).sum())
        elif ind == "deaths_by_county":
            value = int((d["county"] == group).sum())
        elif ind == "deaths_by_substance":
            value = int((d["substance"].map(LABEL) == group).sum())
        elif ind == "deaths_substance_by_county":
            county, substance = group.split("|")
            value = int(((d["county"] == county) & (d["substance"].map(LABEL) == substance)).sum())
        elif ind == "deaths_by_intent":
            value = int((d["intent"] == INTENT[group]).sum())
        elif ind == "deaths_not_autopsied":
            part = d if group == "total" else d[d["intent"] == "mental_behavioural"]
            value = int((~part["autopsy"]).sum())
        elif ind == "deaths_not_autopsied_share":
            value = 100 * (~d["autopsy"]).mean()
        else:
            raise AssertionError(f"unhandled spec indicator {ind}")
        checked += 1
        if not as_the_spec_rounds(float(value), row.value, row.as_stated):
            failures.append(
                f"{ind} {row.year} {group} {row.age_range}: {value} vs {row.value} ('{row.as_stated}')"
            )
    assert not failures, "\n".join(failures)
    assert checked == len(rows) - 1


def test_heroin_not_among_top_three_in_2024(drug):
    counts = drug[drug["year"] == 2024]["substance"].value_counts()
    assert "heroin" not in counts.index[:3]
    assert list(counts.index[:3]) == ["other_opioids", "other_synthetic_opioids", "methadone"]


def test_county_rates_extremes_2024(drug, population, standard):
    std = standard.set_index("age")["persons"]
    d = drug[drug["year"] == 2024]
    rates = {}
    for county, part in population[population["year"] == 2024].groupby("county"):
        pop = part.groupby("age")["persons"].sum()
        rates[county] = _rate(_bands(d.loc[d["county"] == county, "age"], standard["age"].tolist()), pop, std)
    assert max(rates, key=rates.get) == "Buskerud" and min(rates, key=rates.get) == "Møre og Romsdal"


def test_published_history(drug):
    per_year = drug.groupby("year").size()
    for year, published in DEATHS_PUBLISHED.items():
        assert per_year[year] == published + REVISIONS.get(year, 0)
    assert sum(REVISIONS.values()) == 39  # documented: restores the report's mean of about 292
    women = drug[drug["sex"] == "female"].groupby("year").size() / per_year * 100
    for year, share in DEATHS_SHARE_WOMEN.items():
        assert round(women[year]) == share, year
    for year, (men_age, women_age) in DEATHS_MEAN_AGE.items():
        ages = drug[drug["year"] == year].groupby("sex")["age"].mean()
        assert round(ages["male"], 1) == men_age and round(ages["female"], 1) == women_age, year


def test_women_older_than_men_and_trend_rising(drug):
    ages = drug.groupby(["year", "sex"])["age"].mean().unstack()
    assert (ages["female"] > ages["male"]).all()
    per_year = drug.groupby("year").size()
    slope = np.polyfit(per_year.index, per_year.to_numpy(), 1)[0]
    assert slope > 0


def test_codes_are_realistic(drug):
    first = drug["t_codes"].fillna("").str.split(";").str[0]
    poisonings = ~drug["underlying_cause"].str.startswith("F")
    assert first[poisonings].str.match(r"^T4(0\.[0-9]|3\.6)$").all()  # main intoxicant first
    assert drug["underlying_cause"].str.match(r"^[FXY]\d{2}").all()

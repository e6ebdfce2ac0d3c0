"""The default survey reproduces every survey number in the spec, computed independently here."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from rusrapport.stats import survey_trend_test
from tests.synth.conftest import as_the_spec_rounds, weighted_percent, years_of

SUBSTANCE = {
    "cannabis": "cannabis",
    "cocaine": "cocaine",
    "mdma": "mdma",
    "amphetamines": "amphetamines",
    "lsd": "lsd",
    "ghb": "ghb",
    "heroin": "heroin",
    "other": "other",
    "any_stimulant": "any_stimulant",
}
SEX = {"total": None, "menn": "male", "kvinner": "female"}


def _subset(survey: pd.DataFrame, year: int, ages: str, sex: str | None) -> pd.DataFrame:
    low, high = (int(x) for x in ages.split("-"))
    part = survey[(survey["year"] == year) & survey["age"].between(low, high)]
    return part if sex is None else part[part["sex"] == sex]


def _prevalence_rows(spec: pd.DataFrame) -> pd.DataFrame:
    mask = spec["indicator"].str.match(
        r"^(cannabis|cocaine|mdma|amphetamines|lsd|ghb|heroin|other|any_stimulant)_(ever|12m|4w)$"
    )
    return spec[mask & spec["value"].ne("")]


def test_every_prevalence_in_the_spec(survey, spec):
    rows = _prevalence_rows(spec)
    assert len(rows) == 42  # every survey prevalence the spec states
    failures = []
    for row in rows.itertuples():
        substance, measure = row.indicator.rsplit("_", 1)
        for year in years_of(row.year):
            part = _subset(survey, year, row.age_range, SEX[row.group])
            value = weighted_percent(part, f"{SUBSTANCE[substance]}_{measure}")
            if not as_the_spec_rounds(value, row.value, row.as_stated):
                failures.append(
                    f"{row.indicator} {year} {row.group} {row.age_range}: {value:.3f} vs '{row.as_stated}'"
                )
    assert not failures, "\n".join(failures)


def test_cannabis_trend_significant_for_all_three_measures(survey):
    adults = survey[survey["age"] <= 64].copy()
    adults["age_group"] = pd.cut(adults["age"], [15, 24, 34, 44, 54, 64]).astype(str)
    for measure in ("ever", "12m", "4w"):
        trend = survey_trend_test(adults, f"cannabis_{measure}")
        assert trend.odds_ratio > 1 and trend.p_value < 0.01, measure


def _gap(survey, year, ages, column):
    men = weighted_percent(_subset(survey, year, ages, "male"), column)
    women = weighted_percent(_subset(survey, year, ages, "female"), column)
    return men - women


@pytest.mark.parametrize("ages", ["16-64", "16-30"])
def test_sex_gap_in_12_month_use_is_smallest_in_2022(survey, ages):
    gaps = {y: _gap(survey, y, ages, "cannabis_12m") for y in range(2013, 2026)}
    others = [g for y, g in gaps.items() if y != 2022]
    assert min(gaps, key=gaps.get) == 2022
    assert gaps[2022] < 0.5 * np.median(others)
    assert all(g > 0 for g in others)


def test_young_age_groups_21_25_highest_and_the_2025_reversal(survey):
    young = survey[survey["age"] <= 30].copy()
    young["age_group"] = pd.cut(young["age"], [15, 20, 25, 30], labels=["16-20", "21-25", "26-30"])
    reversals = []
    for year in range(2013, 2026):
        by = {}
        for (group, sex), part in young[young["year"] == year].groupby(["age_group", "sex"], observed=True):
            by[(group, sex)] = weighted_percent(part, "cannabis_12m")
        reversals += [(year, g) for g in ("16-20", "21-25", "26-30") if by[(g, "female")] > by[(g, "male")]]
        if year == 2025:
            total = {
                g: weighted_percent(
                    young[(young["year"] == year) & (young["age_group"] == g)], "cannabis_12m"
                )
                for g in ("16-20", "21-25", "26-30")
            }
            assert max(total, key=total.get) == "21-25"
    assert reversals == [(2025, "21-25")]


def test_cocaine_peak_and_rise(survey):
    series = {
        y: weighted_percent(_subset(survey, y, "16-64", None), "cocaine_ever") for y in range(2013, 2026)
    }
    assert max(series, key=series.get) == 2024
    assert all(4 <= series[y] < 5 for y in range(2013, 2020))
    assert all(series[y + 1] > series[y] for y in range(2019, 2024))
    assert series[2025] < series[2024]
    amph = {
        y: weighted_percent(_subset(survey, y, "16-64", None), "amphetamines_ever") for y in range(2013, 2026)
    }
    assert sorted(amph, key=amph.get)[-2:] in ([2024, 2025], [2025, 2024])


def test_frequency_and_days_2025(survey):
    users = _subset(survey, 2025, "16-64", None)
    users = users[users["cannabis_12m"] == 1]
    shares = users.groupby("cannabis_times_12m")["weight"].sum() / users["weight"].sum()
    assert shares.idxmax() == "1-5" and shares["1-5"] > 0.5
    assert shares.drop("1-5").idxmax() == "50+"
    by_sex = (
        users.groupby(["sex", "cannabis_times_12m"])["weight"].sum() / users.groupby("sex")["weight"].sum()
    )
    assert by_sex[("female", "1-5")] > by_sex[("male", "1-5")]
    assert by_sex[("male", "50+")] > by_sex[("female", "50+")]
    for ages in ("16-64", "16-30"):
        month = _subset(survey, 2025, ages, None)
        month = month[month["cannabis_4w"] == 1]
        days = month.groupby("cannabis_days_4w")["weight"].sum() / month["weight"].sum() * 100
        assert as_the_spec_rounds(days["1-3"], "40", "om lag 40 %"), ages
        assert as_the_spec_rounds(days["20+"], "25", "ca. 25 %"), ages


def test_debut_age_2025(survey):
    users = _subset(survey, 2025, "16-64", None).dropna(subset=["cannabis_debut_age"])
    debut = users["cannabis_debut_age"]
    assert (debut.min(), debut.max()) == (11, 59)
    assert debut.mode().tolist() == [18]
    assert users.groupby("cannabis_debut_age")["weight"].sum().idxmax() == 18
    assert round(float(np.average(debut, weights=users["weight"]))) == 20


def test_earlier_published_survey_figures(survey, published):
    expected = {  # published_figures.csv rows with a 16-64 value for one year
        ("survey_cannabis_lifetime", 2013): ("cannabis_ever", 23.3, 1),
        ("survey_cannabis_last12m", 2013): ("cannabis_12m", 5.1, 1),
        ("survey_cannabis_lifetime", 2019): ("cannabis_ever", 23, 0),
        ("survey_cannabis_last12m", 2019): ("cannabis_12m", 5, 0),
        ("survey_cannabis_last12m", 2021): ("cannabis_12m", 5, 0),
        ("survey_cannabis_last12m", 2022): ("cannabis_12m", 5.5, 1),
        ("survey_cocaine_lifetime", 2013): ("cocaine_ever", 4.2, 1),
        ("survey_amphetamines_lifetime", 2013): ("amphetamines_ever", 3.7, 1),
        ("survey_ecstasy_lifetime", 2013): ("mdma_ever", 2.3, 1),
        ("survey_lsd_lifetime", 2013): ("lsd_ever", 1.5, 1),
        ("survey_ghb_lifetime", 2013): ("ghb_ever", 1.1, 1),
        ("survey_heroin_lifetime", 2013): ("heroin_ever", 0.7, 1),
    }
    for (indicator, year), (column, value, decimals) in expected.items():
        assert ((published["indicator"] == indicator) & (published["year"] == str(year))).any(), indicator
        got = weighted_percent(_subset(survey, year, "16-64", None), column)
        assert round(got, decimals) == value, (indicator, year, got)
    for year, sex, value in ((2019, "male", 7), (2019, "female", 3)):
        assert round(weighted_percent(_subset(survey, year, "16-64", sex), "cannabis_12m")) == value


def test_sample_structure(survey):
    counts = survey.groupby("year").size()
    assert counts[2025] == 4614
    assert all(1600 <= counts[y] <= 1900 for y in range(2013, 2023))
    assert survey.loc[(survey["year"] < 2025) & (survey["age"] >= 65), "cannabis_ever"].isna().all()
    assert survey.loc[(survey["year"] == 2025) & (survey["age"] >= 65), "cannabis_ever"].notna().any()
    modes = survey[survey["year"] == 2025]["mode"].value_counts(normalize=True)
    assert round(100 * modes["cawi"]) == 68 and round(100 * modes["cati"]) == 32
    seasons = survey[survey["year"] == 2023]["season"].value_counts(normalize=True)
    assert 0.45 < seasons["autumn"] < 0.55


def test_raw_sample_is_skewed_and_weights_correct_it(survey, population):
    part = survey[(survey["year"] == 2019)]
    pop = population[population["year"] == 2019]
    low = pop["age"].str.extract(r"^(\d+)")[0].astype(int)
    young_pop = pop.loc[(low >= 15) & (low < 30), "persons"].sum() * 0.95  # 16-29 of 15-29
    all_pop = pop.loc[(low >= 15) & (low < 65), "persons"].sum() - pop.loc[low == 15, "persons"].sum() / 5
    raw = (part["age"] < 30).mean()
    weighted = part.loc[part["age"] < 30, "weight"].sum() / part["weight"].sum()
    assert raw < weighted - 0.03  # young people under-represented before weighting
    assert weighted == pytest.approx(young_pop / all_pop, abs=0.02)

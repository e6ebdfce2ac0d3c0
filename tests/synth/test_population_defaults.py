"""The derived population: marked as such, consistent with the published totals it starts from."""

from __future__ import annotations

import pandas as pd

from rusrapport.synth import population as derive
from rusrapport.synth.published import COUNTY_POPULATION_2022, POPULATION_1JAN, POPULATION_2024_BY_AGE
from tests.synth.conftest import DATA


def test_every_row_marked(population, standard):
    assert (population["source"] == "derived").all()
    assert (standard["source"] == "derived").all()
    published = pd.read_csv(DATA / "population_published.csv")
    assert (published["source"] == "real").all()
    assert set(population["year"]) == set(range(2012, 2026))
    assert population.groupby("year").size().nunique() == 1  # every year complete


def test_totals_match_published_first_january():
    totals = derive.national_totals()
    for year, persons in POPULATION_1JAN.items():
        assert totals[year] == persons
    by_age = derive.national_by_age()
    for year, persons in POPULATION_1JAN.items():
        assert round(by_age[year].sum()) == persons


def test_mean_population_and_standard(population, standard):
    mean_2024 = population[population["year"] == 2024]["persons"].sum()
    expected = (POPULATION_1JAN[2024] + POPULATION_1JAN[2025]) / 2
    assert abs(mean_2024 - expected) < 200  # rounding of 570 cells
    assert standard["persons"].sum() == mean_2024


def test_counties_start_from_the_published_2022_counts():
    national = derive.national_by_age()
    totals = derive.county_totals(national)[2022]
    for county, persons in COUNTY_POPULATION_2022.items():
        share = persons / sum(COUNTY_POPULATION_2022.values())
        assert abs(totals[county] / sum(totals.values()) - share) < 1e-9


def test_derived_children_close_to_published_2024():
    single = derive.national_by_age()[2024]
    for (low, high), persons in POPULATION_2024_BY_AGE.items():
        assert abs(single[low : high + 1].sum() / persons - 1) < 0.03, (low, high)

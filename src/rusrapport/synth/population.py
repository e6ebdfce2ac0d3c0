"""Derive the default population table (year × county × sex × age band) from published totals.

SSB table 07459 cannot be fetched here, so the default population is *derived*:

1. The 2011 census by 10-year age group is spread over single years and carried forward one
   year at a time (cohort ageing, Gompertz mortality, published or assumed births); the
   difference to the published or interpolated national total of each 1 January is net
   migration, spread mostly over young adults and their children.
2. County totals start from the published 1 January 2022 counts (2024 borders) and drift by a
   county growth rate; county age structures tilt the national one (Oslo younger, Nordland
   older), then are raked so counties sum to the national total in every age.
3. Sex splits by age follow a fixed profile (more women among the oldest).
4. The mean population of a year is the average of its two 1 January populations; the
   standard population for age standardisation is the derived mean population of 2024.

Every row written is marked ``derived``; the published inputs go to a separate file, marked
``real``. Real SSB data replaces all of this through ``report.toml`` or ``--population``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from rusrapport.data.schema import COUNTY_NAMES
from rusrapport.synth import published as pub

AGES = np.arange(0, 101)  # single years; 100 means 100 and over
BANDS = [f"{a}-{a + 4}" for a in range(0, 90, 5)] + ["90+"]
FIRST_YEAR, LAST_YEAR = 2012, 2026  # 1 January populations made; mean populations to 2025

# Net growth of each county's share of the national population per year (log scale).
COUNTY_DRIFT = {
    "Oslo": 0.004,
    "Akershus": 0.004,
    "Rogaland": 0.001,
    "Trøndelag": 0.001,
    "Østfold": 0.001,
    "Buskerud": 0.002,
    "Vestfold": 0.002,
    "Vestland": 0.0,
    "Agder": 0.0,
    "Innlandet": -0.003,
    "Møre og Romsdal": -0.002,
    "Telemark": -0.002,
    "Nordland": -0.005,
    "Troms": -0.002,
    "Finnmark": -0.006,
}
# Tilt of each county's age structure: negative = younger than the country, positive = older.
COUNTY_AGE_TILT = {
    "Oslo": -0.30,
    "Akershus": -0.05,
    "Rogaland": -0.12,
    "Trøndelag": -0.05,
    "Vestland": -0.05,
    "Agder": -0.02,
    "Østfold": 0.08,
    "Buskerud": 0.05,
    "Vestfold": 0.08,
    "Telemark": 0.15,
    "Innlandet": 0.20,
    "Møre og Romsdal": 0.10,
    "Nordland": 0.18,
    "Troms": 0.08,
    "Finnmark": 0.10,
}


def male_share(age: np.ndarray) -> np.ndarray:
    """Share of men by age: slightly above half in working ages, falling among the oldest."""
    return np.interp(age, [0, 59, 69, 79, 89, 100], [0.513, 0.512, 0.50, 0.47, 0.39, 0.28])


def mortality(age: np.ndarray) -> np.ndarray:
    """Gompertz annual death probability; infant and child mortality are negligible here."""
    return np.minimum(0.00003 * np.exp(0.095 * age), 0.6)


def census_single_years() -> np.ndarray:
    """The 2011 census spread over single years (80+ declining geometrically to 100)."""
    counts = np.zeros(AGES.size)
    for (low, high), persons in pub.CENSUS_2011.items():
        span = np.arange(low, high + 1)
        if low == 80:
            shape = 0.84 ** (span - 80)
            counts[span] = persons * shape / shape.sum()
        else:
            counts[span] = persons / span.size
    return counts


def national_totals() -> dict[int, float]:
    """1 January totals: published 2023–2025, geometric interpolation back to the 2011 census."""
    totals = {y: float(v) for y, v in pub.POPULATION_1JAN.items()}
    census_total = sum(pub.CENSUS_2011.values())
    rate = np.log(totals[2023] / census_total) / (2023 - pub.CENSUS_DATE)
    for year in range(FIRST_YEAR, 2023):
        totals[year] = census_total * np.exp(rate * (year - pub.CENSUS_DATE))
    totals[2026] = totals[2025] + pub.POPULATION_GROWTH_2024
    return totals


def births(year: int) -> float:
    """Published births where known; before that an assumed path 60 000 (2011) → 52 000 (2022)."""
    return float(pub.BIRTHS.get(year, np.interp(year, [2011, 2016, 2022], [60000, 59000, 52000])))


def national_by_age() -> dict[int, np.ndarray]:
    """1 January population by single year of age, 2012–2026."""
    totals = national_totals()
    pop = census_single_years()
    out: dict[int, np.ndarray] = {}
    # Net migration by age: mostly young adults, with their children.
    migrant_ages = np.interp(
        AGES, [0, 17, 18, 20, 44, 45, 64, 65], [0.45, 0.45, 0.7, 1.0, 1.0, 0.25, 0.25, 0.0]
    )
    for year in range(FIRST_YEAR, LAST_YEAR + 1):
        survived = pop * (1 - mortality(AGES))
        aged = np.zeros_like(pop)
        aged[1:] = survived[:-1]
        aged[-1] += survived[-1]
        aged[0] = births(year - 1)
        gap = totals[year] - aged.sum()
        aged += gap * migrant_ages / migrant_ages.sum()
        out[year] = aged
        pop = aged
    return out


def _band_index(age: np.ndarray) -> np.ndarray:
    return np.minimum(age // 5, len(BANDS) - 1)


def to_bands(single: np.ndarray) -> np.ndarray:
    return np.bincount(_band_index(AGES), weights=single, minlength=len(BANDS))


def county_totals(national: dict[int, np.ndarray]) -> dict[int, dict[str, float]]:
    base = pub.COUNTY_POPULATION_2022
    out = {}
    for year, pop in national.items():
        raw = {c: base[c] * np.exp(COUNTY_DRIFT[c] * (year - 2022)) for c in COUNTY_NAMES}
        scale = pop.sum() / sum(raw.values())
        out[year] = {c: v * scale for c, v in raw.items()}
    return out


def county_by_band(national_bands: np.ndarray, totals: dict[str, float]) -> np.ndarray:
    """Counties × bands that sum to the national bands and to each county's total (raking)."""
    mid = np.array([min(5 * i + 2, 92) for i in range(len(BANDS))], dtype=float)
    z = np.clip((mid - 40) / 25, -1.6, 2.1)
    table = np.array([national_bands * np.exp(COUNTY_AGE_TILT[c] * z) for c in COUNTY_NAMES])
    rows = np.array([totals[c] for c in COUNTY_NAMES])
    for _ in range(200):
        table *= (rows / table.sum(axis=1))[:, None]
        table *= national_bands / table.sum(axis=0)
    return table


def population_tables() -> tuple[pd.DataFrame, pd.DataFrame]:
    """(mean population by year × county × sex × band, standard population 2024 by band)."""
    national = national_by_age()
    jan_bands = {y: to_bands(p) for y, p in national.items()}
    male = to_bands(national[2024] * male_share(AGES)) / jan_bands[2024]
    totals = county_totals(national)
    rows = []
    for year in range(FIRST_YEAR, LAST_YEAR):
        mean_bands = (jan_bands[year] + jan_bands[year + 1]) / 2
        mean_totals = {c: (totals[year][c] + totals[year + 1][c]) / 2 for c in COUNTY_NAMES}
        table = county_by_band(mean_bands, mean_totals)
        for i, county in enumerate(COUNTY_NAMES):
            for j, band in enumerate(BANDS):
                men = table[i, j] * male[j]
                for sex, persons in (("male", men), ("female", table[i, j] - men)):
                    rows.append((year, county, sex, band, int(round(persons)), "derived"))
    population = pd.DataFrame(rows, columns=["year", "county", "sex", "age", "persons", "source"])
    mean_2024 = population[population["year"] == 2024].groupby("age", sort=False)["persons"].sum()
    standard = pd.DataFrame(
        {"age": BANDS, "persons": mean_2024.reindex(BANDS).to_numpy(), "source": "derived"}
    )
    return population, standard


def published_population() -> pd.DataFrame:
    """The real figures the derivation starts from, in one tidy file (all rows ``real``)."""
    rows = [("population_1jan", y, "Norge", "alle", v) for y, v in pub.POPULATION_1JAN.items()]
    rows += [("population_1jan", 2022, c, "alle", v) for c, v in pub.COUNTY_POPULATION_2022.items()]
    rows += [
        ("census", 2011, "Norge", f"{lo}-{hi}" if hi < 100 else f"{lo}+", v)
        for (lo, hi), v in pub.CENSUS_2011.items()
    ]
    rows += [
        ("population_1jan", 2024, "Norge", f"{lo}-{hi}", v)
        for (lo, hi), v in pub.POPULATION_2024_BY_AGE.items()
    ]
    rows += [("births", y, "Norge", "0", v) for y, v in pub.BIRTHS.items()]
    frame = pd.DataFrame(rows, columns=["indicator", "year", "area", "age", "persons"])
    frame["source"] = "real"
    return frame

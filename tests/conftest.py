"""Shared fixtures: small valid inputs in the contract, made in code so every test starts clean."""

from __future__ import annotations

import os
import tempfile

import numpy as np
import pandas as pd
import pytest

from rusrapport.data.schema import (
    CANNABIS_DAYS_4W,
    CANNABIS_TIMES_12M,
    COUNTY_NAMES,
    EDUCATION,
    REGIONS,
    SUBSTANCES,
)

# Tests (and the builds they start) use their own validated-input cache, never the user's.
os.environ["RUSRAPPORT_CACHE"] = tempfile.mkdtemp(prefix="rr-test-cache-")


def make_survey(n: int = 60, seed: int = 7) -> pd.DataFrame:
    """A consistent survey frame: 4 weeks ⊂ 12 months ⊂ ever, follow-ups only for users."""
    rng = np.random.default_rng(seed)
    frame = pd.DataFrame(
        {
            "respondent_id": [f"R{i:04d}" for i in range(n)],
            "year": np.where(np.arange(n) < n // 2, 2024, 2025),
            "sex": rng.choice(["male", "female"], n),
            "age": rng.integers(16, 65, n),
            "education": rng.choice(list(EDUCATION), n),
            "region": rng.choice(list(REGIONS), n),
            "weight": np.round(rng.uniform(0.4, 2.5, n), 4),
            "mode": rng.choice(["cawi", "cati"], n),
            "season": "spring",
        }
    )
    for s in SUBSTANCES:
        ever = (rng.random(n) < 0.4).astype(float)
        m12 = ever * (rng.random(n) < 0.5)
        w4 = m12 * (rng.random(n) < 0.5)
        frame[f"{s}_ever"], frame[f"{s}_12m"], frame[f"{s}_4w"] = ever, m12, w4
    frame.loc[frame.index % 11 == 3, ["heroin_ever", "heroin_12m", "heroin_4w"]] = np.nan
    users12 = frame["cannabis_12m"] == 1
    users4 = frame["cannabis_4w"] == 1
    frame["cannabis_times_12m"] = np.where(users12, rng.choice(list(CANNABIS_TIMES_12M), n), None)
    frame["cannabis_days_4w"] = np.where(users4, rng.choice(list(CANNABIS_DAYS_4W), n), None)
    debut = np.minimum(rng.integers(12, 30, n), frame["age"])
    frame["cannabis_debut_age"] = np.where(frame["cannabis_ever"] == 1, debut, np.nan)
    return frame


def make_deaths() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "death_id": ["D1", "D2", "D3", "D4", "D5", "D6"],
            "year": [2023, 2023, 2024, 2024, 2024, 2024],
            "sex": ["male", "female", "male", "male", "female", "male"],
            "age": [34, 51, 28, 62, 45, 70],
            "county": ["Oslo", "Vestland", "Rogaland", "Oslo", "Agder", "Troms"],
            "underlying_cause": ["X42.0", "F11.2", "X44", "Y12", "X62", "I25.1"],
            "t_codes": ["T40.1;T42.4", "", "T43.6", "T40.2", "T40.4;T40.1", "T40.1"],
            "autopsy": ["ja", "nei", "ja", "ja", "nei", "ja"],
        }
    )


def make_population() -> pd.DataFrame:
    rows = []
    for year in (2023, 2024):
        for county in COUNTY_NAMES[:3]:
            for sex in ("male", "female"):
                for age in ("0-19", "20-39", "40-59", "60+"):
                    rows.append(
                        {"year": year, "county": county, "sex": sex, "age": age, "persons": 1000 + len(rows)}
                    )
    return pd.DataFrame(rows)


@pytest.fixture
def survey() -> pd.DataFrame:
    return make_survey()


@pytest.fixture
def deaths() -> pd.DataFrame:
    return make_deaths()


@pytest.fixture
def population() -> pd.DataFrame:
    return make_population()

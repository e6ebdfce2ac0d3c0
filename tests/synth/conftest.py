"""Fixtures for the default data: the committed files, loaded once, and the reference figures."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from rusrapport.data import load_deaths, load_population, load_standard_population, load_survey
from rusrapport.text import round_half_up

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
REFERENCE = ROOT / "tests" / "reference"


@pytest.fixture(scope="session")
def survey() -> pd.DataFrame:
    frame = load_survey(DATA / "survey.parquet")
    frame["any_stimulant_ever"] = frame[["cocaine_ever", "mdma_ever", "amphetamines_ever"]].max(
        axis=1, skipna=False
    )
    return frame


@pytest.fixture(scope="session")
def deaths() -> pd.DataFrame:
    return load_deaths(DATA / "deaths.csv")


@pytest.fixture(scope="session")
def population() -> pd.DataFrame:
    return load_population(DATA / "population.csv")


@pytest.fixture(scope="session")
def standard() -> pd.DataFrame:
    return load_standard_population(DATA / "standard_population.csv")


@pytest.fixture(scope="session")
def spec() -> pd.DataFrame:
    return pd.read_csv(REFERENCE / "spec_figures.csv", dtype=str, keep_default_na=False)


@pytest.fixture(scope="session")
def published() -> pd.DataFrame:
    return pd.read_csv(REFERENCE / "published_figures.csv", dtype=str, keep_default_na=False)


def weighted_percent(frame: pd.DataFrame, column: str) -> float:
    """Plain weighted mean in percent, written out here so the test does not use the library."""
    answered = frame[frame[column].notna()]
    return float(100 * (answered[column] * answered["weight"]).sum() / answered["weight"].sum())


def as_the_spec_rounds(value: float, stated: str, as_stated: str) -> bool:
    """Does ``value`` read as the report states it? ('nærmere 27 %', 'i overkant av 3 %', '1,5 %')."""
    words = as_stated.lower()
    if "-" in stated:
        low, high = (float(x) for x in stated.split("-"))
        return low - 0.5 <= value < high + 0.5
    spec = float(stated)
    if "nærmere" in words:
        return spec - 0.75 <= value < spec
    if "i overkant" in words:
        return spec < value <= spec + 0.75
    if "eller mindre" in words:
        return value < spec + 0.5
    decimals = len(stated.split(".")[1]) if "." in stated else 0
    return round_half_up(value, decimals) == spec


def years_of(text: str) -> list[int]:
    if "-" in text:
        first, last = (int(x) for x in text.split("-"))
        return list(range(first, last + 1))
    return [int(text)]


def mean_of(values: np.ndarray) -> float:
    return float(np.mean(values))

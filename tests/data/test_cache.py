"""The validated-input cache: a second load is served from it; any change to the file misses it."""

from __future__ import annotations

import pandas as pd
import pytest

from rusrapport.data import load_survey
from rusrapport.errors import InputError
from tests.conftest import make_survey


def test_second_load_comes_from_the_cache_and_is_identical(tmp_path, monkeypatch):
    monkeypatch.setenv("RUSRAPPORT_CACHE", str(tmp_path / "cache"))
    path = tmp_path / "s.csv"
    make_survey().to_csv(path, index=False)
    first = load_survey(path)
    assert len(list((tmp_path / "cache").glob("survey-*.pkl"))) == 1
    second = load_survey(path, years=[2025])
    pd.testing.assert_frame_equal(first, second)


def test_changed_file_is_validated_again(tmp_path, monkeypatch):
    monkeypatch.setenv("RUSRAPPORT_CACHE", str(tmp_path / "cache"))
    path = tmp_path / "s.csv"
    frame = make_survey()
    frame.to_csv(path, index=False)
    load_survey(path)
    frame.loc[0, "sex"] = "x"
    frame.to_csv(path, index=False)
    with pytest.raises(InputError, match="column 'sex'"):
        load_survey(path)
    assert len(list((tmp_path / "cache").glob("survey-*.pkl"))) == 1  # only the valid version cached


def test_cache_can_be_switched_off(tmp_path, monkeypatch):
    monkeypatch.setenv("RUSRAPPORT_CACHE", "off")
    path = tmp_path / "s.csv"
    make_survey().to_csv(path, index=False)
    assert len(load_survey(path)) == 60

"""Only the years an edition covers: later survey rows left out, impossible years refused."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from rusrapport.data import load_fieldwork, load_survey
from rusrapport.data.years import edition_years
from rusrapport.errors import InputError
from tests.conftest import make_survey


def test_rows_after_the_edition_year_are_left_out(tmp_path):
    path = tmp_path / "s.csv"
    make_survey().to_csv(path, index=False)  # 2024 and 2025
    survey = load_survey(path, years=[2024])
    assert set(survey["year"]) == {2024}
    assert len(survey) == 30
    assert set(load_survey(path, years=[2025])["year"]) == {2024, 2025}


def test_a_survey_year_in_the_future_is_refused(tmp_path):
    frame = make_survey()
    frame.loc[3, "year"] = 2099
    path = tmp_path / "s.csv"
    frame.to_csv(path, index=False)
    with pytest.raises(InputError, match=r"column 'year', row 4: survey year after the current year"):
        load_survey(path, years=[2025])


def test_future_is_measured_from_today():
    frame = pd.DataFrame({"year": [2024, 2025, 2030]})
    with pytest.raises(InputError, match="2030"):
        edition_years(frame, [2025], "f.csv", today=date(2026, 1, 1))
    assert list(edition_years(frame, [2025], "f.csv", today=date(2030, 6, 1))["year"]) == [2024, 2025]


def test_fieldwork_after_the_edition_year_is_left_out():
    from tests.pipeline.conftest import ROOT

    fieldwork = load_fieldwork(ROOT / "data" / "survey_fieldwork.csv", years=[2024])
    assert fieldwork["year"].max() == 2024

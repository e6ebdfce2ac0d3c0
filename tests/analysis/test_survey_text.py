"""Survey sentences follow the data: a different series gives a different statement."""

from __future__ import annotations

import pandas as pd

from rusrapport.analysis import survey_text as say


def _series(values: list[float], first: int = 2013) -> pd.Series:
    return pd.Series(values, index=range(first, first + len(values)))


def test_p_value_and_trend_wording():
    assert say.p_value_text(0.0004) == "p < 0,001" and say.p_value_text(0.004) == "p < 0,01"
    assert say.p_value_text(0.27) == "p = 0,27"
    assert "statistisk signifikant økning" in say.trend_sentence(1.02, 0.001, "bruk", 2013, 2025)
    assert "ingen statistisk signifikant endring" in say.trend_sentence(1.01, 0.3, "bruk", 2013, 2025)
    assert "nedgang" in say.trend_sentence(0.97, 0.001, "bruk", 2013, 2025)


def test_gap_exception_found_or_not():
    men = _series([7.0, 6.8, 7.1, 6.0, 7.2])
    women = _series([3.0, 3.1, 3.2, 5.2, 3.3])
    assert say.gap_exception(men, women) == [2016]
    assert "med unntak av 2016" in say.gap_sentence(men, women, "bruk")
    women_steady = _series([3.0, 3.1, 3.2, 3.0, 3.3])
    assert say.gap_exception(men, women_steady) == []
    assert "stabil gjennom hele perioden" in say.gap_sentence(men, women_steady, "bruk")


def _groups(women_2025: float, women_2024: float) -> pd.DataFrame:
    rows = []
    for year, women in ((2023, 9.0), (2024, women_2024), (2025, women_2025)):
        rows += [{"year": year, "age_group": "21-25", "sex": "menn", "value": 12.0},
                 {"year": year, "age_group": "21-25", "sex": "kvinner", "value": women},
                 {"year": year, "age_group": "16-20", "sex": "menn", "value": 9.0},
                 {"year": year, "age_group": "16-20", "sex": "kvinner", "value": 5.0}]  # fmt: skip
    return pd.DataFrame(rows)


def test_first_time_women_above_men():
    assert say.first_time_women_above(_groups(13.0, 9.0), 2025) == ["21-25"]
    assert say.first_time_women_above(_groups(11.0, 9.0), 2025) == []  # no reversal
    assert say.first_time_women_above(_groups(13.0, 11.9), 2025) == ["21-25"]
    assert say.first_time_women_above(_groups(13.0, 12.5), 2025) == []  # women were above in 2024 already


def test_cocaine_rise_and_peak_follow_the_series():
    published_shape = _series([4.2, 4.3, 4.5, 4.6, 4.5, 4.7, 4.9, 5.3, 5.9, 6.6, 7.5, 9.0, 8.3])
    text = say.cocaine_sentence(published_shape, 2025)
    assert "liten nedgang fra 2024" in text and "fra rundt 2020" in text and "omtrent 4–5" in text
    still_rising = _series([4.2, 4.3, 4.5, 4.6, 4.5, 4.7, 4.9, 5.3, 5.9, 6.6, 7.5, 8.0, 9.1])
    assert "den høyeste i perioden" in say.cocaine_sentence(still_rising, 2025)
    flat = _series([4.2, 4.3, 4.5, 4.6, 4.5, 4.7, 4.9, 4.6, 4.4, 4.5, 4.3, 4.6, 4.95])
    assert "gradvis" not in say.cocaine_sentence(flat, 2025)

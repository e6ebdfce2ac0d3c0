"""The deaths chapter's sentences follow the data: altered tables give other words."""

from __future__ import annotations

import numpy as np
import pandas as pd

from rusrapport.analysis import deaths_text as say
from rusrapport.stats import count_trend


def _counts(values: list[int]) -> pd.DataFrame:
    return pd.DataFrame({"year": range(2012, 2012 + len(values)), "value": values})


def test_change_sentence_follows_direction():
    assert "færre enn de 391 i 2023" in say.change_sentence(_counts([300] * 11 + [391, 342]), 2024)
    assert "flere enn de 300 i 2023" in say.change_sentence(_counts([300] * 11 + [300, 342]), 2024)
    assert "like mange som i 2023" in say.change_sentence(_counts([300] * 11 + [342, 342]), 2024)


def test_trend_phrase_decided_by_the_test():
    years = np.arange(2012, 2025)
    rising = count_trend(years, 200 + 10 * (years - 2012))
    flat = count_trend(years, [250, 260, 240, 255, 245, 250, 262, 238, 251, 249, 257, 243, 250])
    falling = count_trend(years, 400 - 10 * (years - 2012))
    assert say.trend_phrase(rising, "antall") == "en statistisk signifikant økning i antall"
    assert say.trend_phrase(flat, "antall") == "ingen statistisk signifikant endring i antall"
    assert say.trend_phrase(falling, "antall") == "en statistisk signifikant nedgang i antall"


def _substances(heroin: int) -> pd.DataFrame:
    counts = {
        "andre opioider": 122,
        "andre syntetiske opioider": 64,
        "metadon": 51,
        "heroin": heroin,
        "stimulanter": 20,
    }
    total = sum(counts.values())
    return pd.DataFrame(
        [{"year": 2024, "substance": s, "value": v, "share": 100 * v / total} for s, v in counts.items()]
    )


def test_heroin_statement_follows_its_rank():
    assert "Heroin var ikke blant de tre vanligste" in say.substance_sentence(_substances(40), 2024)
    text = say.substance_sentence(_substances(70), 2024)
    assert "Heroin var blant de tre vanligste" in text and "heroin (n = 70" in text


def test_county_extremes_are_named_from_the_rates():
    rates = pd.DataFrame(
        {"county": ["Oslo", "Buskerud", "Finnmark"], "value": [8.1, 9.0, 3.7], "flag": ["", "", ""]}
    )
    assert "høyeste aldersstandardiserte raten hadde Buskerud med 9,0" in say.county_rate_sentence(rates)
    rates.loc[0, "value"] = 9.4
    text = say.county_rate_sentence(rates)
    assert "hadde Oslo med 9,4" in text and "laveste hadde Finnmark med 3,7" in text


def test_mean_age_comparison_follows_the_data():
    def ages(women: float, men: float) -> pd.DataFrame:
        return pd.DataFrame({"year": 2024, "sex": ["alle", "kvinner", "menn"], "value": [45.7, women, men]})

    assert "Kvinnene var dermed i snitt eldre enn mennene" in say.mean_age_sentence(ages(48.9, 44.6), 2024)
    assert "Kvinnene var dermed i snitt yngre enn mennene" in say.mean_age_sentence(ages(41.0, 44.6), 2024)


def test_sex_change_sentence():
    by_sex = pd.DataFrame(
        {"year": [2023, 2023, 2024, 2024], "sex": ["menn", "kvinner"] * 2, "value": [262, 129, 255, 140]}
    )
    text = say.sex_change_sentence(by_sex, 2024)
    assert "For kvinnene var det en økning på 11" in text and "for mennene var det en nedgang på 7" in text

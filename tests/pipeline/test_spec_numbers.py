"""The default build reproduces every number of the spec in outputs/data/*.csv, as the spec rounds it.

The figure ids and tidy columns are those of DESIGN.md; the lookup is written independently of
the chapters (and of ../shared/tools/spec_check.py, which the tests may not read).
"""

from __future__ import annotations

import pandas as pd
import pytest

from tests.pipeline.conftest import ROOT
from tests.synth.conftest import as_the_spec_rounds

SPEC = pd.read_csv(ROOT / "tests" / "reference" / "spec_figures.csv", dtype=str, keep_default_na=False)
SUBSTANCE = {"cocaine": "kokain", "mdma": "mdma", "amphetamines": "amfetaminer", "lsd": "lsd", "ghb": "ghb",
             "heroin": "heroin", "other": "andre"}  # fmt: skip
SEX = {"total": "alle", "menn": "menn", "kvinner": "kvinner"}


def _pick(data, name: str, **where) -> pd.DataFrame:
    frame = pd.read_csv(data / f"{name}.csv", dtype={"year": str})
    for column, value in where.items():
        frame = frame[frame[column] == value]
    return frame


SURVEY = {"cannabis": "cannabis", "cocaine": "kokain", "mdma": "mdma", "amphetamines": "amfetaminer",
          "any_stimulant": "sentralstimulerende"}  # fmt: skip


def _survey(data, row, year: str) -> list[float] | None:
    substance, measure = row.indicator.rsplit("_", 1)
    young = row.age_range == "16-30"
    sex = SEX[row.group]
    if substance == "cannabis":
        name = f"cannabis_{'young_' if young else ''}{'trend' if sex == 'alle' else 'by_sex'}"
        return list(_pick(data, name, year=year, sex=sex, measure=measure)["value"])
    if row.chapter == "drug_use":
        return list(_pick(data, "use_ever_by_substance", year=year, substance=SUBSTANCE[substance])["value"])
    if sex == "alle":
        name = "stimulants_young_ever_trend" if young else "stimulants_ever_trend"
    elif year == "2025":
        name = "stimulants_young_ever_by_sex" if young else "stimulants_ever_by_sex"
    else:
        name = "stimulants_ever_men_trend" if sex == "menn" else "stimulants_ever_women_trend"
    return list(_pick(data, name, year=year, sex=sex, substance=SURVEY[substance])["value"])


def _lookup(data, row) -> list[float] | None:
    """Values in the figure files for one spec row, or None when the row is not a figure value."""
    ind, group, year = row.indicator, row.group, row.year
    if ind.rsplit("_", 1)[-1] in ("ever", "12m", "4w") and "-" not in year:
        return _survey(data, row, year)
    if ind == "cocaine_ever" and "-" in year:  # "stable at about 4-5 %" in every year of a range
        first, last = (int(y) for y in year.split("-"))
        values = [
            v
            for y in range(first, last + 1)
            for v in _pick(data, "stimulants_ever_trend", year=str(y), substance="kokain")["value"]
        ]
        return (
            [max(values)]
            if all(as_the_spec_rounds(v, row.value, row.as_stated) for v in values)
            else [*values[:1], 999.0]
        )
    if row.chapter == "drug_use" and ind.endswith("_ever") and ind != "cannabis_ever":
        frame = _pick(
            data, "use_ever_by_substance", year=year, substance=SUBSTANCE[ind.removesuffix("_ever")]
        )
    elif ind == "deaths_total":
        frame = _pick(data, "deaths_trend", year=year)
    elif ind == "deaths_rate_agestd":
        frame = _pick(data, "deaths_rate_trend", year=year)
    elif ind == "deaths_mean_age":
        frame = _pick(data, "deaths_mean_age_by_sex", year=year, sex=SEX[group])
    elif ind == "deaths_by_age":
        frame = _pick(data, "deaths_by_age_sex", year=year, sex=SEX[group], age_group=row.age_range)
    elif ind == "deaths_by_sex":
        frame = _pick(data, "deaths_by_sex_trend", year=year, sex=group)
    elif ind == "deaths_by_county":
        frame = _pick(data, "deaths_by_county", year=year, county=group)
    elif ind == "deaths_rate_agestd_by_county":
        frame = _pick(data, "deaths_rate_by_county", year=year, county=group)
    elif ind == "deaths_by_substance" and row.value:
        frame = _pick(data, "deaths_by_substance", year=year, substance=group)
    elif ind == "deaths_substance_by_county":
        county, substance = group.split("|")
        frame = _pick(data, "deaths_substance_by_county", year=year, county=county, substance=substance)
    elif ind == "deaths_by_intent":
        frame = _pick(data, "deaths_by_intent", year=year, intent=group)
    elif ind == "deaths_not_autopsied":
        frame = _pick(data, "deaths_autopsy", year=year, category="alle" if group == "total" else group)
    elif ind == "deaths_not_autopsied_share":
        return list(_pick(data, "deaths_autopsy", year=year, category="alle")["share"])
    else:
        return None
    return list(frame["value"])


def test_spec_numbers_of_built_chapters(built):
    data = built / "outputs" / "data"
    checked, failures = 0, []
    for row in SPEC[SPEC["value"].ne("")].itertuples():
        values = _lookup(data, row)
        if values is None:
            continue
        checked += 1
        if not any(as_the_spec_rounds(float(v), row.value, row.as_stated) for v in values):
            failures.append(
                f"{row.indicator} {row.year} {row.group} {row.age_range}: {values} vs '{row.as_stated}'"
            )
    assert not failures, "\n".join(failures)
    assert (
        checked == 159
    )  # every spec number that is a figure value; the rest are checked in numbers.json below


@pytest.mark.parametrize(
    "name", ["deaths_by_county", "deaths_by_age_sex", "deaths_substance_by_county", "deaths_autopsy"]
)
def test_death_tables_are_real_tables(built, name):
    page = (built / "outputs" / "deaths.html").read_text()
    start = page.index(f'id="{name}"')
    assert "<table>" in page[start : start + 400] and '<th scope="col">' in page[start : start + 2000]


def test_spec_numbers_quoted_in_text(built):
    """Numbers the spec states in prose only: they must be in the number registry as stated."""
    import json

    numbers = {n["id"]: n for n in json.loads((built / "outputs" / "numbers.json").read_text())}
    assert numbers["cannabis.debut_mode"]["value"] == 18
    assert (numbers["cannabis.debut_min"]["value"], numbers["cannabis.debut_max"]["value"]) == (11, 59)
    assert numbers["cannabis.debut_mean"]["text"] == "20"
    assert as_the_spec_rounds(numbers["cannabis.days_1to3"]["value"], "40", "om lag 40 %")
    assert as_the_spec_rounds(numbers["cannabis.days_20plus"]["value"], "25", "ca. 25 %")
    assert all(numbers[f"cannabis.trend_p_{m}"]["value"] < 0.01 for m in ("ever", "12m", "4w"))
    assert numbers["deaths.deaths_mean_per_year"]["text"] == "292"
    assert numbers["methods.response_rate"]["text"] == "57,8\u00a0%"
    page = (built / "outputs" / "cannabis.html").read_text()
    assert "for første gang i perioden" in page and "med unntak av 2022" in page
    assert "411 dødsfall i 2001" in (built / "outputs" / "deaths.html").read_text()

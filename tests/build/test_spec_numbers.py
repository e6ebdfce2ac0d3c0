"""The default build reproduces the spec's numbers in outputs/data/*.csv, as the spec rounds them.

Covers the chapters built so far (drug use in Norway and drug-induced deaths); cannabis and
stimulant figures are added by their chapters. The figure ids and tidy columns are those of DESIGN.md.
"""

from __future__ import annotations

import pandas as pd
import pytest

from tests.build.conftest import ROOT
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


def _lookup(data, row) -> list[float] | None:
    """Values in the figure files for one spec row, or None when the row is not a figure value."""
    ind, group, year = row.indicator, row.group, row.year
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
    assert checked >= 110  # 7 drug-use and 104 death numbers


@pytest.mark.parametrize(
    "name", ["deaths_by_county", "deaths_by_age_sex", "deaths_substance_by_county", "deaths_autopsy"]
)
def test_death_tables_are_real_tables(built, name):
    page = (built / "outputs" / "deaths.html").read_text()
    start = page.index(f'id="{name}"')
    assert "<table>" in page[start : start + 400] and '<th scope="col">' in page[start : start + 2000]

"""Population loads from the contract's own CSV and from SSB's exports of table 07459."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from rusrapport.data import load_deaths, load_population, load_standard_population
from rusrapport.data.ages import parse_age, to_bands
from rusrapport.errors import InputError


def test_contract_csv(tmp_path, population):
    path = tmp_path / "pop.csv"
    population.to_csv(path, index=False)
    loaded = load_population(path)
    assert loaded["persons"].dtype == "int64"
    assert len(loaded) == len(population)


SSB_WIDE = """\
"07459: Befolkning, etter region, kjønn, alder, statistikkvariabel og år"

"region";"kjønn";"alder";"Personer 2024";"Personer 2025"
"03 Oslo";"1 Menn";"037 37 år";6512;6601
"03 Oslo";"2 Kvinner";"037 37 år";6433;6502
"56 Finnmark - Finnmárku - Finmarkku";"1 Menn";"105+ 105 år eller eldre";0;1
"""

SSB_LONG = """\
"region";"kjønn";"alder";"år";"statistikkvariabel";"07459: Befolkning"
"46 Vestland";"Kvinner";"20 år";"2024";"Personer";3101
"46 Vestland";"Menn";"20 år";"2024";"Personer";3230
"""


def test_ssb_statbank_csv_wide_in_years(tmp_path):
    path = tmp_path / "07459.csv"
    path.write_text(SSB_WIDE, encoding="utf-8")
    pop = load_population(path)
    assert len(pop) == 6
    oslo = pop[(pop.county == "Oslo") & (pop.year == 2025) & (pop.sex == "female")]
    assert oslo["persons"].item() == 6502 and oslo["age"].item() == "37"
    assert set(pop.loc[pop.county == "Finnmark", "age"]) == {"105+"}


def test_ssb_statbank_csv_long_latin1(tmp_path):
    path = tmp_path / "07459_long.csv"
    path.write_bytes(SSB_LONG.encode("cp1252"))
    pop = load_population(path)
    assert pop.set_index("sex")["persons"].to_dict() == {"female": 3101, "male": 3230}
    assert (pop["county"] == "Vestland").all()


def test_jsonstat2_from_the_api(tmp_path):
    doc = {
        "version": "2.0",
        "class": "dataset",
        "id": ["Region", "Kjonn", "Alder", "ContentsCode", "Tid"],
        "size": [2, 2, 1, 1, 2],
        "dimension": {
            "Region": {"category": {"index": {"03": 0, "11": 1}, "label": {"03": "Oslo", "11": "Rogaland"}}},
            "Kjonn": {"category": {"index": {"1": 0, "2": 1}}},
            "Alder": {"category": {"index": {"040": 0}, "label": {"040": "40 år"}}},
            "ContentsCode": {"category": {"index": {"Personer1": 0}}},
            "Tid": {"category": {"index": ["2024", "2025"]}},
        },
        "value": [10, 11, 20, 21, 30, 31, 40, 41],
    }
    path = tmp_path / "07459.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    pop = load_population(path)
    row = pop[(pop.county == "Rogaland") & (pop.sex == "female") & (pop.year == 2025)]
    assert row["persons"].item() == 41
    assert row["age"].item() == "40"


def test_truncated_jsonstat_is_reported(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text(
        '{"class": "dataset", "id": ["Tid"], "size": [2], "dimension": '
        '{"Tid": {"category": {"index": ["2024", "2025"]}}}, "value": [1]}'
    )
    with pytest.raises(InputError, match="expected 2"):
        load_population(path)


def test_standard_population_and_bands(tmp_path, population):
    path = tmp_path / "std.csv"
    pd.DataFrame({"age": ["0-39", "40+"], "persons": [3000, 2000]}).to_csv(path, index=False)
    std = load_standard_population(path)
    assert list(std["age"]) == ["0-39", "40+"]
    banded = to_bands(population, ["0-39", "40+"])
    assert banded["persons"].sum() == population["persons"].sum()
    assert parse_age("90+") == (90, 200) and parse_age("35-39") == (35, 39) and parse_age("x") is None


def test_deaths_load_and_normalise(tmp_path, deaths):
    path = tmp_path / "deaths.csv"
    deaths.to_csv(path, index=False)
    loaded = load_deaths(path, years=[2024])
    assert loaded["autopsy"].tolist() == [True, False, True, True, False, True]
    assert loaded["t_codes"].isna().sum() == 1


def test_deaths_mapping_combines_code_columns(tmp_path, deaths):
    codes = deaths["t_codes"].str.split(";", expand=True).rename(columns={0: "DIAG1", 1: "DIAG2"})
    real = pd.concat([deaths.drop(columns="t_codes"), codes], axis=1).rename(
        columns={"underlying_cause": "UNDERLIGGENDE"}
    )
    path = tmp_path / "dar.csv"
    real.to_csv(path, index=False)
    mapping = tmp_path / "dar.toml"
    mapping.write_text(
        '[columns]\nunderlying_cause = "UNDERLIGGENDE"\n[combine]\nt_codes = ["DIAG1", "DIAG2"]\n'
    )
    loaded = load_deaths(path, mapping)
    assert loaded["t_codes"].iloc[0] == "T40.1;T42.4"
    assert pd.isna(loaded["t_codes"].iloc[1])

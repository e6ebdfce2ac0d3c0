"""The same survey read from every supported format gives the identical contract frame."""

from __future__ import annotations

import pandas as pd
import pyreadstat
import pytest

from rusrapport.data import load_survey
from tests.conftest import make_survey


def _write_csv_latin1(frame: pd.DataFrame, path) -> None:
    frame.to_csv(path, sep=";", decimal=",", index=False, encoding="latin-1")


@pytest.fixture
def reference(tmp_path) -> pd.DataFrame:
    path = tmp_path / "reference.csv"
    make_survey().to_csv(path, index=False)
    return load_survey(path)


def test_utf8_comma_csv_loads_with_contract_types(reference):
    assert len(reference) == 60
    assert reference["year"].dtype == "int64"
    assert reference["weight"].dtype == "float64"
    assert reference["cannabis_ever"].isin([0, 1]).all()
    assert reference["heroin_ever"].isna().sum() > 0  # "not asked" survives as missing


@pytest.mark.parametrize(
    "suffix, write",
    [
        ("latin1.csv", _write_csv_latin1),
        ("tab.tsv", lambda f, p: f.to_csv(p, sep="\t", index=False)),
        ("parquet", lambda f, p: f.to_parquet(p, index=False)),
        ("sav", lambda f, p: pyreadstat.write_sav(f, str(p))),
        ("dta", lambda f, p: f.to_stata(p, write_index=False, version=118)),
    ],
)
def test_every_format_gives_identical_frame(tmp_path, reference, suffix, write):
    frame = make_survey()
    path = tmp_path / f"survey.{suffix}"
    write(frame, path)
    pd.testing.assert_frame_equal(load_survey(path), reference)


def test_latin1_semicolon_decimal_comma_is_detected(tmp_path, reference):
    frame = make_survey()
    frame["region"] = frame["region"].astype(object)
    path = tmp_path / "survey.csv"
    _write_csv_latin1(frame, path)
    text = path.read_bytes()
    assert b";" in text and b"," in text  # decimal comma really used
    loaded = load_survey(path)
    assert loaded["weight"].tolist() == reference["weight"].tolist()


def test_mapping_file_renames_and_recodes(tmp_path, reference):
    frame = make_survey()
    real = frame.rename(columns={"respondent_id": "LOPENR", "sex": "KJONN", "year": "AAR"})
    real["KJONN"] = real["KJONN"].map({"male": 1, "female": 2})
    for col in [c for c in real.columns if c.endswith("_ever")]:
        real[col] = real[col].map({1.0: 1, 0.0: 2}).fillna(9)  # 1 yes, 2 no, 9 not asked
    data = tmp_path / "rus2025.csv"
    real.to_csv(data, sep=";", index=False, encoding="cp1252")
    mapping = tmp_path / "rus2025.toml"
    mapping.write_text(
        """
[columns]
respondent_id = "LOPENR"
sex = "KJONN"
year = "AAR"

[missing]
"*_ever" = [9]

[recode.sex]
1 = "male"
2 = "female"

[recode."*_ever"]
1 = 1
2 = 0
""",
        encoding="utf-8",
    )
    pd.testing.assert_frame_equal(load_survey(data, mapping), reference)


def test_yaml_mapping_works_too(tmp_path, reference):
    real = make_survey().rename(columns={"mode": "modus"})
    real["modus"] = real["modus"].map({"cawi": "web", "cati": "telefon"})
    data = tmp_path / "s.parquet"
    real.to_parquet(data)
    mapping = tmp_path / "s.yaml"
    mapping.write_text("columns:\n  mode: modus\nrecode:\n  mode:\n    web: cawi\n    telefon: cati\n")
    pd.testing.assert_frame_equal(load_survey(data, mapping), reference)

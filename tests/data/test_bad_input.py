"""Every kind of bad input stops with one InputError that names the file, column, row and value."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from rusrapport.data import load_deaths, load_population, load_standard_population, load_survey
from rusrapport.errors import InputError
from tests.conftest import make_deaths, make_population, make_survey


def _fails(loader, path, *fragments, named=None, **kwargs) -> InputError:
    with pytest.raises(InputError) as info:
        loader(path, **kwargs)
    text = str(info.value)
    for fragment in (str(named or path), *fragments):
        assert fragment in text, f"{fragment!r} not in message:\n{text}"
    return info.value


def _csv(tmp_path, frame, name="input.csv", **kw):
    path = tmp_path / name
    frame.to_csv(path, index=False, **kw)
    return path


def test_missing_file(tmp_path):
    _fails(load_survey, tmp_path / "nope.csv", "file not found")


def test_empty_file(tmp_path):
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    _fails(load_survey, path, "empty")


def test_header_only(tmp_path):
    path = tmp_path / "header.csv"
    path.write_text(",".join(make_survey().columns) + "\n")
    _fails(load_survey, path, "no data rows")


def test_binary_garbage_as_csv(tmp_path):
    path = tmp_path / "garbage.csv"
    path.write_bytes(np.random.default_rng(1).integers(0, 256, 4000, dtype=np.uint8).tobytes())
    _fails(load_survey, path, "not a text file")


def test_binary_garbage_as_parquet(tmp_path):
    path = tmp_path / "garbage.parquet"
    path.write_bytes(b"PAR1" + bytes(range(256)) * 8)
    _fails(load_survey, path, "not a readable Parquet file")


def test_truncated_csv(tmp_path):
    path = _csv(tmp_path, make_survey())
    text = path.read_text()
    path.write_text(text[: len(text) - 150])  # cut in the middle of the last row
    err = _fails(load_survey, path, "different number of fields", "truncated")
    assert err.problems[0].rows == (60,)


def test_truncated_sav(tmp_path):
    import pyreadstat

    path = tmp_path / "s.sav"
    pyreadstat.write_sav(make_survey(), str(path))
    path.write_bytes(path.read_bytes()[:3000])
    _fails(load_survey, path, "SPSS")


def test_truncated_parquet(tmp_path):
    path = tmp_path / "s.parquet"
    make_survey().to_parquet(path)
    path.write_bytes(path.read_bytes()[:-200])
    _fails(load_survey, path, "Parquet")


def test_unknown_file_type(tmp_path):
    path = tmp_path / "survey.xlsx"
    path.write_bytes(b"PK\x03\x04")
    _fails(load_survey, path, "unknown file type '.xlsx'")


def test_missing_column(tmp_path):
    path = _csv(tmp_path, make_survey().drop(columns=["weight", "age"]))
    err = _fails(load_survey, path, "required column 'weight' is missing", "required column 'age' is missing")
    assert len(err.problems) == 2


def test_wrong_type_names_rows_and_values(tmp_path):
    frame = make_survey().astype({"age": object})
    frame.loc[[4, 9], "age"] = ["thirty", "forty"]
    _fails(load_survey, _csv(tmp_path, frame), "column 'age'", "rows 5, 10", "'thirty'", "not a whole number")


def test_out_of_range_value(tmp_path):
    frame = make_survey()
    frame.loc[2, "age"] = 112
    _fails(load_survey, _csv(tmp_path, frame), "column 'age'", "row 3", "out of range", "112")


def test_code_not_allowed(tmp_path):
    frame = make_survey()
    frame.loc[0, "sex"] = "unknown"
    frame.loc[1, "cocaine_ever"] = 2
    err = _fails(
        load_survey,
        _csv(tmp_path, frame),
        "column 'sex'",
        "'unknown'",
        "column 'cocaine_ever'",
        "allowed values",
    )
    assert len(err.problems) == 2  # all problems, not just the first


def test_non_positive_weight(tmp_path):
    frame = make_survey()
    frame.loc[7, "weight"] = 0
    _fails(load_survey, _csv(tmp_path, frame), "column 'weight'", "row 8", "must be above 0")


def test_duplicate_key(tmp_path):
    frame = make_survey()
    frame.loc[5, ["respondent_id", "year"]] = frame.loc[3, ["respondent_id", "year"]].to_numpy()
    _fails(load_survey, _csv(tmp_path, frame), "duplicate key (respondent_id, year)", "rows 4, 6", "R0003")


def test_inconsistent_answers(tmp_path):
    frame = make_survey()
    row = frame.index[frame["cocaine_ever"] == 0][0]
    frame.loc[row, "cocaine_4w"] = 1
    frame.loc[row, "cocaine_12m"] = 1
    _fails(load_survey, _csv(tmp_path, frame), f"row {row + 1}", "cocaine_12m = 1 but cocaine_ever = 0")


def test_debut_age_above_age(tmp_path):
    frame = make_survey()
    row = frame.index[frame["cannabis_ever"] == 1][0]
    frame.loc[row, "cannabis_debut_age"] = frame.loc[row, "age"] + 3
    _fails(
        load_survey,
        _csv(tmp_path, frame),
        "cannabis_debut_age",
        f"row {row + 1}",
        "above the respondent's age",
    )


def test_missing_year(tmp_path):
    _fails(load_survey, _csv(tmp_path, make_survey()), "no data for year(s) 2023", years=[2023, 2024])


def test_unknown_county(tmp_path):
    frame = make_deaths()
    frame.loc[1, "county"] = "Viken"
    _fails(load_deaths, _csv(tmp_path, frame), "column 'county'", "row 2", "'Viken'")


def test_malformed_icd10(tmp_path):
    frame = make_deaths()
    frame.loc[0, "underlying_cause"] = "42X"
    frame.loc[2, "t_codes"] = "T40.1;TT9"
    err = _fails(
        load_deaths, _csv(tmp_path, frame), "column 'underlying_cause'", "'42X'", "column 't_codes'", "row 3"
    )
    assert len(err.problems) == 2


def test_autopsy_not_yes_no(tmp_path):
    frame = make_deaths()
    frame.loc[3, "autopsy"] = "maybe"
    _fails(load_deaths, _csv(tmp_path, frame), "column 'autopsy'", "row 4", "not yes/no", "'maybe'")


def test_negative_population(tmp_path):
    frame = make_population()
    frame.loc[5, "persons"] = -10
    _fails(load_population, _csv(tmp_path, frame), "column 'persons'", "row 6", "out of range", "-10")


def test_bad_age_label_in_population(tmp_path):
    frame = make_population()
    frame.loc[0, "age"] = "twenty"
    _fails(load_population, _csv(tmp_path, frame), "column 'age'", "row 1", "'twenty'")


def test_zero_in_standard_population(tmp_path):
    frame = pd.DataFrame({"age": ["0-39", "40+"], "persons": [0, 10]})
    _fails(load_standard_population, _csv(tmp_path, frame), "column 'persons'", "row 1")


def test_bad_mapping_file(tmp_path):
    data = _csv(tmp_path, make_survey())
    mapping = tmp_path / "m.toml"
    mapping.write_text("[columns\nsex = 'KJONN'")
    _fails(load_survey, data, "cannot be parsed", "line 1", named=mapping, mapping=mapping)


def test_mapping_names_absent_column(tmp_path):
    data = _csv(tmp_path, make_survey())
    mapping = tmp_path / "m.toml"
    mapping.write_text('[columns]\nsex = "KJONN"\n')
    _fails(load_survey, data, "maps 'sex' to 'KJONN', which the file lacks", mapping=mapping)


def test_unclosed_quote(tmp_path):
    path = tmp_path / "q.csv"
    path.write_text('year,county\n2024,"Oslo\n')
    _fails(load_population, path, "unclosed quote")


def test_error_summary_is_readable_not_a_traceback(tmp_path):
    frame = make_survey()
    frame.loc[0, "sex"] = "x"
    with pytest.raises(InputError) as info:
        load_survey(_csv(tmp_path, frame))
    first = str(info.value).splitlines()[0]
    assert first == "1 problem in the input data:"

"""Readers and mapping features for real deliveries: infix scripts and fixed-width files, value
labels, constants, routing rules, base mappings, yearly deliveries, the control drug."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from rusrapport.analysis.methods import control_drug_exclusions
from rusrapport.data import load_survey
from rusrapport.data.control import SETTING
from rusrapport.data.infix import parse_infix, read_fixed_width
from rusrapport.data.mapping import apply_mapping, load_mapping
from rusrapport.errors import InputError
from tests.conftest import make_survey
from tests.deliveries import write_survey_delivery

SCRIPT = """/* STATA infix-setning */
clear
infix ///
    str1 Kjonn        1 -   1 ///
         Alder        2 -   4 ///
         Can1         5 -   5 ///
         Can6         6 -   6 ///
    str4 fylke_2025   7 -  10 ///
    str8 vekt        11 -  18 ///
using "O:\\Prosjekt\\rus.asc"

label define Can1 ///
            1  "Ja"    ///
            2  "Nei"    ///
            8  "Vil ikke svare"    ///
            9  "Vet ikke"
label values Can1 Can1
label define fylke_2025 ///
            03  "Oslo"
label values fylke_2025 fylke_2025
"""


def line(kjonn: str, alder: str, can1: str, can6: str, fylke: str, vekt: str) -> str:
    return kjonn + alder.rjust(3) + can1 + can6 + fylke.ljust(4) + vekt.ljust(8)


LINES = [
    line("1", "34", "1", "2", "03", "1,25"),
    line("2", "51", " ", " ", "03", "1,5"),
    line("1", "22", "2", " ", "03", "0,75"),
]


@pytest.fixture
def layout(tmp_path):
    path = tmp_path / "rus.do"
    path.write_text(SCRIPT, encoding="utf-8")
    return parse_infix(path)


def _write(tmp_path, lines, name="rus.asc"):
    path = tmp_path / name
    path.write_bytes("\r\n".join(lines).encode("latin-1") + b"\r\n")
    return path


def test_infix_script_gives_positions_types_and_labels(layout):
    assert [(f.name, f.start, f.end, f.text) for f in layout.fields][:2] == [
        ("Kjonn", 1, 1, True),
        ("Alder", 2, 4, False),
    ]
    assert layout.labels["Can1"] == {"1": "Ja", "2": "Nei", "8": "Vil ikke svare", "9": "Vet ikke"}
    assert layout.labels["fylke_2025"] == {"3": "Oslo"}  # "03" and 3 are one code


def test_fixed_width_blank_is_missing_and_decimal_comma_is_a_number(tmp_path, layout):
    frame = read_fixed_width(_write(tmp_path, LINES), layout)
    assert frame["Alder"].tolist() == [34, 51, 22]
    assert frame["Can1"].tolist()[0] == 1 and np.isnan(frame["Can1"][1])  # routed out: blank
    assert np.isnan(frame["Can6"][1]) and frame["Can6"][0] == 2
    assert frame["vekt"].tolist() == [1.25, 1.5, 0.75]
    assert frame["Kjonn"].tolist() == ["1", "2", "1"] and frame["fylke_2025"].tolist() == ["03"] * 3


def test_fixed_width_text_in_a_numeric_field_is_reported(tmp_path, layout):
    lines = [*LINES[:2], line("1", "x2", "2", " ", "03", "0,75")]
    with pytest.raises(InputError) as err:
        read_fixed_width(_write(tmp_path, lines), layout)
    text = str(err.value)
    assert "field 'Alder' (positions 2-4)" in text and "row 3" in text and "'x2'" in text


def test_fixed_width_lines_shorter_than_the_layout_are_refused(tmp_path, layout):
    with pytest.raises(InputError, match="shorter than the layout"):
        read_fixed_width(_write(tmp_path, ["1 34", "2 51"]), layout)


def test_script_without_infix_statement_is_refused(tmp_path):
    path = tmp_path / "not.do"
    path.write_text('use data.dta\nlabel define x 1 "a"\n')
    with pytest.raises(InputError, match=re.escape("no 'infix ... using' statement")):
        parse_infix(path)


def _mapping(tmp_path, text, name="m.toml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return load_mapping(path)


def test_codes_by_label_and_counts_of_changed_values(tmp_path, layout):
    frame = read_fixed_width(_write(tmp_path, [*LINES, line("1", "40", "9", " ", "03", "1,0")]), layout)
    mapping = _mapping(
        tmp_path,
        '[columns]\ncannabis_ever = "Can1"\n[missing]\n"*" = ["Vet ikke"]\n'
        '[recode.cannabis_ever]\n"Ja" = 1\n"nei" = 0\n',
    )
    out = apply_mapping(frame, mapping, ["cannabis_ever"], "rus.asc")
    assert out["cannabis_ever"].tolist()[0] == 1 and np.isnan(out["cannabis_ever"][3])  # 9 = Vet ikke
    report = dict(out.attrs["mapping_report"])
    assert report["missing cannabis_ever"] == 1 and report["recode cannabis_ever"] == 2


def test_routing_rule_fills_only_routed_out_answers(tmp_path):
    frame = pd.DataFrame({"cannabis_ever": [0, 1, 1, np.nan], "cannabis_12m": [np.nan, 1, np.nan, np.nan]})
    mapping = _mapping(tmp_path, '[routing]\n"*_12m" = "0 where *_ever == 0"\n')
    out = apply_mapping(frame, mapping, list(frame.columns), "f.csv")
    assert out["cannabis_12m"].tolist()[:2] == [0, 1]
    assert out["cannabis_12m"][2:].isna().all()  # asked and unanswered, or not asked: stays empty
    assert out.attrs["mapping_report"] == [("routing cannabis_12m = 0 where cannabis_ever == 0", 1)]


@pytest.mark.parametrize(
    "rule, message",
    [
        ('"*_12m" = "zero unless ever"', "write it as '<value> where <column> == <value>'"),
        ('"*_12m" = "0 where cannabis_ever == 0"', "use one '*' in both"),
    ],
)
def test_malformed_routing_rule_is_refused(tmp_path, rule, message):
    with pytest.raises(InputError, match=re.escape(message)):
        _mapping(tmp_path, f"[routing]\n{rule}\n")


def _routed(tmp_path):
    """A consistent survey written with the 12-month and 4-week answers routed out (empty)."""
    frame = make_survey(n=200)
    for s in ("cannabis", "cocaine"):
        frame.loc[frame[f"{s}_ever"] == 0, [f"{s}_12m", f"{s}_4w"]] = np.nan
        frame.loc[frame[f"{s}_12m"] == 0, f"{s}_4w"] = np.nan
    path = tmp_path / "routed.csv"
    frame.to_csv(path, index=False)
    return path


def test_routed_file_without_rule_is_refused_naming_columns_and_rule(tmp_path):
    with pytest.raises(InputError) as err:
        load_survey(_routed(tmp_path))
    text = str(err.value)
    assert "columns cannabis_12m, cocaine_12m" in text and "looks routed" in text
    assert '[routing] "*_12m" = "0 where *_ever == 0"' in text
    assert "cannabis_4w" in text  # the 4-week question, gated by 12 months, too


def test_routing_rules_or_none_accept_a_routed_file(tmp_path):
    data = _routed(tmp_path)
    filled = tmp_path / "filled.toml"
    filled.write_text('[routing]\n"*_12m" = "0 where *_ever == 0"\n"*_4w" = "0 where *_12m == 0"\n')
    survey = load_survey(data, filled)
    assert (survey.loc[survey["cocaine_ever"] == 0, "cocaine_4w"] == 0).all()
    kept = tmp_path / "kept.toml"
    kept.write_text('[routing]\n"*_12m" = "none"\n"*_4w" = "none"\n')
    assert load_survey(data, kept)["cannabis_12m"].isna().sum() > 0


def test_constants_and_unknown_targets(tmp_path):
    frame = make_survey(n=10).drop(columns="year")
    ok = _mapping(tmp_path, "[constants]\nyear = 2025\n")
    assert set(apply_mapping(frame, ok, ["year"], "f")["year"]) == {2025}
    bad = _mapping(tmp_path, '[constants]\naar = 2025\n[columns]\nkjonn = "sex"\n', "bad.toml")
    with pytest.raises(InputError) as err:
        apply_mapping(frame, bad, ["year", "sex"], "f")
    assert "'aar' is not a column" in str(err.value) and "'kjonn' is not a column" in str(err.value)


def test_extends_lays_a_yearly_mapping_over_its_base(tmp_path):
    (tmp_path / "base.toml").write_text('[columns]\nsex = "Kjonn"\n[recode.sex]\n1 = "male"\n2 = "female"\n')
    year = _mapping(tmp_path, 'extends = "base.toml"\n[recode.sex]\n0 = "male"\n1 = "female"\n', "y.toml")
    assert year.columns == {"sex": "Kjonn"} and year.recode["sex"] == {"0": "male", "1": "female"}
    with pytest.raises(InputError, match="does not exist"):
        _mapping(tmp_path, 'extends = "nowhere.toml"\n', "n.toml")
    with pytest.raises(InputError, match="extends itself"):
        _mapping(tmp_path, 'extends = "loop.toml"\n', "loop.toml")


def test_delivery_of_yearly_files_with_their_own_codings(tmp_path):
    survey = make_survey(n=80)
    survey.loc[survey.index % 7 == 0, "season"] = "autumn"
    delivery = write_survey_delivery(survey, tmp_path / "d", relevin={2024: 2})
    assert "Male" in (tmp_path / "d" / "rus2024.do").read_text(encoding="cp1252")  # 2024: 0/1 coding
    loaded = load_survey(delivery)
    expected = load_survey(_csv(tmp_path, survey))
    pd.testing.assert_frame_equal(
        loaded[expected.columns].drop(columns="respondent_id").reset_index(drop=True),
        expected.drop(columns="respondent_id").reset_index(drop=True),
    )
    assert loaded.attrs["control_drug_excluded"] == {2024: 2, 2025: 0}
    assert control_drug_exclusions(loaded).to_dict("list") == {"year": [2024, 2025], "excluded": [2, 0]}
    kept = load_survey(delivery, exclude_control_drug=False)
    assert len(kept) == len(loaded) + 2 and kept["control_drug_ever"].eq(1).sum() == 2


def _csv(tmp_path, frame):
    path = tmp_path / "contract.csv"
    frame.to_csv(path, index=False)
    return path


def test_control_drug_setting_from_the_build(tmp_path, monkeypatch):
    delivery = write_survey_delivery(make_survey(n=40), tmp_path / "d", relevin={2025: 1})
    monkeypatch.setenv(SETTING, "0")
    assert load_survey(delivery).attrs["control_drug_excluded"] == {}
    monkeypatch.setenv(SETTING, "1")
    assert load_survey(delivery).attrs["control_drug_excluded"] == {2024: 0, 2025: 1}


def test_delivery_problems_are_named(tmp_path):
    survey = make_survey(n=40)
    delivery = write_survey_delivery(survey, tmp_path / "d", relevin={})
    twice = tmp_path / "d" / "twice.toml"
    twice.write_text(
        delivery.read_text() + '\n[[files]]\npath = "rus2025.asc"\nmapping = "rus2024.toml"\n'
        '\n[[files]]\npath = "rus19*.asc"\n'
    )
    with pytest.raises(InputError, match=re.escape("no file matches 'rus19*.asc'")):
        load_survey(twice)
    copy = tmp_path / "d" / "copy.asc"
    copy.write_bytes((tmp_path / "d" / "rus2025.asc").read_bytes())
    dup = tmp_path / "d" / "dup.toml"
    dup.write_text(delivery.read_text() + '\n[[files]]\npath = "copy.asc"\nmapping = "fixture2025.toml"\n')
    with pytest.raises(InputError, match="more than one file of the delivery"):
        load_survey(dup)
    with pytest.raises(InputError, match="names each file's mapping"):
        load_survey(delivery, tmp_path / "d" / "rus2024.toml")


def test_delivery_glob_takes_each_year_from_the_file_name(tmp_path):
    survey = make_survey(n=40)
    delivery = write_survey_delivery(survey, tmp_path / "d", relevin={})
    globbed = tmp_path / "d" / "glob.toml"
    globbed.write_text(
        '[[files]]\npath = "rus2024.asc"\nmapping = "rus2024.toml"\nyear = 2024\n'
        '\n[[files]]\npath = "rus20*.asc"\nmapping = "fixture2025.toml"\nyear = "name"\n'
    )
    by_list, by_glob = load_survey(delivery), load_survey(globbed)
    pd.testing.assert_frame_equal(by_glob, by_list)
    (tmp_path / "d" / "rusXX.asc").write_bytes((tmp_path / "d" / "rus2025.asc").read_bytes())
    globbed.write_text('[[files]]\npath = "rus*.asc"\nmapping = "fixture2025.toml"\nyear = "name"\n')
    with pytest.raises(InputError, match="no year"):
        load_survey(globbed)

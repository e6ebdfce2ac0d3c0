"""Death records as registers deliver them: dates, municipality and county numbers of any year."""

from __future__ import annotations

import pandas as pd
import pytest

from rusrapport.data import load_deaths
from rusrapport.data.deaths import full_years
from rusrapport.data.regions import county_codes, from_county, from_municipality
from rusrapport.errors import InputError
from tests.conftest import make_deaths


def _names(codes, years=None, allocate=None):
    codes = pd.Series(codes, dtype=object)
    if years is None:
        return from_municipality(codes, "f.csv", "KOMMNR")
    return from_county(codes, pd.Series(years), allocate or {}, "f.csv", "FYLKE")


def test_halden_lands_in_ostfold_under_every_number():
    counties, problems = _names(["0101", "3001", "3101", 101])  # 2019, 2022, 2024; leading zero lost
    assert problems == [] and counties.tolist() == ["Østfold"] * 4


def test_known_moves_between_counties():
    # Rømskog (Østfold) -> Aurskog-Høland (Akershus); Jevnaker (Oppland) -> Akershus;
    # Svelvik (Vestfold) -> Drammen (Buskerud); Trondheim before 2018; Tjeldsund (Nordland) -> Troms.
    counties, problems = _names(["0121", "0532", "0711", "1601", "1852", "5001"])
    assert problems == []
    assert counties.tolist() == ["Akershus", "Akershus", "Buskerud", "Trøndelag", "Troms", "Trøndelag"]


def test_unknown_and_unplaceable_municipalities_are_refused():
    _, problems = _names(["0101", "9876", "2111", "9999"])
    text = " ".join(p.describe() for p in problems)
    assert "row 2" in text and "'9876'" in text and "not a Norwegian municipality number" in text
    assert "rows 3, 4" in text and "Svalbard" in text  # Longyearbyen; "unknown municipality"


def test_county_vintages():
    assert len(county_codes(2017)) == 19 and len(county_codes(2019)) == 18
    assert len(county_codes(2022)) == 11 and len(county_codes(2024)) == 15
    counties, problems = _names(["03", "16", "50", "34", "46", "55"], [2015, 2017, 2018, 2022, 2021, 2024])
    assert problems == []
    assert counties.tolist() == ["Oslo", "Trøndelag", "Trøndelag", "Innlandet", "Vestland", "Troms"]


def test_viken_cannot_be_split_without_the_municipality():
    _, problems = _names(["03", "30", "30", "38"], [2022, 2021, 2023, 2020])
    text = " ".join(p.describe() for p in problems)
    assert "county 30 of 2021 spans several 2024 counties (Akershus, Buskerud, Østfold)" in text
    assert "row 2:" in text and "row 3:" in text and "row 4:" in text
    assert '[allocate] "30" = "<2024 county>"' in text


def test_allocation_places_a_merged_county():
    counties, problems = _names(["30", "54"], [2022, 2022], {"30": "Akershus", "54": "Troms"})
    assert problems == [] and counties.tolist() == ["Akershus", "Troms"]
    _, problems = _names(["30"], [2022], {"30": "Viken"})
    assert "not a 2024 county" in problems[0].describe()


def test_county_number_not_in_use_that_year():
    _, problems = _names(["31", "30"], [2019, 2024])
    text = " ".join(p.describe() for p in problems)
    assert "county number 31 was not in use in 2019" in text and "30 was not in use in 2024" in text


def test_age_in_completed_years():
    birth = pd.to_datetime(pd.Series(["1990-03-15", "1990-03-15", "2000-02-29"]))
    death = pd.to_datetime(pd.Series(["2024-03-14", "2024-03-15", "2024-02-28"]))
    assert full_years(birth, death).tolist() == [33, 34, 23]


def _extract(tmp_path, rows, mapping):
    frame = make_deaths().drop(columns=["year", "age", "county"]).head(len(rows))
    frame = pd.concat([frame, pd.DataFrame(rows)], axis=1)
    data, spec = tmp_path / "dod.csv", tmp_path / "dod.toml"
    frame.to_csv(data, sep=";", index=False, encoding="latin-1")
    spec.write_text(mapping, encoding="utf-8")
    return data, spec


def test_dates_and_municipality_give_year_age_and_county(tmp_path):
    rows = {
        "DODSDATO": ["14.03.2019", "15.06.2022", "01.01.2024"],
        "FODSDATO": ["19900315", "19700101", "19991231"],
        "KOMMNR": ["0101", "3001", "3101"],
    }
    mapping = '[columns]\ndate_of_death = "DODSDATO"\ndate_of_birth = "FODSDATO"\nmunicipality = "KOMMNR"\n'
    deaths = load_deaths(*_extract(tmp_path, rows, mapping))
    assert deaths["year"].tolist() == [2019, 2022, 2024]
    assert deaths["age"].tolist() == [28, 52, 24]
    assert deaths["county"].tolist() == ["Østfold"] * 3


def test_bad_dates_are_reported_with_rows(tmp_path):
    rows = {
        "DODSDATO": ["2023-05-01", "2023-13-01", "2024-01-02"],
        "FODSDATO": ["1980-01-01", "1980-01-01", "2025-01-01"],
        "FYLKE": ["03", "03", "30"],
    }
    mapping = '[columns]\ndate_of_death = "DODSDATO"\ndate_of_birth = "FODSDATO"\ncounty_number = "FYLKE"\n'
    with pytest.raises(InputError) as err:
        load_deaths(*_extract(tmp_path, rows, mapping))
    text = str(err.value)
    assert "column 'date_of_death', row 2: not a date" in text and "'2023-13-01'" in text
    assert "row 3: date of birth after date of death" in text
    assert "county number 30 was not in use in 2024" in text

"""Municipality and county codes of any year since 2012 -> the county of 2024 borders.

A death extract for 2012–2024 carries the code valid in the year of death: 19 counties until
2017, 18 in 2018–2019 (Trøndelag), 11 in 2020–2023 (Viken, Vestfold og Telemark, Troms og
Finnmark), 15 from 2024. ``municipalities.csv`` (built by ``scripts/municipalities.py`` from
Statistics Norway's classification, see data/README.md) gives every municipality number its
2024 municipality and county. A county code of year Y maps to a 2024 county only when every
municipality of that county in year Y lies in one 2024 county; otherwise (Viken, or Østfold
before 2020 because Rømskog went to Akershus) the rows are refused unless the mapping's
``[allocate]`` section says where that county's records go.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pandas as pd

from rusrapport.data.schema import COUNTIES
from rusrapport.data.validate import masked_problem
from rusrapport.errors import Problem

TABLE = Path(__file__).with_name("municipalities.csv")
FIRST_YEAR, LAST_YEAR = 2012, 2024
_OLD = ("01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "12", "14", "15", "18", "19", "20")


def counties_in_use(year: int) -> tuple[str, ...]:
    """County numbers of ``year``: 19 to 2017, 18 in 2018–2019, 11 in 2020–2023, 15 from 2024."""
    if year <= 2017:
        return (*_OLD, "16", "17")
    if year <= 2019:
        return (*_OLD, "50")
    if year <= 2023:
        return ("03", "11", "15", "18", "30", "34", "38", "42", "46", "50", "54")
    return tuple(COUNTIES)


@cache
def municipalities() -> pd.DataFrame:
    table = pd.read_csv(TABLE, dtype=str, keep_default_na=False)
    for column in ("valid_from", "valid_to"):
        table[column] = pd.to_numeric(table[column]).astype("Int64")
    return table


def _code(value: object, width: int) -> str:
    text = str(value).strip()
    if text.endswith(".0"):
        text = text[:-2]
    return text.zfill(width) if text.isdigit() else text


@cache
def county_codes(year: int) -> dict[str, frozenset[str]]:
    """County code in use in ``year`` -> the 2024 county numbers its municipalities lie in
    ('' marks a part that cannot be placed)."""
    table = municipalities()
    start = table["valid_from"].fillna(0)
    end = table["valid_to"].fillna(9999)
    valid = table[(start <= year) & (end >= year) & ~table["code"].str[:2].isin(["21", "22", "23", "99"])]
    in_use = counties_in_use(year)
    return {
        county: frozenset(group["county_2024"])
        for county, group in valid.groupby(valid["code"].str[:2])
        if county in in_use
    }


def _name(number: str) -> str:
    return COUNTIES[number]


def from_municipality(codes: pd.Series, file: str, column: str) -> tuple[pd.Series, list[Problem]]:
    """2024 county names for municipality numbers of any year since 1994 (each number is unique)."""
    table = municipalities().set_index("code")["county_2024"]
    normal = codes.map(lambda v: _code(v, 4))
    county = normal.map(table)
    problems = []
    unknown = county.isna() & codes.notna()
    if unknown.any():
        message = "not a Norwegian municipality number of any year since 1994"
        problems.append(masked_problem(file, unknown, column, message, codes))
    unplaced = county.eq("")
    if unplaced.any():
        message = (
            "municipality outside the 15 counties (Svalbard, Jan Mayen, the shelf, unknown): no 2024 county"
        )
        problems.append(masked_problem(file, unplaced, column, message, codes))
    ok = county.notna() & ~unplaced
    return county.where(ok).map(lambda c: _name(c) if isinstance(c, str) else None), problems


def from_county(
    codes: pd.Series, years: pd.Series, allocate: dict[str, str], file: str, column: str
) -> tuple[pd.Series, list[Problem]]:
    """2024 county names for county numbers valid in each record's year; a county that cannot be
    split without the municipality is refused with its rows unless ``allocate`` places it."""
    normal = codes.map(lambda v: _code(v, 2))
    result = pd.Series(None, index=codes.index, dtype="object")
    problems = []
    for (year, code), rows in normal.groupby([years, normal]).groups.items():
        mask = codes.index.isin(rows)
        targets = county_codes(int(year)).get(code) if FIRST_YEAR <= year <= LAST_YEAR + 1 else None
        allocated = allocate.get(code.lstrip("0") or "0") or allocate.get(code)
        if allocated is not None:
            if allocated not in COUNTIES.values():
                problems.append(
                    Problem(file, f"[allocate] places county {code} in '{allocated}', not a 2024 county")
                )
            result[mask] = allocated
        elif targets is None:
            message = f"county number {code} was not in use in {year}"
            problems.append(masked_problem(file, pd.Series(mask, index=codes.index), column, message, codes))
        elif len(targets) == 1 and "" not in targets:
            result[mask] = _name(next(iter(targets)))
        else:
            names = sorted(_name(t) if t else "(unplaceable)" for t in targets)
            message = (
                f"county {code} of {year} spans several 2024 counties ({', '.join(names)}); give the "
                f'municipality number instead, or place these records in the mapping: [allocate] "{code}" = '
                '"<2024 county>"'
            )
            problems.append(masked_problem(file, pd.Series(mask, index=codes.index), column, message, codes))
    return result, problems

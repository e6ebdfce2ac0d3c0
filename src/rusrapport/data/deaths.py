"""Death records as registers deliver them: dates rather than year and age, and the municipality
or county number valid in the year of death rather than the 2024 county name.

Run after the mapping and before validation, so derived columns are checked like given ones.
Columns the file already has are never overwritten.
"""

from __future__ import annotations

import pandas as pd

from rusrapport.data import regions
from rusrapport.data.validate import masked_problem
from rusrapport.errors import Problem, raise_if_any

DATE_FORMATS = ("%Y-%m-%d", "%Y%m%d", "%d.%m.%Y", "%d%m%Y", "%d/%m/%Y")


def parse_dates(values: pd.Series, file: str, column: str) -> tuple[pd.Series, list[Problem]]:
    """Dates in the one format (ISO, YYYYMMDD, DD.MM.YYYY, DDMMYYYY, DD/MM/YYYY) that reads most
    of the column; cells it cannot read are reported with their rows."""
    text = values.map(lambda v: None if pd.isna(v) else str(v).strip().removesuffix(".0"))
    text = text.map(lambda v: v.zfill(8) if isinstance(v, str) and v.isdigit() and len(v) == 7 else v)
    best, best_ok = None, -1
    for fmt in DATE_FORMATS:
        parsed = pd.to_datetime(text, format=fmt, errors="coerce")
        if parsed.notna().sum() > best_ok:
            best, best_ok = parsed, int(parsed.notna().sum())
    bad = best.isna() & text.notna()
    if bad.any():
        message = "not a date (YYYY-MM-DD, YYYYMMDD or DD.MM.YYYY, one format per column)"
        return best, [masked_problem(file, bad, column, message, text)]
    return best, []


def full_years(birth: pd.Series, death: pd.Series) -> pd.Series:
    """Age at death in completed years (a birthday on the day of death counts)."""
    before_birthday = (death.dt.month < birth.dt.month) | (
        (death.dt.month == birth.dt.month) & (death.dt.day < birth.dt.day)
    )
    return death.dt.year - birth.dt.year - before_birthday.astype(int)


def derive_death_fields(frame: pd.DataFrame, allocate: dict[str, str], file: str) -> pd.DataFrame:
    out = frame.copy()
    problems: list[Problem] = []
    death = birth = None
    if "date_of_death" in out:
        death, found = parse_dates(out["date_of_death"], file, "date_of_death")
        problems += found
    if "date_of_birth" in out:
        birth, found = parse_dates(out["date_of_birth"], file, "date_of_birth")
        problems += found
    if death is not None and "year" not in out:
        out["year"] = death.dt.year.astype("Int64")
    if death is not None and birth is not None and "age" not in out:
        age = full_years(birth, death)
        bad = age < 0
        if bad.any():
            message = "date of birth after date of death"
            problems.append(masked_problem(file, bad, "date_of_birth", message, out["date_of_birth"]))
        out["age"] = age.astype("Int64")
    if "county" not in out and "municipality" in out:
        out["county"], found = regions.from_municipality(out["municipality"], file, "municipality")
        problems += found
    elif "county" not in out and "county_number" in out:
        if "year" not in out:
            problems.append(Problem(file, "county numbers need the year of death to be read", column="year"))
        else:
            years = pd.to_numeric(out["year"], errors="coerce")
            out["county"], found = regions.from_county(
                out["county_number"], years, allocate, file, "county_number"
            )
            problems += found
    raise_if_any(problems)
    return out

"""Readers for Statistics Norway's own exports of table 07459 (population by region, sex, age).

Two forms reach analysts: the CSV downloaded from the statistics bank (semicolon-separated,
labels like ``"03 Oslo"``, ``"2 Kvinner"``, ``"037 37 år"``, years either as a column or spread
over columns like ``"Personer 2024"``) and JSON-stat 2.0 as served by the PxWebApi. Both are
turned into the population contract (year, county, sex, age, persons) for validation.
"""

from __future__ import annotations

import json
import re
from itertools import product
from pathlib import Path

import numpy as np
import pandas as pd

from rusrapport.data.readers import read_table
from rusrapport.data.schema import COUNTIES
from rusrapport.errors import InputError

_SEX_WORDS = {
    "1": "male",
    "menn": "male",
    "mann": "male",
    "males": "male",
    "male": "male",
    "2": "female",
    "kvinner": "female",
    "kvinne": "female",
    "females": "female",
    "female": "female",
}
_YEAR_COLUMN = re.compile(r"(?:^|\s)((?:19|20)\d{2})$")


def is_ssb_csv(columns: list[str]) -> bool:
    """SSB's statistics-bank CSV names its dimensions in Norwegian ('region', 'kjønn', 'alder')."""
    lower = [str(c).strip().lower() for c in columns]
    return "region" in lower and any(c in ("kjønn", "kjonn") for c in lower) and "alder" in lower


def county_name(label: object) -> str:
    """'03 Oslo', '03', 'Oslo', 'K-03 Oslo' -> 'Oslo'; unknown labels are returned stripped."""
    text = str(label).strip()
    match = re.match(r"^(?:K-)?(\d{2})\b\s*(.*)$", text)
    if match and match.group(1) in COUNTIES:
        return COUNTIES[match.group(1)]
    # Names may carry a Sami or Kven parallel name: 'Troms - Romsa - Tromssa'.
    return text.split(" - ")[0].strip()


def sex_code(label: object) -> str:
    text = str(label).strip().lower()
    first = text.split()[0] if text else text
    return _SEX_WORDS.get(
        text, _SEX_WORDS.get(first, _SEX_WORDS.get(text.split()[-1] if text else text, text))
    )


def age_label(label: object) -> str:
    """'037 37 år' -> '37'; '105+ 105 år eller eldre' -> '105+'; '20-24 år' -> '20-24'."""
    text = str(label).strip().lower().replace("–", "-")
    if "eller eldre" in text or "or older" in text:
        return re.findall(r"\d+", text)[-1] + "+"
    match = re.search(r"(\d+)\s*-\s*(\d+)", text)
    if match:
        return f"{int(match.group(1))}-{int(match.group(2))}"
    match = re.search(r"(\d+)\s*\+", text)
    if match:
        return f"{int(match.group(1))}+"
    numbers = re.findall(r"\d+", text)
    return str(int(numbers[-1])) if numbers else text


def from_ssb_csv(frame: pd.DataFrame) -> pd.DataFrame:
    """Statistics-bank CSV (long or wide in years) to the population contract's columns."""
    columns = {str(c).strip().lower(): c for c in frame.columns}
    region, sex = columns["region"], columns.get("kjønn", columns.get("kjonn"))
    age = columns["alder"]
    year_col = columns.get("år", columns.get("tid"))
    if year_col is not None:
        value_cols = [
            c
            for c in frame.columns
            if c not in (region, sex, age, year_col) and "statistikkvariabel" not in str(c).lower()
        ]
        long = frame.rename(columns={year_col: "year", value_cols[-1]: "persons"})
    else:
        year_cols = {c: _YEAR_COLUMN.search(str(c).strip()) for c in frame.columns}
        year_cols = {c: m.group(1) for c, m in year_cols.items() if m}
        if not year_cols:
            raise ValueError("no year column ('år') and no columns named like 'Personer 2024'")
        long = frame.melt(
            id_vars=[region, sex, age], value_vars=list(year_cols), var_name="year", value_name="persons"
        )
        long["year"] = long["year"].map(year_cols)
    return pd.DataFrame(
        {
            "year": long["year"],
            "county": long[region].map(county_name),
            "sex": long[sex].map(sex_code),
            "age": long[age].map(age_label),
            "persons": long["persons"],
            "source": "real",
        }
    )


def read_jsonstat(path: Path) -> pd.DataFrame:
    """A JSON-stat 2.0 dataset (one table) to a long frame with one column per dimension code."""
    name = str(path)
    try:
        doc = json.loads(path.read_text(encoding="utf-8-sig"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise InputError.single(name, f"not valid JSON: {exc}") from exc
    if isinstance(doc, dict) and doc.get("class") == "bundle":
        doc = next(iter(v for k, v in doc.items() if isinstance(v, dict) and "dimension" in v), {})
    if not isinstance(doc, dict) or not all(k in doc for k in ("id", "size", "dimension", "value")):
        raise InputError.single(
            name, "not a JSON-stat 2.0 dataset (needs 'id', 'size', 'dimension', 'value')"
        )
    ids, sizes = doc["id"], doc["size"]
    codes: list[list[str]] = []
    for dim in ids:
        index = doc["dimension"][dim]["category"]["index"]
        ordered = index if isinstance(index, list) else sorted(index, key=index.get)
        codes.append([str(c) for c in ordered])
    if [len(c) for c in codes] != list(sizes):
        raise InputError.single(name, "JSON-stat 'size' does not match the dimension categories")
    total = int(np.prod(sizes))
    raw = doc["value"]
    values = [raw.get(str(i)) for i in range(total)] if isinstance(raw, dict) else list(raw)
    if len(values) != total:
        raise InputError.single(name, f"JSON-stat has {len(values)} values, expected {total} (truncated?)")
    frame = pd.DataFrame(list(product(*codes)), columns=ids)
    frame["value"] = values
    return frame


def from_jsonstat(frame: pd.DataFrame, file: str) -> pd.DataFrame:
    """Map SSB's dimension ids (Region, Kjonn, Alder, Tid) to the population contract."""
    lower = {c.lower(): c for c in frame.columns}

    def pick(*names: str) -> str:
        for n in names:
            if n in lower:
                return lower[n]
        raise InputError.single(
            file,
            f"JSON-stat dataset lacks a dimension named {' or '.join(names)}",
            values=tuple(frame.columns),
        )

    return pd.DataFrame(
        {
            "year": frame[pick("tid", "year", "år")],
            "county": frame[pick("region")].map(county_name),
            "sex": frame[pick("kjonn", "kjønn", "sex")].map(sex_code),
            "age": frame[pick("alder", "age")].map(age_label),
            "persons": frame["value"],
            "source": "real",
        }
    )


def read_ssb_population(path: Path) -> pd.DataFrame | None:
    """The contract frame when ``path`` is an SSB export; None when it is not one."""
    if path.suffix.lower() == ".json":
        return from_jsonstat(read_jsonstat(path), str(path))
    if path.suffix.lower() not in (".csv", ".txt"):
        return None
    frame = read_table(path)
    if not is_ssb_csv(list(frame.columns)):
        return None
    try:
        return from_ssb_csv(frame)
    except (KeyError, ValueError, IndexError) as exc:
        raise InputError.single(str(path), f"looks like an SSB export but cannot be read: {exc}") from exc

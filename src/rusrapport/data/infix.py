"""SSB's survey delivery as shipped: a fixed-width text file and the Stata ``infix`` script
that describes it (column positions, names, ``str`` types and ``label define`` value labels).

The script is read for its facts only (no Stata is run): positions are 1-based and inclusive,
as in Stata. Blank fields are system-missing (routed-out or unanswered questions). Columns
declared ``str`` stay text, except that a text column holding only numbers with a decimal
comma (SSB ships the weight ``vekt`` so) becomes a number. Value labels travel with the frame
(``frame.attrs["value_labels"]``) so that mapping files may name codes by their label.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from rusrapport.errors import InputError, Problem

_FIELD = re.compile(r"(?:\b(str\d*|byte|int|long|float|double)\s+)?([A-Za-z_]\w*)\s+(\d+)\s*-\s*(\d+)")
_DEFINE = re.compile(r"label\s+define\s+(\w+)\s*((?:(?:///)?\s*-?\d+\s+\"[^\"]*\"\s*)+)")
_PAIR = re.compile(r"(-?\d+)\s+\"([^\"]*)\"")
_VALUES = re.compile(r"label\s+values\s+(\w+)\s+(\w+)")
_DECIMAL_COMMA = re.compile(r"^-?\d+(,\d+)?$")


@dataclass(frozen=True)
class Field:
    name: str
    start: int  # 1-based, inclusive
    end: int
    text: bool


@dataclass(frozen=True)
class Layout:
    """What an infix script says: the fields in file order and each column's value labels."""

    source: str
    fields: tuple[Field, ...]
    labels: dict[str, dict[str, str]] = field(default_factory=dict)


def _code(text: str) -> str:
    return str(int(text))  # "03" and "3" are the same code


def parse_infix(path: str | Path) -> Layout:
    """Read an infix script's field list (up to ``using``) and its value labels."""
    path = Path(path)
    name = str(path)
    if not path.is_file():
        raise InputError.single(name, "infix script not found")
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
    text = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)
    block = re.search(r"\binfix\b(.*?)\busing\b", text, flags=re.S)
    if block is None:
        raise InputError.single(name, "no 'infix ... using' statement found: not a Stata infix script")
    fields = tuple(
        Field(m.group(2), int(m.group(3)), int(m.group(4)), (m.group(1) or "").startswith("str"))
        for m in _FIELD.finditer(block.group(1).replace("///", " "))
    )
    problems = [
        Problem(name, f"field '{f.name}' ends ({f.end}) before it starts ({f.start})", column=f.name)
        for f in fields
        if f.end < f.start or f.start < 1
    ]
    names = [f.name for f in fields]
    problems += [
        Problem(name, f"field '{n}' is declared more than once", column=n)
        for n in sorted({n for n in names if names.count(n) > 1})
    ]
    if not fields:
        problems.append(Problem(name, "the infix statement declares no fields"))
    if problems:
        raise InputError(problems)
    defined = {
        m.group(1): {_code(c): label for c, label in _PAIR.findall(m.group(2))}
        for m in _DEFINE.finditer(text)
    }
    labels = {var: defined[lab] for var, lab in _VALUES.findall(text) if lab in defined}
    return Layout(name, fields, labels)


def read_fixed_width(path: str | Path, layout: Layout, encoding: str = "latin-1") -> pd.DataFrame:
    """One column per field of ``layout``; blank fields are missing. Byte positions, as Stata."""
    path = Path(path)
    name = str(path)
    lines = [line for line in path.read_bytes().splitlines() if line.strip()]
    if not lines:
        raise InputError.single(name, "file is empty (no data lines)")
    width = max(f.end for f in layout.fields)
    short = [i + 1 for i, line in enumerate(lines) if len(line.rstrip(b"\r\n")) < width]
    chars = np.frombuffer(b"".join(line.ljust(width)[:width] for line in lines), dtype="S1")
    chars = chars.reshape(len(lines), width)
    problems: list[Problem] = []
    if short and len(short) == len(lines):
        last = max((f for f in layout.fields), key=lambda f: f.end)
        problems.append(
            Problem(
                name,
                f"every line is shorter than the layout in {layout.source} ({width} characters, up to "
                f"'{last.name}'): wrong script for this file?",
                rows=tuple(short[:5]),
                count=len(short),
            )
        )
    columns: dict[str, pd.Series] = {}
    for f in layout.fields:
        cells = np.ascontiguousarray(chars[:, f.start - 1 : f.end]).view(f"S{f.end - f.start + 1}").ravel()
        text = pd.Series(cells).str.decode(encoding).str.strip()
        text = text.where(text != "")
        if f.text:
            columns[f.name] = _decimal_comma(text)
            continue
        numbers = pd.to_numeric(text, errors="coerce")
        bad = numbers.isna() & text.notna()
        if bad.any():
            problems.append(
                Problem(
                    name,
                    f"field '{f.name}' (positions {f.start}-{f.end}) is numeric in {layout.source} "
                    "but holds text",
                    column=f.name,
                    rows=tuple(int(i) + 1 for i in bad[bad].index[:5]),
                    values=tuple(text[bad].unique()[:5]),
                    count=int(bad.sum()),
                )
            )
        columns[f.name] = numbers
    if problems:
        raise InputError(problems)
    frame = pd.DataFrame(columns)
    frame.attrs["value_labels"] = layout.labels
    return frame


def _decimal_comma(text: pd.Series) -> pd.Series:
    """A text column of numbers written with a decimal comma is a number column."""
    given = text.dropna()
    if given.empty or not given.str.contains(",").any() or not given.str.match(_DECIMAL_COMMA).all():
        return text
    return pd.to_numeric(text.str.replace(",", ".", regex=False))

"""Read a data file in any format the microdata and register extracts arrive in.

CSV is sniffed (UTF-8 or Latin-1/cp1252, comma/semicolon/tab, decimal point or comma) because
statistics offices export all of these; Parquet, SPSS ``.sav`` and Stata ``.dta`` are read with
pyarrow and pyreadstat. Every failure becomes an :class:`InputError` naming the file, so a
truncated or corrupt file never surfaces as a library traceback.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from rusrapport.errors import InputError, Problem

CSV_SUFFIXES = (".csv", ".txt", ".tsv")
READERS = ".csv/.txt/.tsv, .parquet/.pq, .sav/.zsav, .dta"
# Strings that mean "no value" in exports from SPSS, Stata, Excel and SSB's statistics bank.
NA_STRINGS = ["", " ", "NA", "N/A", "NaN", "nan", ".", ".."]
_DECIMAL_COMMA = re.compile(r"^\s*-?\d+,\d+\s*$")


@dataclass(frozen=True)
class CsvOptions:
    """How a CSV file is written. ``None`` means: detect it from the file."""

    encoding: str | None = None
    delimiter: str | None = None
    decimal: str | None = None


def read_table(path: str | Path, csv_options: CsvOptions | None = None) -> pd.DataFrame:
    """Read one data file into a frame of raw values (no renaming, no validation)."""
    path = Path(path)
    name = str(path)
    if not path.exists():
        raise InputError.single(name, "file not found")
    if path.is_dir():
        raise InputError.single(name, "is a folder, not a data file")
    if path.stat().st_size == 0:
        raise InputError.single(name, "file is empty (0 bytes)")
    suffix = path.suffix.lower()
    if suffix in CSV_SUFFIXES:
        frame = read_csv(path, csv_options or CsvOptions())
    elif suffix in (".parquet", ".pq"):
        frame = _guarded(name, "Parquet", lambda: pd.read_parquet(path))
    elif suffix in (".sav", ".zsav"):
        frame = _guarded(name, "SPSS .sav", lambda: _read_spss(path))
    elif suffix == ".dta":
        frame = _guarded(name, "Stata .dta", lambda: pd.read_stata(path, convert_categoricals=False))
    else:
        raise InputError.single(name, f"unknown file type '{suffix}'; readable types: {READERS}")
    if frame.empty:
        raise InputError.single(name, "file has a header but no data rows")
    return frame.reset_index(drop=True)


def _read_spss(path: Path) -> pd.DataFrame:
    import pyreadstat

    frame, _meta = pyreadstat.read_sav(str(path), apply_value_formats=False)
    return frame


def _guarded(name: str, kind: str, read) -> pd.DataFrame:
    try:
        return read()
    except InputError:
        raise
    except Exception as exc:  # any library error means the file cannot be read as this type
        detail = str(exc).strip().splitlines()[0][:200] if str(exc).strip() else type(exc).__name__
        raise InputError.single(
            name, f"not a readable {kind} file (truncated or corrupt?): {detail}"
        ) from exc


def decode_text(path: Path) -> tuple[str, str]:
    """Return (text, encoding). UTF-8 first, then cp1252 and Latin-1 as Norwegian exports use."""
    raw = path.read_bytes()
    if b"\x00" in raw[:65536]:
        raise InputError.single(str(path), "is not a text file (binary content); expected CSV")
    for encoding in ("utf-8-sig", "cp1252", "latin-1"):
        try:
            return raw.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise InputError.single(str(path), "cannot decode the file as UTF-8 or Latin-1")  # pragma: no cover


def strip_title(text: str) -> str:
    """Drop a title line and blank line above the header, as SSB's statistics bank writes them."""
    lines = text.splitlines(keepends=True)
    if len(lines) > 2 and lines[0].strip() and not lines[1].strip():
        return "".join(lines[2:])
    return text


def sniff_delimiter(text: str) -> str:
    """Pick the delimiter that splits the header and first lines into the same number of fields."""
    lines = [ln for ln in text.splitlines()[:20] if ln.strip()]
    best, best_fields = ",", 1
    for delim in (";", "\t", ","):
        counts = {len(row) for row in csv.reader(lines, delimiter=delim)}
        if len(counts) == 1 and (fields := counts.pop()) > best_fields:
            best, best_fields = delim, fields
    return best


def sniff_decimal(text: str, delimiter: str) -> str:
    """A comma decimal mark is only possible when the delimiter is not a comma."""
    if delimiter == ",":
        return "."
    for row in csv.reader(text.splitlines()[1:200], delimiter=delimiter):
        if any(_DECIMAL_COMMA.match(cell) for cell in row):
            return ","
    return "."


def read_csv(path: Path, options: CsvOptions) -> pd.DataFrame:
    name = str(path)
    if options.encoding:
        try:
            text = path.read_bytes().decode(options.encoding)
        except (UnicodeDecodeError, LookupError) as exc:
            raise InputError.single(name, f"cannot decode with encoding {options.encoding}: {exc}") from exc
    else:
        text, _ = decode_text(path)
    if not text.strip():
        raise InputError.single(name, "file is empty (only whitespace)")
    text = strip_title(text)
    delimiter = options.delimiter or sniff_delimiter(text)
    decimal = options.decimal or sniff_decimal(text, delimiter)
    _check_field_counts(name, text, delimiter)
    try:
        return pd.read_csv(
            io.StringIO(text),
            sep=delimiter,
            decimal=decimal,
            na_values=NA_STRINGS,
            keep_default_na=False,
            skipinitialspace=True,
        )
    except (pd.errors.ParserError, ValueError) as exc:
        raise InputError.single(name, f"cannot parse as CSV: {exc}") from exc


def _check_field_counts(name: str, text: str, delimiter: str) -> None:
    """Rows with more or fewer fields than the header mean a truncated or broken file."""
    reader = csv.reader(io.StringIO(text), delimiter=delimiter, strict=True)
    try:
        header = next(reader)
        bad: list[int] = []
        found: list[int] = []
        for row_number, row in enumerate(reader, start=1):
            if not row:  # blank line
                continue
            if len(row) != len(header):
                bad.append(row_number)
                found.append(len(row))
    except csv.Error as exc:
        raise InputError.single(name, f"malformed CSV (unclosed quote or truncated file?): {exc}") from exc
    if bad:
        raise InputError(
            [
                Problem(
                    file=name,
                    message=(
                        f"row has a different number of fields than the header ({len(header)}); "
                        "the file may be truncated or use another delimiter"
                    ),
                    rows=tuple(bad),
                    values=tuple(found),
                    count=len(bad),
                )
            ]
        )

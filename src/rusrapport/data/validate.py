"""Turn a mapped frame into the contract's types and check every rule, reporting all problems.

Types are coerced here (so a bad cell is reported with its row and value rather than breaking
a cast), then a pandera schema built from the contract checks allowed values, ranges, empties
and unique keys in one lazy pass. Rules that span columns (answers that contradict each other)
are plain functions that return problems. Rows are reported 1-based, counting data rows only
(row 1 is the first row after the header).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

import numpy as np
import pandas as pd
import pandera.pandas as pa
from pandera.errors import SchemaErrors

from rusrapport.data.schema import ColumnSpec
from rusrapport.errors import InputError, Problem, raise_if_any

TRUE_WORDS = {"1", "yes", "ja", "j", "y", "true", "sann"}
FALSE_WORDS = {"0", "no", "nei", "n", "false", "usann"}

RowRule = Callable[[pd.DataFrame, str], Iterable[Problem]]


def rows_of(mask: pd.Series) -> tuple[int, ...]:
    """1-based data-row numbers where ``mask`` holds."""
    return tuple(int(i) + 1 for i in mask[mask.fillna(False).astype(bool)].index)


def masked_problem(file: str, mask: pd.Series, column: str, message: str, values: pd.Series) -> Problem:
    """One problem for the rows where ``mask`` holds, quoting up to five of their values."""
    return Problem(
        file,
        message,
        column=column,
        rows=rows_of(mask),
        values=tuple(pd.unique(values[mask.fillna(False).astype(bool)])[:5]),
        count=int(mask.sum()),
    )


def coerce(
    frame: pd.DataFrame, columns: Sequence[ColumnSpec], file: str
) -> tuple[pd.DataFrame, list[Problem]]:
    """Check required columns exist and cast each to its contract type."""
    problems: list[Problem] = []
    missing = [c.name for c in columns if c.required and c.name not in frame.columns]
    found = ", ".join(map(str, frame.columns[:12])) + (", ..." if len(frame.columns) > 12 else "")
    for name in missing:
        problems.append(
            Problem(file, f"required column '{name}' is missing (columns found: {found})", column=name)
        )
    out = pd.DataFrame(index=frame.index)
    for spec in columns:
        if spec.name not in frame.columns:
            continue
        raw = frame[spec.name]
        converted, bad = _convert(raw, spec)
        if bad.any():
            what = {"bool": "not yes/no", "int": "not a whole number"}.get(spec.kind, "not a number")
            problems.append(
                Problem(
                    file,
                    f"value is {what}",
                    column=spec.name,
                    rows=rows_of(bad),
                    values=tuple(raw[bad].unique()[:5]),
                    count=int(bad.sum()),
                )
            )
        out[spec.name] = converted
    return out, problems


def _as_text(raw: pd.Series) -> pd.Series:
    """Cells as trimmed text, empty cells missing, '1.0' written '1' (as codes are compared)."""
    text = raw.astype("str").str.strip()
    text = text.where(raw.notna() & (text != ""))
    return text.str.replace(r"^(-?\d+)\.0+$", r"\1", regex=True)


def _convert(raw: pd.Series, spec: ColumnSpec) -> tuple[pd.Series, pd.Series]:
    if pd.api.types.is_numeric_dtype(raw) and not pd.api.types.is_bool_dtype(raw) and spec.kind != "bool":
        return _convert_numeric(raw.astype("float64"), spec)
    text = _as_text(raw)
    blank = text.isna()
    if spec.kind in ("int", "float", "binary"):
        numbers = pd.to_numeric(text, errors="coerce").astype("float64")
        converted, fractional = _convert_numeric(numbers, spec)
        return converted, (numbers.isna() & ~blank) | fractional
    if spec.kind == "bool":
        words = text.str.lower()
        truth = {**dict.fromkeys(TRUE_WORDS, True), **dict.fromkeys(FALSE_WORDS, False)}
        result = words.map(truth)
        bad = result.isna() & ~blank
        return result.astype("object"), bad
    return text, pd.Series(False, index=raw.index)


def _convert_numeric(numbers: pd.Series, spec: ColumnSpec) -> tuple[pd.Series, pd.Series]:
    """Fast path for columns already numeric (Parquet, .sav, .dta, most CSV columns)."""
    bad = pd.Series(False, index=numbers.index)
    if spec.kind == "int":
        fractional = numbers.notna() & (numbers != np.round(numbers))
        numbers = numbers.where(~fractional)
        if not numbers.isna().any():
            return numbers.astype("int64"), fractional
        return numbers, fractional
    if spec.kind in ("float", "binary"):
        return numbers, bad
    return _as_text(numbers.astype("object").where(numbers.notna())), bad


def _checks(spec: ColumnSpec) -> list[pa.Check]:
    checks: list[pa.Check] = []
    if spec.allowed:
        allowed = list(spec.allowed)
        checks.append(
            pa.Check.isin(allowed, error=f"value not allowed; allowed values: {', '.join(allowed)}")
        )
    if spec.kind == "binary":
        checks.append(pa.Check.isin([0.0, 1.0], error="value not allowed; allowed values: 0, 1"))
    if spec.low is not None or spec.high is not None:
        lo = -np.inf if spec.low is None else spec.low
        hi = np.inf if spec.high is None else spec.high
        if np.isinf(hi):
            text = f"value out of range (must be {'above' if spec.low_exclusive else 'at least'} {lo:g})"
        else:
            text = f"value out of range ({'above' if spec.low_exclusive else 'from'} {lo:g} to {hi:g})"
        checks.append(pa.Check.in_range(lo, hi, include_min=not spec.low_exclusive, error=text))
    if spec.integer:
        checks.append(
            pa.Check(lambda s: s == np.round(s), element_wise=False, error="value is not a whole number")
        )
    return checks


def check_schema(
    frame: pd.DataFrame, columns: Sequence[ColumnSpec], key: Sequence[str], file: str
) -> list[Problem]:
    """Run the pandera schema of one contract and translate its failures into problems."""
    present = [c for c in columns if c.name in frame.columns]
    schema = pa.DataFrameSchema(
        {c.name: pa.Column(None, _checks(c), nullable=c.nullable) for c in present},
        unique=[k for k in key if k in frame.columns] or None,
        report_duplicates="all",
    )
    try:
        schema.validate(frame, lazy=True)
    except SchemaErrors as exc:
        return _problems_from(exc.failure_cases, frame, key, file)
    return []


def _problems_from(cases: pd.DataFrame, frame: pd.DataFrame, key: Sequence[str], file: str) -> list[Problem]:
    problems: list[Problem] = []
    cases = cases.copy()
    cases["column"] = cases["column"].astype(str)
    for (column, check), group in cases.groupby(["column", "check"], sort=False, dropna=False):
        index = pd.to_numeric(group["index"], errors="coerce").dropna().astype(int)
        rows = tuple(sorted({int(i) + 1 for i in index}))
        values = tuple(pd.unique(group["failure_case"]))
        if check == "not_nullable":
            message, values = "empty value where one is required", ()
        elif "uniqueness" in str(check):
            names = ", ".join(key)
            message = f"duplicate key ({names}): the same key appears on more than one row"
            dupes = frame.loc[frame.duplicated(list(key), keep=False), list(key)]
            values = tuple(
                dict.fromkeys(tuple(r) if len(key) > 1 else r[0] for r in dupes.itertuples(index=False))
            )
            rows = tuple(int(i) + 1 for i in dupes.index)
            column = names
        else:
            message = str(check)
        problem = Problem(
            file,
            message,
            column=None if column in ("None", "nan") else column,
            rows=rows,
            values=values,
            count=len(rows) or None,
        )
        if problem not in problems:  # pandera repeats a multi-column key failure per column
            problems.append(problem)
    return problems


def validate(
    frame: pd.DataFrame,
    columns: Sequence[ColumnSpec],
    key: Sequence[str],
    file: str,
    rules: Sequence[RowRule] = (),
) -> pd.DataFrame:
    """Coerce, check the schema and the cross-column rules; raise one InputError with all problems."""
    typed, problems = coerce(frame, columns, file)
    if not any("is missing" in p.message for p in problems):
        problems += check_schema(typed, columns, key, file)
        if not problems:
            for rule in rules:
                problems += list(rule(typed, file))
    raise_if_any(problems)
    return typed


def require_years(frame: pd.DataFrame, years: Iterable[int] | None, file: str) -> None:
    """The build names the years it needs; a file without one of them cannot make the report."""
    if years is None:
        return
    have = set(frame["year"].unique().tolist())
    absent = [y for y in years if y not in have]
    if absent:
        found = f"{min(have)}–{max(have)}" if have else "none"
        raise InputError.single(
            file,
            f"no data for year(s) {', '.join(map(str, absent))}; years in the file: {found}",
            column="year",
        )

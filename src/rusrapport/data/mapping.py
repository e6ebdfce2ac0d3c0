"""Mapping files: how a real file's column names and codes become the input contract.

A real SSB or register extract is used unchanged; what differs from the contract is written
once in a TOML or YAML file beside it::

    extends = "rus2025.toml"  # optional: a base mapping this one changes (section by section)

    [read]                    # optional CSV settings; detected when left out
    encoding = "cp1252"
    delimiter = ";"
    decimal = ","
    infix = "rus2025_fhi_hdir.do"   # fixed-width file: SSB's Stata infix script beside it

    [constants]               # contract column with one value for the whole file
    year = 2025

    [columns]                 # contract column = column in the file
    respondent_id = "LOPENR"
    sex = "KJONN"

    [combine]                 # contract column made of several file columns, in order
    t_codes = ["DIAG1", "DIAG2", "DIAG3"]

    [missing]                 # codes meaning "not asked / no answer"; keys may be globs
    "*_ever" = [8, 9]

    [recode.sex]              # value in the file = contract value
    1 = "male"
    2 = "female"
    [recode."*_ever"]        # codes may also be named by their value label ("Ja", "Nei")
    1 = 1
    2 = 0

    [routing]                 # questions asked only of some: fill the routed-out answers
    "*_12m" = "0 where *_ever == 0"
    "*_4w" = "0 where *_12m == 0"

    [allocate]                # death records: 2020–2023 county code -> 2024 county
    "30" = "Akershus"

Order of work: read, rename/combine/constants, blank missing codes, recode, routing (in the
order written). Each rule's number of changed values is kept in ``frame.attrs["mapping_report"]``.
"""

from __future__ import annotations

import fnmatch
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from rusrapport.data.readers import CsvOptions
from rusrapport.data.routing import apply_routing, check_rule
from rusrapport.errors import InputError, Problem

SECTIONS = {"extends", "read", "columns", "combine", "constants", "missing", "recode", "routing", "allocate"}


@dataclass(frozen=True)
class Mapping:
    """A parsed mapping file. The empty mapping leaves a file as it is."""

    source: str = "(no mapping)"
    read: CsvOptions = field(default_factory=CsvOptions)
    columns: dict[str, str] = field(default_factory=dict)
    combine: dict[str, list[str]] = field(default_factory=dict)
    missing: dict[str, list[str]] = field(default_factory=dict)
    recode: dict[str, dict[str, object]] = field(default_factory=dict)
    constants: dict[str, object] = field(default_factory=dict)
    routing: dict[str, str] = field(default_factory=dict)
    allocate: dict[str, str] = field(default_factory=dict)
    infix: Path | None = None


def value_key(value: object) -> str:
    """Normalise a cell or a mapping key so that 1, 1.0, '1' and '1 ' all match."""
    if isinstance(value, bool | np.bool_):
        return str(int(value))
    if isinstance(value, int | np.integer):
        return str(int(value))
    if isinstance(value, float | np.floating):
        return str(int(value)) if float(value).is_integer() else repr(float(value))
    text = str(value).strip()
    try:
        number = float(text)
    except ValueError:
        return text
    return str(int(number)) if number.is_integer() and "e" not in text.lower() else text


def load_mapping(path: str | Path | None) -> Mapping:
    """Parse a TOML (.toml) or YAML (.yml/.yaml) mapping file; ``None`` gives the empty mapping."""
    if path is None:
        return Mapping()
    path = Path(path)
    name = str(path)
    if not path.exists():
        raise InputError.single(name, "mapping file not found")
    try:
        if path.suffix.lower() == ".toml":
            raw = tomllib.loads(path.read_text(encoding="utf-8"))
        elif path.suffix.lower() in (".yml", ".yaml"):
            raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        else:
            raise InputError.single(name, "mapping file must be .toml, .yml or .yaml")
    except (tomllib.TOMLDecodeError, yaml.YAMLError, UnicodeDecodeError) as exc:
        raise InputError.single(name, f"mapping file cannot be parsed: {exc}") from exc
    if not isinstance(raw, dict):
        raise InputError.single(name, "mapping file must hold a table of sections")
    unknown = sorted(set(raw) - SECTIONS)
    if unknown:
        raise InputError.single(name, f"unknown section(s) {unknown}; allowed: {sorted(SECTIONS)}")
    raw = _extended(path, raw, seen=(path.resolve(),))
    read = raw.get("read", {})
    routing = {str(k): str(v) for k, v in raw.get("routing", {}).items()}
    problems = [
        Problem(name, message) for message in (check_rule(k, v) for k, v in routing.items()) if message
    ]
    if problems:
        raise InputError(problems)
    return Mapping(
        source=name,
        read=CsvOptions(read.get("encoding"), read.get("delimiter"), read.get("decimal")),
        infix=(path.parent / read["infix"]) if read.get("infix") else None,
        constants=dict(raw.get("constants", {})),
        routing=routing,
        allocate={value_key(k): str(v) for k, v in raw.get("allocate", {}).items()},
        columns={str(k): str(v) for k, v in raw.get("columns", {}).items()},
        combine={str(k): [str(c) for c in v] for k, v in raw.get("combine", {}).items()},
        missing={str(k): [value_key(x) for x in v] for k, v in raw.get("missing", {}).items()},
        recode={
            str(col): {value_key(k): v for k, v in table.items()}
            for col, table in raw.get("recode", {}).items()
        },
    )


def _extended(path: Path, raw: dict, seen: tuple[Path, ...]) -> dict:
    """``extends = "base.toml"``: the base mapping with this file's entries laid over it, section
    by section (a yearly mapping that differs from the base in one coding names only that)."""
    if "extends" not in raw:
        return raw
    base_path = (path.parent / str(raw["extends"])).resolve()
    if base_path in seen:
        raise InputError.single(str(path), f"mapping extends itself through {base_path.name}")
    if not base_path.is_file():
        raise InputError.single(str(path), f"extends '{raw['extends']}', which does not exist")
    base = load_mapping_raw(base_path)
    base = _extended(base_path, base, (*seen, base_path))
    merged = {k: dict(v) if isinstance(v, dict) else v for k, v in base.items()}
    for section, entries in raw.items():
        if section == "extends":
            continue
        merged[section] = {**merged.get(section, {}), **entries} if isinstance(entries, dict) else entries
    if "read" in merged and "infix" in merged["read"] and "infix" not in raw.get("read", {}):
        merged["read"]["infix"] = str(base_path.parent / merged["read"]["infix"])
    return merged


def load_mapping_raw(path: Path) -> dict:
    try:
        if path.suffix.lower() == ".toml":
            return tomllib.loads(path.read_text(encoding="utf-8"))
        return yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (tomllib.TOMLDecodeError, yaml.YAMLError, UnicodeDecodeError) as exc:
        raise InputError.single(str(path), f"mapping file cannot be parsed: {exc}") from exc


def _matching(table: dict[str, object], column: str) -> list[object]:
    return [rule for pattern, rule in table.items() if fnmatch.fnmatchcase(column, pattern)]


def apply_mapping(
    frame: pd.DataFrame, mapping: Mapping, contract_columns: list[str], file: str
) -> pd.DataFrame:
    """Rename, combine, set constants, blank missing codes, recode values and fill routed-out
    answers; the caller validates after. Codes may be named by their value label."""
    problems: list[Problem] = []
    known = set(contract_columns)
    for target in [*mapping.columns, *mapping.combine, *mapping.constants]:
        if target not in known:
            problems.append(Problem(mapping.source, f"'{target}' is not a column of the input contract"))
    for target, source in mapping.columns.items():
        if source not in frame.columns:
            problems.append(
                Problem(
                    file,
                    f"mapping {mapping.source} maps '{target}' to '{source}', which the file lacks",
                    column=source,
                    values=tuple(frame.columns[:10]),
                )
            )
    for target, sources in mapping.combine.items():
        for source in sources:
            if source not in frame.columns:
                problems.append(
                    Problem(
                        file,
                        f"mapping combines '{source}' into '{target}' but the file lacks it",
                        column=source,
                    )
                )
    if problems:
        raise InputError(problems)

    file_labels: dict[str, dict[str, str]] = frame.attrs.get("value_labels", {})
    frame = frame.copy(deep=False)
    frame.attrs = {}  # pandas deep-copies attrs on every operation: keep them off the frame
    out = frame.rename(columns={src: tgt for tgt, src in mapping.columns.items()})
    labels = {tgt: file_labels[src] for tgt, src in mapping.columns.items() if src in file_labels}
    labels.update({c: file_labels[c] for c in out.columns if c in file_labels and c not in labels})
    for target, sources in mapping.combine.items():
        parts = [[_code_or_none(v) for v in frame[source].tolist()] for source in sources]
        out[target] = [";".join(v for v in codes if v) or None for codes in zip(*parts, strict=True)]
    for target, value in mapping.constants.items():
        out[target] = value
    report: list[tuple[str, int]] = []
    for column in out.columns:
        by_label = {label.casefold(): code for code, label in labels.get(column, {}).items()}
        missing = {
            _by_label(code, by_label)
            for rule in _matching(mapping.missing, column)
            for code in rule  # type: ignore[union-attr]
        }
        recode: dict[str, object] = {}
        for rule in _matching(mapping.recode, column):
            recode.update({_by_label(k, by_label): v for k, v in rule.items()})  # type: ignore[union-attr]
        if missing or recode:
            before = out[column]
            # Work on the distinct values (a few per column), then look each cell up.
            key_of = {v: value_key(v) for v in pd.unique(before[before.notna()])}
            keys = before.map(key_of)
            blanked = keys.isin(missing)
            recoded = keys.isin(set(recode)) & ~blanked
            new_of = {v: _recode(v, missing, recode) for v in key_of}
            out[column] = _numeric_if_possible(before.map(new_of))
            if missing:
                report.append((f"missing {column}", int(blanked.sum())))
            if recode:
                report.append((f"recode {column}", int(recoded.sum())))
    if mapping.routing:
        out, counts, routing_problems = apply_routing(out, mapping.routing, mapping.source)
        if routing_problems:
            raise InputError(routing_problems)
        report += counts
    out.attrs = {"mapping_report": report}
    return out


def _numeric_if_possible(values: pd.Series) -> pd.Series:
    """Recoded codes (1, 0, NaN) as a float column, so validation takes its fast numeric path."""
    given = values[values.notna()]
    if values.dtype == object and all(
        isinstance(v, int | float | np.integer | np.floating) and not isinstance(v, bool) for v in given
    ):
        return values.astype("float64")
    return values


def _by_label(key: str, by_label: dict[str, str]) -> str:
    """A mapping key given as a value label ("Vet ikke") stands for the label's code."""
    return by_label.get(str(key).casefold(), key)


def _blank(value: object) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value))


def _code_or_none(value: object) -> str | None:
    if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)):
        return None
    text = str(value).strip()
    return text or None


def _recode(value: object, missing: set[str], recode: dict[str, object]) -> object:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return value
    key = value_key(value)
    if key in missing:
        return np.nan
    return recode.get(key, value)

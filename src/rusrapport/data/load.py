"""Load each input into its contract: read the file, apply the mapping, validate, return a frame.

These are the only entry points chapters and the build use, so every input passes the same
checks whichever way it arrives. A problem anywhere raises one :class:`InputError` listing
everything wrong with that file.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from rusrapport.data import ssb
from rusrapport.data.ages import parse_age
from rusrapport.data.cache import validated
from rusrapport.data.control import exclude_control_users, exclusion_on
from rusrapport.data.deaths import derive_death_fields
from rusrapport.data.delivery import input_files, is_delivery, read_delivery
from rusrapport.data.infix import parse_infix, read_fixed_width
from rusrapport.data.mapping import Mapping, apply_mapping, load_mapping
from rusrapport.data.readers import read_table
from rusrapport.data.routing import routed_problems
from rusrapport.data.rules import death_codes, survey_consistency
from rusrapport.data.schema import (
    DEATH_COLUMNS,
    DEATH_KEY,
    FIELDWORK_COLUMNS,
    FIELDWORK_KEY,
    POPULATION_COLUMNS,
    POPULATION_KEY,
    STANDARD_POPULATION_COLUMNS,
    STANDARD_POPULATION_KEY,
    SURVEY_COLUMNS,
    SURVEY_KEY,
    ColumnSpec,
)
from rusrapport.data.validate import require_years, rows_of, validate
from rusrapport.data.years import edition_years
from rusrapport.digest import file_digest
from rusrapport.errors import InputError, Problem, raise_if_any

PathLike = str | Path


def _read_mapped(
    path: PathLike, mapping: PathLike | Mapping | None, columns: tuple[ColumnSpec, ...]
) -> tuple[pd.DataFrame, str, Mapping]:
    spec = mapping if isinstance(mapping, Mapping) else load_mapping(mapping)
    if spec.infix is not None:
        frame = read_fixed_width(path, parse_infix(spec.infix), spec.read.encoding or "latin-1")
    else:
        frame = read_table(path, spec.read)
    return apply_mapping(frame, spec, [c.name for c in columns], str(path)), str(path), spec


def _cache_kind(kind: str, path: PathLike, mapping: PathLike | Mapping | None) -> str:
    """The validated-input cache keys on the data and mapping file; a delivery's yearly files,
    a base mapping or an infix script go into the key through the kind."""
    files = input_files(path, None if isinstance(mapping, Mapping) else mapping)
    if len(files) <= 1 + (mapping is not None and not isinstance(mapping, Mapping)):
        return kind
    digest = hashlib.sha256("|".join(file_digest(f) for f in files if f.is_file()).encode())
    return f"{kind}-{digest.hexdigest()[:16]}"


def _survey_file(path: PathLike, mapping: PathLike | Mapping | None, year: int | None) -> pd.DataFrame:
    frame, name, spec = _read_mapped(path, mapping, SURVEY_COLUMNS)
    report = frame.attrs.pop("mapping_report", [])
    if year is not None:
        frame["year"] = year
    typed = validate(frame, SURVEY_COLUMNS, SURVEY_KEY, name, rules=[survey_consistency])
    raise_if_any(routed_problems(typed, spec.routing, name))
    typed.attrs["mapping_report"] = [(name, rule, n) for rule, n in report]
    return typed


def _survey_delivery(path: PathLike) -> pd.DataFrame:
    """Each file of a delivery through its own mapping, stacked; all files' problems at once."""
    frames, problems = [], []
    for part in read_delivery(path):
        try:
            frames.append(_survey_file(part.path, part.mapping, part.year))
        except InputError as exc:
            problems.extend(exc.problems)
    raise_if_any(problems)
    typed = pd.concat(frames, ignore_index=True)
    twice = typed.duplicated(list(SURVEY_KEY), keep=False)
    if twice.any():
        keys = typed.loc[twice, list(SURVEY_KEY)].drop_duplicates().itertuples(index=False)
        raise InputError.single(
            str(path),
            "the same respondent and year come from more than one file of the delivery",
            column=", ".join(SURVEY_KEY),
            values=tuple(tuple(k) for k in keys)[:5],
        )
    typed.attrs["mapping_report"] = [line for f in frames for line in f.attrs["mapping_report"]]
    return typed


def load_survey(
    path: PathLike,
    mapping: PathLike | Mapping | None = None,
    years: Iterable[int] | None = None,
    exclude_control_drug: bool | None = None,
) -> pd.DataFrame:
    """Survey microdata, one row per respondent and year, in the contract's types.

    ``path`` is one file, or a delivery (``.toml``) of yearly files each with its mapping.
    Respondents who report the control drug are dropped unless ``exclude_control_drug`` is
    False (default: the build's setting, on); ``attrs["control_drug_excluded"]`` counts them."""

    def load() -> pd.DataFrame:
        if is_delivery(path):
            if mapping:
                raise InputError.single(str(path), "a delivery names each file's mapping; give no other")
            typed = _survey_delivery(path)
        else:
            typed = _survey_file(path, mapping, None)
        if "season" not in typed:
            typed["season"] = pd.Series(pd.NA, index=typed.index, dtype="str")
        return typed

    typed = validated(_cache_kind("survey", path, mapping), path, mapping, load)
    report = typed.attrs.get("mapping_report", [])
    excluded: dict[int, int] = {}
    if exclusion_on(exclude_control_drug):
        typed, excluded = exclude_control_users(typed)
    require_years(typed, years, str(path))
    typed = edition_years(typed, years, str(path))  # nothing after the edition year
    typed.attrs = {"mapping_report": report, "control_drug_excluded": excluded}
    return typed


def load_deaths(
    path: PathLike, mapping: PathLike | Mapping | None = None, years: Iterable[int] | None = None
) -> pd.DataFrame:
    """Death records, one row per death, codes normalised upper-case with dots kept as given.
    Dates of death and birth give year and age; municipality or county numbers of the year of
    death give the 2024 county."""

    def load() -> pd.DataFrame:
        frame, name, spec = _read_mapped(path, mapping, DEATH_COLUMNS)
        if "death_id" not in frame.columns:
            frame = frame.assign(death_id=[str(i + 1) for i in range(len(frame))])
        if "t_codes" not in frame.columns:
            frame = frame.assign(t_codes=None)
        report = frame.attrs.pop("mapping_report", [])
        frame = derive_death_fields(frame, spec.allocate, name)
        typed = validate(frame, DEATH_COLUMNS, DEATH_KEY, name, rules=[death_codes])
        typed["underlying_cause"] = typed["underlying_cause"].str.strip().str.upper()
        typed["t_codes"] = typed["t_codes"].str.upper()
        typed["autopsy"] = typed["autopsy"].astype(bool)
        typed.attrs["mapping_report"] = [(name, rule, n) for rule, n in report]
        return typed

    typed = validated(_cache_kind("deaths", path, mapping), path, mapping, load)
    require_years(typed, years, str(path))
    return typed


def _age_rule(frame: pd.DataFrame, file: str) -> list[Problem]:
    bad = frame["age"].map(parse_age).isna()
    if not bad.any():
        return []
    return [
        Problem(
            file,
            "age is not a single year ('37'), a band ('35-39') or an open band ('90+')",
            column="age",
            rows=rows_of(bad),
            values=tuple(frame.loc[bad, "age"].unique()[:5]),
            count=int(bad.sum()),
        )
    ]


def load_population(
    path: PathLike, mapping: PathLike | Mapping | None = None, years: Iterable[int] | None = None
) -> pd.DataFrame:
    """Population by year, county, sex and age: the contract's CSV/Parquet, or SSB's own exports."""
    path = Path(path)
    name = str(path)
    frame = None
    if mapping is None and path.exists() and path.stat().st_size > 0:
        frame = ssb.read_ssb_population(path)
    if frame is None:
        frame, name, _ = _read_mapped(path, mapping, POPULATION_COLUMNS)
    typed = validate(frame, POPULATION_COLUMNS, POPULATION_KEY, name, rules=[_age_rule])
    typed["persons"] = typed["persons"].astype("int64")
    require_years(typed, years, name)
    return typed


def load_standard_population(path: PathLike, mapping: PathLike | Mapping | None = None) -> pd.DataFrame:
    """The standard population (age band, persons) for direct age standardisation."""
    frame, name, _ = _read_mapped(path, mapping, STANDARD_POPULATION_COLUMNS)
    return validate(frame, STANDARD_POPULATION_COLUMNS, STANDARD_POPULATION_KEY, name, rules=[_age_rule])


def _fieldwork_rules(frame: pd.DataFrame, file: str) -> list[Problem]:
    problems = []
    checks = [
        (frame["web"] + frame["phone"] != frame["respondents"], "web", "web + phone must equal respondents"),
        (
            frame["respondents"] > frame["gross_sample"] - frame["ineligible"],
            "respondents",
            "more respondents than the net sample (gross sample minus ineligible)",
        ),
        (
            ~frame["age_range"].astype("str").str.fullmatch(r"\d{1,3} ?[-–] ?\d{1,3}"),
            "age_range",
            "not an age range such as 16-64",
        ),
        (
            pd.to_datetime(frame["fieldwork_start"], errors="coerce").isna(),
            "fieldwork_start",
            "not a date (YYYY-MM-DD)",
        ),
        (
            pd.to_datetime(frame["fieldwork_end"], errors="coerce").isna(),
            "fieldwork_end",
            "not a date (YYYY-MM-DD)",
        ),
    ]
    for bad, column, message in checks:
        if bad.any():
            problems.append(
                Problem(
                    file,
                    message,
                    column=column,
                    rows=rows_of(bad),
                    values=tuple(frame.loc[bad, column][:5]),
                    count=int(bad.sum()),
                )
            )
    return problems


def load_fieldwork(path: PathLike, years: Iterable[int] | None = None) -> pd.DataFrame:
    """Survey fieldwork per year: sample, response, modes and dates (the methods chapter's table)."""
    frame, name, _ = _read_mapped(path, None, FIELDWORK_COLUMNS)
    typed = validate(frame, FIELDWORK_COLUMNS, FIELDWORK_KEY, name, rules=[_fieldwork_rules])
    require_years(typed, years, name)
    return edition_years(typed, years, name)

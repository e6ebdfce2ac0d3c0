"""The input contract: every column of the three inputs, its type and allowed values.

This module is the single written definition of what the loaders accept. ``data/README.md``
shows the same tables (``contract_markdown`` renders them and a test keeps the two in step).
Codes are short English identifiers; Norwegian display labels live in ``rusrapport.labels``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Kind = Literal["int", "float", "str", "binary", "bool", "codes"]

SUBSTANCES = ("cannabis", "cocaine", "mdma", "amphetamines", "lsd", "ghb", "heroin", "other")
MEASURES = ("ever", "12m", "4w")
SEXES = ("male", "female")
EDUCATION = ("primary", "upper_secondary", "tertiary_short", "tertiary_long")
# SSB's seven regions (landsdeler) used in the survey's weighting.
REGIONS = (
    "oslo_akershus",
    "innlandet",
    "sor_ostlandet",
    "agder_rogaland",
    "vestlandet",
    "trondelag",
    "nord_norge",
)
MODES = ("cawi", "cati")
SEASONS = ("spring", "autumn")
CANNABIS_TIMES_12M = ("1-5", "6-10", "11-20", "21-49", "50+")
CANNABIS_DAYS_4W = ("1-3", "4-9", "10-19", "20+")

# The 15 counties from 1 January 2024, by SSB county number, in the report's table order.
COUNTIES: dict[str, str] = {
    "31": "Østfold",
    "32": "Akershus",
    "03": "Oslo",
    "33": "Buskerud",
    "34": "Innlandet",
    "39": "Vestfold",
    "40": "Telemark",
    "42": "Agder",
    "11": "Rogaland",
    "46": "Vestland",
    "15": "Møre og Romsdal",
    "50": "Trøndelag",
    "18": "Nordland",
    "55": "Troms",
    "56": "Finnmark",
}
COUNTY_NAMES = tuple(COUNTIES.values())

FIRST_SURVEY_YEAR = 2012
FIRST_DEATH_YEAR = 1990
LAST_YEAR = 2100


@dataclass(frozen=True)
class ColumnSpec:
    """One contract column. ``allowed`` lists codes; ``low``/``high`` bound numbers."""

    name: str
    kind: Kind
    description: str
    required: bool = True
    nullable: bool = False
    allowed: tuple[str, ...] | None = None
    low: float | None = None
    high: float | None = None
    integer: bool = False  # float columns whose values must be whole numbers
    low_exclusive: bool = False  # True: values must be strictly above ``low``


def measure_column(substance: str, measure: str) -> str:
    """Name of the 0/1 column for one substance and measure, e.g. ``cocaine_12m``."""
    return f"{substance}_{measure}"


def _substance_columns() -> list[ColumnSpec]:
    words = {"ever": "ever used", "12m": "used in the last 12 months", "4w": "used in the last 4 weeks"}
    return [
        ColumnSpec(
            measure_column(s, m),
            "binary",
            f"{s}: {words[m]} (1 yes, 0 no, empty when not asked or no answer)",
            nullable=True,
        )
        for s in SUBSTANCES
        for m in MEASURES
    ]


SURVEY_COLUMNS: tuple[ColumnSpec, ...] = (
    ColumnSpec("respondent_id", "str", "respondent identifier, unique within a year"),
    ColumnSpec("year", "int", "survey year", low=FIRST_SURVEY_YEAR, high=LAST_YEAR),
    ColumnSpec("sex", "codes", "sex", allowed=SEXES),
    ColumnSpec("age", "int", "age in whole years at interview", low=16, high=79),
    ColumnSpec("education", "codes", "highest completed education", nullable=True, allowed=EDUCATION),
    ColumnSpec("region", "codes", "region of residence (SSB landsdel)", allowed=REGIONS),
    ColumnSpec("weight", "float", "calibrated survey weight (> 0)", low=0.0, low_exclusive=True),
    ColumnSpec("mode", "codes", "interview mode: web (cawi) or telephone (cati)", allowed=MODES),
    ColumnSpec(
        "season",
        "codes",
        "fieldwork season (2023 was split between spring and autumn)",
        required=False,
        nullable=True,
        allowed=SEASONS,
    ),
    *_substance_columns(),
    ColumnSpec(
        "cannabis_times_12m",
        "codes",
        "times cannabis was used in the last 12 months, banded (users only)",
        nullable=True,
        allowed=CANNABIS_TIMES_12M,
    ),
    ColumnSpec(
        "cannabis_days_4w",
        "codes",
        "days cannabis was used in the last 4 weeks, banded (users only)",
        nullable=True,
        allowed=CANNABIS_DAYS_4W,
    ),
    ColumnSpec(
        "cannabis_debut_age",
        "float",
        "age at first cannabis use (ever-users only; not above age)",
        nullable=True,
        low=5,
        high=79,
        integer=True,
    ),
    *(
        ColumnSpec(
            f"control_drug_{m}",
            "binary",
            f"fictitious control drug (Relevin): {w}; users are excluded (report.toml)",
            required=False,
            nullable=True,
        )
        for m, w in (("ever", "ever used"), ("12m", "used in the last 12 months"))
    ),
)
SURVEY_KEY = ("respondent_id", "year")

DEATH_COLUMNS: tuple[ColumnSpec, ...] = (
    ColumnSpec("death_id", "str", "record identifier (optional; unique when given)", required=False),
    ColumnSpec("year", "int", "year of death", low=FIRST_DEATH_YEAR, high=LAST_YEAR),
    ColumnSpec("sex", "codes", "sex", allowed=SEXES),
    ColumnSpec("age", "int", "age at death in whole years", low=0, high=115),
    ColumnSpec("county", "codes", "county of residence (2024 borders)", allowed=COUNTY_NAMES),
    ColumnSpec("underlying_cause", "str", "ICD-10 underlying cause of death, e.g. X42.0 or F112"),
    ColumnSpec(
        "t_codes",
        "str",
        "ICD-10 codes on the certificate in order, main intoxicant first, separated by ';'",
        nullable=True,
    ),
    ColumnSpec("autopsy", "bool", "autopsy performed (yes/no)"),
    ColumnSpec(
        "date_of_death", "str", "date of death; gives year (and age with date_of_birth)", required=False
    ),
    ColumnSpec("date_of_birth", "str", "date of birth; gives age with date_of_death", required=False),
    ColumnSpec(
        "municipality",
        "str",
        "municipality number valid in the year of death (any year since 1994); gives county",
        required=False,
    ),
    ColumnSpec(
        "county_number",
        "str",
        "county number valid in the year of death (2012–2024 vintages); gives county",
        required=False,
    ),
)
DEATH_KEY = ("death_id",)

POPULATION_COLUMNS: tuple[ColumnSpec, ...] = (
    ColumnSpec("year", "int", "year (population on 1 January, or mean population)", low=1900, high=LAST_YEAR),
    ColumnSpec("county", "codes", "county (2024 borders)", allowed=COUNTY_NAMES),
    ColumnSpec("sex", "codes", "sex", allowed=SEXES),
    ColumnSpec("age", "str", "single year ('37') or band ('35-39', '90+')"),
    ColumnSpec("persons", "float", "number of persons (>= 0)", low=0, integer=True),
    ColumnSpec(
        "source",
        "codes",
        "'real' (published figure) or 'derived' (computed from published figures)",
        required=False,
        nullable=True,
        allowed=("real", "derived"),
    ),
)
POPULATION_KEY = ("year", "county", "sex", "age")

STANDARD_POPULATION_COLUMNS: tuple[ColumnSpec, ...] = (
    ColumnSpec("age", "str", "age band ('0-4', ..., '90+'), the bands used for standardisation"),
    ColumnSpec("persons", "float", "persons in the standard population (> 0)", low=0, low_exclusive=True),
    ColumnSpec(
        "source",
        "codes",
        "'real' or 'derived'",
        required=False,
        nullable=True,
        allowed=("real", "derived"),
    ),
)
STANDARD_POPULATION_KEY = ("age",)

FIELDWORK_COLUMNS: tuple[ColumnSpec, ...] = (
    ColumnSpec("year", "int", "survey year", low=FIRST_SURVEY_YEAR, high=LAST_YEAR),
    ColumnSpec("gross_sample", "int", "persons drawn from the population register", low=1),
    ColumnSpec("ineligible", "int", "drawn but outside the population (dead, emigrated)", low=0),
    ColumnSpec("respondents", "int", "persons who took part", low=1),
    ColumnSpec("noncontact", "int", "persons never reached", low=0),
    ColumnSpec("fieldwork_start", "str", "first day of fieldwork (YYYY-MM-DD)"),
    ColumnSpec("fieldwork_end", "str", "last day of fieldwork (YYYY-MM-DD)"),
    ColumnSpec("web", "int", "respondents who answered on the web (CAWI)", low=0),
    ColumnSpec("phone", "int", "respondents interviewed by telephone (CATI)", low=0),
    ColumnSpec("age_range", "str", "ages sampled, e.g. 16-79"),
    ColumnSpec(
        "source", "codes", "'real' or 'derived'", required=False, nullable=True, allowed=("real", "derived")
    ),
)
FIELDWORK_KEY = ("year",)

CONTRACTS: dict[str, tuple[tuple[ColumnSpec, ...], tuple[str, ...]]] = {
    "survey": (SURVEY_COLUMNS, SURVEY_KEY),
    "deaths": (DEATH_COLUMNS, DEATH_KEY),
    "population": (POPULATION_COLUMNS, POPULATION_KEY),
    "standard_population": (STANDARD_POPULATION_COLUMNS, STANDARD_POPULATION_KEY),
    "fieldwork": (FIELDWORK_COLUMNS, FIELDWORK_KEY),
}


def contract_markdown(name: str) -> str:
    """Render one contract as a Markdown table (the form used in data/README.md)."""
    columns, key = CONTRACTS[name]
    lines = [
        "| column | type | required | empty allowed | allowed values / range | meaning |",
        "|---|---|---|---|---|---|",
    ]
    for c in columns:
        if c.allowed:
            rule = ", ".join(f"`{a}`" for a in c.allowed)
        elif c.kind == "binary":
            rule = "`0`, `1`"
        elif c.kind == "bool":
            rule = "yes/no (also ja/nei, true/false, 1/0)"
        elif c.low is not None and c.high is None:
            rule = f"{'>' if c.low_exclusive else '≥'} {c.low:g}"
        elif c.low is not None or c.high is not None:
            rule = f"{c.low:g} – {c.high:g}"
        else:
            rule = ""
        lines.append(
            f"| `{c.name}` | {c.kind} | {'yes' if c.required else 'no'} | "
            f"{'yes' if c.nullable else 'no'} | {rule} | {c.description} |"
        )
    lines.append("")
    lines.append(f"Unique key: {', '.join(f'`{k}`' for k in key)}.")
    return "\n".join(lines)


def update_readme(path: str) -> None:
    """Rewrite the contract tables between the ``<!-- contract:NAME -->`` markers of a README."""
    from pathlib import Path

    readme = Path(path)
    text = readme.read_text(encoding="utf-8")
    for name in CONTRACTS:
        start, end = f"<!-- contract:{name} -->\n", f"\n<!-- /contract:{name} -->"
        if start in text:
            head, rest = text.split(start, 1)
            text = head + start + contract_markdown(name) + end + rest.split(end, 1)[1]
    readme.write_text(text, encoding="utf-8")


if __name__ == "__main__":  # python -m rusrapport.data.schema data/README.md
    import sys

    update_readme(sys.argv[1])

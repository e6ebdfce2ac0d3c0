"""Rules that span columns: answers that contradict each other, malformed ICD-10 codes.

Each rule takes the typed frame and the file name and yields problems; ``validate`` runs them
only after every column passed its own checks, so the rules can trust the types.
"""

from __future__ import annotations

from collections.abc import Iterator

import pandas as pd

from rusrapport.data.schema import SUBSTANCES, measure_column
from rusrapport.data.validate import masked_problem as _problem
from rusrapport.errors import Problem
from rusrapport.stats.icd10 import is_well_formed, split_codes


def survey_consistency(frame: pd.DataFrame, file: str) -> Iterator[Problem]:
    """Last 4 weeks implies last 12 months implies ever; follow-ups only for users."""
    for s in SUBSTANCES:
        ever, m12, w4 = (frame[measure_column(s, m)] for m in ("ever", "12m", "4w"))
        for narrow, broad, nname, bname in (
            (w4, m12, "4w", "12m"),
            (m12, ever, "12m", "ever"),
            (w4, ever, "4w", "ever"),
        ):
            bad = (narrow == 1) & (broad == 0)
            if bad.any():
                yield _problem(
                    file,
                    bad,
                    measure_column(s, bname),
                    f"inconsistent answers: {s}_{nname} = 1 but {s}_{bname} = 0",
                    broad,
                )
    debut, age = frame["cannabis_debut_age"], frame["age"]
    bad = debut > age
    if bad.any():
        yield _problem(
            file, bad, "cannabis_debut_age", "age at first use is above the respondent's age", debut
        )
    bad = debut.notna() & (frame["cannabis_ever"] == 0)
    if bad.any():
        yield _problem(file, bad, "cannabis_debut_age", "age at first use given but cannabis_ever = 0", debut)
    for column, gate in (("cannabis_times_12m", "cannabis_12m"), ("cannabis_days_4w", "cannabis_4w")):
        bad = frame[column].notna() & (frame[gate] == 0)
        if bad.any():
            yield _problem(file, bad, column, f"frequency given but {gate} = 0", frame[column])


def death_codes(frame: pd.DataFrame, file: str) -> Iterator[Problem]:
    """Underlying cause and each certificate code must be well-formed ICD-10 codes."""
    cause = frame["underlying_cause"]
    bad = ~cause.map(is_well_formed)
    if bad.any():
        yield _problem(
            file, bad, "underlying_cause", "malformed ICD-10 code (expected e.g. X42.0, F11.2)", cause
        )
    codes = frame["t_codes"].map(lambda v: split_codes(v) if isinstance(v, str) else [])
    bad = codes.map(lambda cs: any(not is_well_formed(c) for c in cs))
    if bad.any():
        yield _problem(
            file,
            bad,
            "t_codes",
            "malformed ICD-10 code in the certificate codes (expected e.g. T40.1)",
            frame["t_codes"],
        )

"""The control drug: the survey asks about a drug that does not exist ("Relevin", ``Ans2_d``).

Respondents who say they have used it are not answering truthfully or attentively, and
analysts exclude them from every estimate. The exclusion is on by default whenever the column is
mapped (``[data] exclude_control_drug = false`` in report.toml turns it off; the build passes
the setting to the chapters as ``RUSRAPPORT_EXCLUDE_CONTROL_DRUG``); the counts per year are
kept in ``frame.attrs["control_drug_excluded"]`` for the methods chapter.
"""

from __future__ import annotations

import os

import pandas as pd

COLUMNS = ("control_drug_ever", "control_drug_12m")
SETTING = "RUSRAPPORT_EXCLUDE_CONTROL_DRUG"


def exclusion_on(explicit: bool | None = None) -> bool:
    """The caller's choice, else the build's setting, else on."""
    if explicit is not None:
        return explicit
    return os.environ.get(SETTING, "1").strip().lower() not in ("0", "false", "no", "off")


def control_users(frame: pd.DataFrame) -> pd.Series:
    """True for respondents who say they used the control drug (ever or in the last 12 months)."""
    users = pd.Series(False, index=frame.index)
    for column in COLUMNS:
        if column in frame:
            users |= frame[column].eq(1)
    return users


def exclude_control_users(frame: pd.DataFrame) -> tuple[pd.DataFrame, dict[int, int]]:
    """The frame without control-drug users, and how many were dropped per survey year
    (every year with the column mapped appears, with 0 when nobody was dropped)."""
    present = [c for c in COLUMNS if c in frame]
    if not present:
        return frame, {}
    users = control_users(frame)
    asked = frame[present].notna().any(axis=1)
    years = sorted(frame.loc[asked, "year"].unique().tolist())
    counts = frame.loc[users, "year"].value_counts()
    excluded = {int(y): int(counts.get(y, 0)) for y in years}
    return frame.loc[~users].reset_index(drop=True), excluded

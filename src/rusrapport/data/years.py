"""Only the years an edition covers: later survey rows are left out, impossible ones refused.

Rebuilding an earlier edition (``--year 2024``) from a file that already holds the next survey
must give that edition's report, so rows after the edition year are dropped before any number
is computed (and the build says how many). A survey year after the current calendar year cannot
have happened: such rows are a data error, not a later edition, and stop the build.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import pandas as pd

from rusrapport.data.validate import masked_problem
from rusrapport.errors import InputError


def later_rows(frame: pd.DataFrame, years: Iterable[int] | None) -> pd.Series:
    """Rows after the last year the edition needs (none when no years are named)."""
    if years is None or not len(frame):
        return pd.Series(False, index=frame.index)
    return frame["year"] > max(years)


def edition_years(
    frame: pd.DataFrame, years: Iterable[int] | None, file: str, today: date | None = None
) -> pd.DataFrame:
    """``frame`` without rows after the edition's last year; InputError for years in the future."""
    if years is None:
        return frame
    years = list(years)
    future = frame["year"] > (today or date.today()).year
    if future.any():
        message = "survey year after the current year: the file cannot hold answers from then"
        raise InputError([masked_problem(file, future, "year", message, frame["year"])])
    later = later_rows(frame, years)
    return frame.loc[~later] if later.any() else frame

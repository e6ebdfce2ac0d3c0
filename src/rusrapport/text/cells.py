"""Text cells that a spreadsheet cannot mistake for formulas (CSV/formula injection).

A text cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is run as a
formula when a CSV is opened in Excel or LibreOffice; the usual guidance (OWASP, "CSV
Injection") is to prefix such cells with an apostrophe, which spreadsheets show as text. Only
text columns are touched: numbers (negative ones included) stay numbers.
"""

from __future__ import annotations

import pandas as pd

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def as_text(value: object) -> object:
    """``value`` with an apostrophe in front when it is text a spreadsheet would run."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def formula_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with every text cell safe to open in a spreadsheet (the same frame if none needed it)."""
    text = [c for c in frame.columns if not pd.api.types.is_numeric_dtype(frame[c])]
    risky = [c for c in text if frame[c].map(lambda v: as_text(v) is not v).any()]
    if not risky:
        return frame
    return frame.assign(**{c: frame[c].map(as_text) for c in risky})

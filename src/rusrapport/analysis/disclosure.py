"""Small-count disclosure: no published category rests on fewer than a set number of respondents.

A distribution such as age at first cannabis use has thin tails; a category answered by one or
two respondents says something about those persons rather than about the population. Such
categories are left out of the published data and figure (suppressed), and the figure says so.
The threshold is ``[publication] min_category_count`` in ``report.toml``.
"""

from __future__ import annotations

import pandas as pd


def suppress_small_categories(frame: pd.DataFrame, min_count: int, count: str = "n") -> pd.DataFrame:
    """``frame`` without the rows whose ``count`` (unweighted respondents) is below ``min_count``."""
    if min_count < 1:
        raise ValueError(f"min_count must be at least 1, not {min_count}")
    return frame.loc[frame[count] >= min_count].reset_index(drop=True)


def suppression_note(kept: pd.DataFrame, full: pd.DataFrame, min_count: int) -> list[str]:
    """The figure note when categories were left out (none when all are shown)."""
    left_out = len(full) - len(kept)
    if not left_out:
        return []
    return [f"Kategorier med færre enn {min_count} svar er ikke vist ({left_out} kategorier)."]

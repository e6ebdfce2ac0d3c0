"""Age labels ('37', '35-39', '90+') and grouping single years into the standard's bands."""

from __future__ import annotations

import re
from collections.abc import Sequence

import pandas as pd

OPEN_END = 200  # upper bound used for an open band such as '90+'
_LABEL = re.compile(r"^(\d+)(?:-(\d+)|(\+))?$")


def parse_age(label: str) -> tuple[int, int] | None:
    """'37' -> (37, 37); '35-39' -> (35, 39); '90+' -> (90, OPEN_END); anything else -> None."""
    match = _LABEL.match(str(label).strip())
    if not match:
        return None
    low = int(match.group(1))
    if match.group(2):
        high = int(match.group(2))
        return (low, high) if high >= low else None
    return (low, OPEN_END) if match.group(3) else (low, low)


def band_of(age: int, bands: Sequence[str]) -> str | None:
    """The label in ``bands`` that contains ``age``."""
    for label in bands:
        low, high = parse_age(label)  # type: ignore[misc]
        if low <= age <= high:
            return label
    return None


def to_bands(frame: pd.DataFrame, bands: Sequence[str], value: str = "persons") -> pd.DataFrame:
    """Sum a frame with an ``age`` label column into ``bands``; every row must fit one band."""
    spans = frame["age"].map(parse_age)
    target = []
    for span in spans:
        inside = [b for b in bands if parse_age(b)[0] <= span[0] and span[1] <= parse_age(b)[1]]  # type: ignore[index]
        target.append(inside[0] if inside else None)
    out = frame.assign(age=target)
    if out["age"].isna().any():
        odd = sorted(frame.loc[out["age"].isna(), "age"].unique())
        raise ValueError(f"age labels {odd} do not fit inside the bands {list(bands)}")
    keys = [c for c in frame.columns if c not in ("age", value, "source")]
    return out.groupby([*keys, "age"], sort=False, as_index=False)[value].sum()

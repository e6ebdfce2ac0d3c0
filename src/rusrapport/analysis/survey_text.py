"""Sentences about survey results whose wording follows the numbers (cannabis and stimulants)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from rusrapport.text.numbers import format_number


def p_value_text(p: float) -> str:
    """'p < 0,01', 'p < 0,05' or 'p = 0,27' — how statistics offices quote a p-value."""
    if p < 0.001:
        return "p < 0,001"
    if p < 0.01:
        return "p < 0,01"
    if p < 0.05:
        return "p < 0,05"
    return f"p = {format_number(p, 2)}"


def trend_sentence(odds_ratio: float, p: float, what: str, first: int, last: int) -> str:
    if p < 0.05:
        direction = "økning" if odds_ratio > 1 else "nedgang"
        return (f"Det er en liten, men statistisk signifikant {direction} i {what} gjennom perioden {first}–{last} "
                f"({p_value_text(p)}, justert for alder og kjønn).")  # fmt: skip
    return (f"Det er ingen statistisk signifikant endring i {what} gjennom perioden {first}–{last} "
            f"({p_value_text(p)}, justert for alder og kjønn).")  # fmt: skip


def gap_exception(men: pd.Series, women: pd.Series, *, threshold: float = 0.5) -> list[int]:
    """Years whose men–women gap is less than ``threshold`` of the usual (median) gap."""
    gap = (men - women).dropna()
    usual = float(np.median(gap))
    if usual <= 0:
        return []
    return [int(y) for y, g in gap.items() if g < threshold * usual]


def gap_sentence(men: pd.Series, women: pd.Series, what: str) -> str:
    exceptions = gap_exception(men, women)
    if not exceptions:
        return f"Forskjellen mellom menn og kvinner i {what} har vært relativt stabil gjennom hele perioden."
    years = " og ".join(str(y) for y in exceptions)
    return f"Forskjellen mellom menn og kvinner i {what} har vært relativt stabil over tid, med unntak av {years}, da den var mindre."


def first_time_women_above(table: pd.DataFrame, year: int) -> list[str]:
    """Age groups where women report more than men in ``year`` and never did before in the data."""
    groups = []
    for group, part in table.groupby("age_group", sort=False):
        wide = part.pivot_table(index="year", columns="sex", values="value")
        above = wide["kvinner"] > wide["menn"]
        if year in above.index and above[year] and not above[above.index < year].any():
            groups.append(str(group))
    return groups


RISE_MARGIN = 0.3  # percentage points above every earlier year that mark the start of a rise


def rise_start(series: pd.Series, margin: float = RISE_MARGIN) -> int | None:
    """First year that clearly leaves the earlier level (more than ``margin`` above every earlier
    year) and from which the series keeps rising to its peak; None when there is no such rise."""
    values = series.sort_index()
    years = [int(y) for y in values.index]
    peak = years.index(int(values.idxmax()))
    for k in range(1, peak + 1):
        leaves = values.iloc[k] - values.iloc[:k].max() > margin
        rising = all(values.iloc[j + 1] >= values.iloc[j] for j in range(k, peak))
        if leaves and rising:
            return years[k]
    return None


def cocaine_sentence(series: pd.Series, year: int) -> str:
    """Peak, the latest change, the stable period and when the rise began — all from the series."""
    from rusrapport.text.phrases import approx_percent

    values = series.sort_index()
    peak = int(values.idxmax())
    now = float(values[year])
    parts = []
    if peak == year:
        parts.append(f"Andelen var i {year} den høyeste i perioden ({approx_percent(now)}).")
    else:
        change = "en liten nedgang" if now < values[year - 1] else "en økning"
        parts.append(
            f"Det var {change} fra {year - 1}, da andelen nådde toppen for perioden med {approx_percent(values[peak])}."
        )
    start = rise_start(values)
    if start is not None and start > int(values.index.min()):
        before = values[values.index < start]
        low, high = int(np.floor(before.min())), int(np.ceil(before.max()))
        band = f"{low}–{high}\u00a0%" if high > low else f"{low}\u00a0%"
        parts.append(
            f"Bruken økte gradvis fra rundt {start}, etter å ha ligget stabilt på omtrent {band} i årene før."
        )
    return " ".join(parts)

"""When may a survey proportion be published? The NCHS data presentation standards.

Parker JD, Talih M, Malec DJ, et al. *National Center for Health Statistics Data Presentation
Standards for Proportions.* Vital Health Stat 2(175), 2017. In order:

1. effective sample size below 30 → suppress;
2. absolute confidence-interval width ≤ 0.05 → present;
3. absolute width ≥ 0.30 → suppress;
4. relative width (width / p) above 130 % → suppress;
5. complementary relative width (width / (1 − p)) above 130 % → footnote (statistical review);
6. design degrees of freedom below 8 → footnote.

A suppressed estimate is neither plotted as a number nor quoted in text; a footnoted one is
shown with a note. The thresholds are named settings so a publisher can state them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np

Reliability = Literal["present", "suppress", "footnote"]


@dataclass(frozen=True)
class ReliabilityRules:
    """The thresholds of the NCHS standard (defaults) — change them here, not in chapters."""

    min_effective_n: float = 30.0
    max_width_always_present: float = 0.05
    min_width_suppress: float = 0.30
    max_relative_width: float = 1.30
    max_complementary_relative_width: float = 1.30
    min_df: float = 8.0


NCHS_RULES = ReliabilityRules()

REASONS: dict[str, str] = {
    "suppress": "for usikkert til å vises (for få svar eller for bredt konfidensintervall)",
    "footnote": "usikkert anslag; tolkes med forsiktighet",
}


def effective_sample_size(p: float, se: float, n: int) -> float:
    """NCHS effective sample size p(1−p)/se², capped at n; n itself when p is 0 or 1 or se is 0."""
    if n <= 0:
        return 0.0
    if not (0.0 < p < 1.0) or se <= 0 or not np.isfinite(se):
        return float(n)
    return float(min(n, p * (1.0 - p) / se**2))


def reliability(
    p: float,
    se: float,
    n: int,
    lower: float,
    upper: float,
    *,
    df: float | None = None,
    rules: ReliabilityRules = NCHS_RULES,
) -> Reliability:
    """Classify one estimate as ``present``, ``suppress`` or ``footnote`` (see module docstring)."""
    if n <= 0 or not np.isfinite(p) or not np.isfinite(lower) or not np.isfinite(upper):
        return "suppress"
    if effective_sample_size(p, se, n) < rules.min_effective_n:
        return "suppress"
    width = upper - lower
    review = df is not None and df < rules.min_df
    if width <= rules.max_width_always_present:
        return "footnote" if review else "present"
    if width >= rules.min_width_suppress:
        return "suppress"
    if p <= 0.0 or width / p > rules.max_relative_width:
        return "suppress"
    if p >= 1.0 or width / (1.0 - p) > rules.max_complementary_relative_width:
        return "footnote"
    return "footnote" if review else "present"

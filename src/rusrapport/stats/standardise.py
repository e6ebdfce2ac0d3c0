"""Crude and directly age-standardised rates with confidence intervals.

Direct standardisation weights each age band's rate dᵢ/nᵢ by the standard population's share
wᵢ = Sᵢ/ΣS. Intervals:

* ``gamma`` — Fay MP, Feuer EJ. Confidence intervals for directly standardized rates: a method
  based on the gamma distribution. *Stat Med* 1997;16:791–801. Conservative even with empty
  bands; the default, as FHI and most statistics offices use.
* ``dobson`` — Dobson AJ, Kuulasmaa K, Eberle E, Scherer J. Confidence intervals for weighted
  sums of Poisson parameters. *Stat Med* 1991;10:457–462, with exact Poisson limits for the
  total count.

Following PHE/OHID practice, rates on fewer than :data:`MIN_EVENTS` events carry a flag.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
from scipy import stats as sps

RateMethod = Literal["gamma", "dobson"]
MIN_EVENTS = 10


@dataclass(frozen=True)
class Rate:
    """A rate per ``per`` persons with its interval; ``flag`` is set when it rests on few events."""

    rate: float
    lower: float
    upper: float
    events: int
    method: str
    per: float
    confidence: float
    flag: str | None


def _flag(events: float) -> str | None:
    return f"under {MIN_EVENTS} dødsfall" if events < MIN_EVENTS else None


def exact_poisson_limits(count: float, confidence: float = 0.95) -> tuple[float, float]:
    """Garwood's exact limits for a Poisson count (chi-square form)."""
    alpha = 1 - confidence
    lower = 0.0 if count <= 0 else sps.chi2.ppf(alpha / 2, 2 * count) / 2
    upper = sps.chi2.ppf(1 - alpha / 2, 2 * count + 2) / 2
    return float(lower), float(upper)


def crude_rate(events: float, population: float, *, per: float = 100_000, confidence: float = 0.95) -> Rate:
    """Events per ``per`` persons with exact Poisson limits."""
    if population <= 0:
        raise ValueError("population must be positive")
    lo, hi = exact_poisson_limits(events, confidence)
    return Rate(
        events / population * per,
        lo / population * per,
        hi / population * per,
        int(events),
        "exact poisson",
        per,
        confidence,
        _flag(events),
    )


def age_standardised_rate(
    events: Sequence[float] | np.ndarray,
    population: Sequence[float] | np.ndarray,
    standard: Sequence[float] | np.ndarray,
    *,
    method: RateMethod = "gamma",
    per: float = 100_000,
    confidence: float = 0.95,
) -> Rate:
    """Directly standardised rate from events and population per age band and a standard."""
    d = np.asarray(events, dtype=float)
    n = np.asarray(population, dtype=float)
    s = np.asarray(standard, dtype=float)
    if not (d.shape == n.shape == s.shape) or d.ndim != 1:
        raise ValueError("events, population and standard must be 1-D and of the same length")
    if np.any(n <= 0):
        raise ValueError("every age band needs a positive population")
    if np.any(d < 0) or np.any(s < 0) or s.sum() <= 0:
        raise ValueError("events and standard must be non-negative, the standard not all zero")
    w = s / s.sum()
    rate = float(np.sum(w * d / n))
    var = float(np.sum(w**2 * d / n**2))
    total = float(d.sum())
    alpha = 1 - confidence
    if method == "gamma":
        w_max = float(np.max(w / n))
        lower = 0.0 if rate == 0 else var / (2 * rate) * sps.chi2.ppf(alpha / 2, 2 * rate**2 / var)
        upper = (
            (var + w_max**2)
            / (2 * (rate + w_max))
            * sps.chi2.ppf(1 - alpha / 2, 2 * (rate + w_max) ** 2 / (var + w_max**2))
        )
    elif method == "dobson":
        if total == 0:  # the Dobson interval is undefined without events
            lower, upper = 0.0, np.nan
        else:
            d_lo, d_hi = exact_poisson_limits(total, confidence)
            scale = np.sqrt(var / total)
            lower, upper = rate + scale * (d_lo - total), rate + scale * (d_hi - total)
    else:
        raise ValueError(f"unknown method {method!r}; use 'gamma' or 'dobson'")
    return Rate(
        rate * per, float(lower) * per, float(upper) * per, int(total), method, per, confidence, _flag(total)
    )

"""Weighted survey proportions with design-based standard errors and confidence intervals.

The standard error is the Taylor-linearisation (with-replacement) estimate for a design with
weights only — each respondent its own sampling unit — including the n/(n−1) factor, exactly
as R's ``survey::svymean`` computes it for ``svydesign(ids = ~1, weights = ~w)``. Intervals:

* ``logit`` — symmetric on the logit scale (``survey::svyciprop(method = "logit")``); good for
  small proportions because the bounds stay inside (0, 1).
* ``korn-graubard`` — Clopper–Pearson on the effective sample size with the degrees-of-freedom
  adjustment of Korn and Graubard (1998), as in the NCHS data presentation standards for
  proportions (Parker et al. 2017, Vital Health Stat 2(175)).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd
from scipy import stats as sps

from rusrapport.stats.nchs import Reliability, effective_sample_size, reliability

IntervalMethod = Literal["logit", "korn-graubard"]


@dataclass(frozen=True)
class Proportion:
    """One weighted proportion (0–1 scale) with its interval and publication flag.

    ``n`` counts respondents who answered; ``n_effective`` is Kish's (Σw)²/Σw². The reliability
    rule and the Korn–Graubard interval use the design-based effective size p(1−p)/se² instead,
    as the NCHS standard prescribes.
    """

    estimate: float
    se: float
    lower: float
    upper: float
    n: int
    n_effective: float
    reliability: Reliability
    method: IntervalMethod
    confidence: float = 0.95


def proportion_interval(
    p: float,
    se: float,
    n: int,
    *,
    df: float | None = None,
    method: IntervalMethod = "logit",
    confidence: float = 0.95,
) -> tuple[float, float]:
    """Confidence interval for a proportion ``p`` with standard error ``se`` from ``n`` respondents.

    ``df`` is the design's degrees of freedom; None means a normal reference distribution
    (logit) and no degrees-of-freedom adjustment (Korn–Graubard).
    """
    if n < 1 or not np.isfinite(p):
        return (np.nan, np.nan)
    alpha = 1.0 - confidence
    if method == "korn-graubard" or p <= 0.0 or p >= 1.0 or se <= 0.0:
        return _korn_graubard(p, se, n, df, alpha)
    if method != "logit":
        raise ValueError(f"unknown interval method {method!r}; use 'logit' or 'korn-graubard'")
    quantile = sps.t.ppf(1 - alpha / 2, df) if df is not None else sps.norm.ppf(1 - alpha / 2)
    centre = np.log(p / (1 - p))
    half = quantile * se / (p * (1 - p))
    return (float(_expit(centre - half)), float(_expit(centre + half)))


def _expit(x: float) -> float:
    return 1.0 / (1.0 + np.exp(-x))


def _korn_graubard(p: float, se: float, n: int, df: float | None, alpha: float) -> tuple[float, float]:
    n_eff = effective_sample_size(p, se, n)
    if df is not None and n > 1 and df > 0:
        n_eff *= (sps.t.ppf(1 - alpha / 2, n - 1) / sps.t.ppf(1 - alpha / 2, df)) ** 2
    x = p * n_eff
    lower = 0.0 if x <= 0 else sps.beta.ppf(alpha / 2, x, n_eff - x + 1)
    upper = 1.0 if x >= n_eff else sps.beta.ppf(1 - alpha / 2, x + 1, n_eff - x)
    return (float(lower), float(upper))


def weighted_proportion(
    y: Sequence[float] | np.ndarray | pd.Series,
    weights: Sequence[float] | np.ndarray | pd.Series,
    *,
    method: IntervalMethod = "logit",
    confidence: float = 0.95,
) -> Proportion:
    """Weighted share of 1s in ``y`` (0/1; NaN = not asked or no answer, dropped).

    The interval uses the design's degrees of freedom, n − 1, as ``svyciprop`` does.
    """
    y_arr = np.asarray(y, dtype="float64")
    w_arr = np.asarray(weights, dtype="float64")
    if y_arr.shape != w_arr.shape:
        raise ValueError("y and weights must have the same length")
    keep = ~np.isnan(y_arr)
    y_arr, w_arr = y_arr[keep], w_arr[keep]
    n = int(y_arr.size)
    if n == 0:
        return Proportion(np.nan, np.nan, np.nan, np.nan, 0, 0.0, "suppress", method, confidence)
    if np.any(~np.isin(y_arr, (0.0, 1.0))):
        raise ValueError("y must hold only 0, 1 or NaN")
    if np.any(w_arr <= 0) or not np.all(np.isfinite(w_arr)):
        raise ValueError("weights must be positive and finite")
    total = w_arr.sum()
    p = float(np.dot(w_arr, y_arr) / total)
    se = _linearised_se(y_arr, w_arr, p)
    df = n - 1 if n > 1 else None
    lower, upper = proportion_interval(p, se, n, df=df, method=method, confidence=confidence)
    flag = reliability(p, se, n, lower, upper, df=df)
    return Proportion(p, se, lower, upper, n, kish_effective_n(w_arr), flag, method, confidence)


def _linearised_se(y: np.ndarray, w: np.ndarray, p: float) -> float:
    n = y.size
    if n < 2:
        return 0.0
    z = w * (y - p) / w.sum()
    return float(np.sqrt(n / (n - 1) * np.sum((z - z.mean()) ** 2)))


def kish_effective_n(weights: Sequence[float] | np.ndarray) -> float:
    """Kish's effective sample size (Σw)² / Σw², the loss of precision from unequal weights."""
    w = np.asarray(weights, dtype="float64")
    return float(w.sum() ** 2 / np.sum(w**2)) if w.size else 0.0


def proportion_table(
    frame: pd.DataFrame,
    outcomes: str | Sequence[str],
    by: Sequence[str] = (),
    *,
    weight: str = "weight",
    method: IntervalMethod = "logit",
    confidence: float = 0.95,
    percent: bool = True,
) -> pd.DataFrame:
    """Tidy table of weighted proportions: one row per group and outcome.

    Columns: the ``by`` columns, ``outcome``, ``value``, ``lower``, ``upper``, ``se``, ``n``,
    ``n_effective``, ``flag``. Values are percent when ``percent`` (the figure-file convention).
    """
    outcomes = [outcomes] if isinstance(outcomes, str) else list(outcomes)
    scale = 100.0 if percent else 1.0
    rows = []
    groups = frame.groupby(list(by), sort=True, observed=True) if by else [((), frame)]
    for key, group in groups:
        key = key if isinstance(key, tuple) else (key,)
        for outcome in outcomes:
            est = weighted_proportion(group[outcome], group[weight], method=method, confidence=confidence)
            rows.append(
                {
                    **dict(zip(by, key, strict=True)),
                    "outcome": outcome,
                    "value": est.estimate * scale,
                    "lower": est.lower * scale,
                    "upper": est.upper * scale,
                    "se": est.se * scale,
                    "n": est.n,
                    "n_effective": est.n_effective,
                    "flag": est.reliability,
                }
            )
    return pd.DataFrame(rows)

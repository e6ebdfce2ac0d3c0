"""Trend tests: survey prevalence over years, and annual counts or rates.

* :func:`survey_trend_test` — survey-weighted logistic regression of use on year (continuous),
  adjusted for age group and sex, with the sandwich (linearisation) covariance that
  ``survey::svyglm`` uses for a weights-only design: (X'WX)⁻¹ [n/(n−1) Σ uᵢuᵢ'] (X'WX)⁻¹ with
  uᵢ = wᵢxᵢ(yᵢ − μᵢ); tests use a t reference with n − k degrees of freedom, as svyglm does.
* :func:`count_trend` — ordinary least squares line through annual values (what the report
  draws), plus a Poisson log-linear model (negative binomial when over-dispersed) whose slope
  gives the annual percentage change as a check.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd
import statsmodels.api as sm
from scipy import stats as sps

OVERDISPERSION_LIMIT = 1.5  # Pearson χ²/df above this → negative binomial instead of Poisson


@dataclass(frozen=True)
class SurveyTrend:
    """Odds ratio per year of a survey outcome, adjusted for the listed covariates."""

    odds_ratio: float
    lower: float
    upper: float
    p_value: float
    n: int
    first_year: int
    last_year: int
    adjusted_for: tuple[str, ...]


def _design_matrix(
    frame: pd.DataFrame, year: str, adjust: Sequence[str]
) -> tuple[pd.DataFrame, tuple[str, ...]]:
    parts = [pd.Series(1.0, index=frame.index, name="const"), frame[year].astype(float).rename("year")]
    used = []
    for column in adjust:
        dummies = pd.get_dummies(frame[column].astype(str), prefix=column, drop_first=True, dtype=float)
        if dummies.shape[1]:  # a covariate constant in this subgroup (e.g. sex among men) drops out
            parts.append(dummies)
            used.append(column)
    return pd.concat(parts, axis=1), tuple(used)


def survey_trend_test(
    frame: pd.DataFrame,
    outcome: str,
    *,
    year: str = "year",
    weight: str = "weight",
    adjust: Sequence[str] = ("age_group", "sex"),
    confidence: float = 0.95,
) -> SurveyTrend:
    """Odds ratio per year for ``outcome`` (0/1; NaN rows dropped) with robust intervals."""
    data = frame.dropna(subset=[outcome, weight, year, *adjust])
    X, used = _design_matrix(data, year, adjust)
    y = data[outcome].to_numpy(float)
    w = data[weight].to_numpy(float)
    n, k = X.shape
    if n <= k or y.min() == y.max():
        raise ValueError(f"cannot fit a trend for {outcome!r}: {n} answers, outcome constant or too few rows")
    fit = sm.GLM(y, X.to_numpy(), family=sm.families.Binomial(), var_weights=w).fit()
    beta = fit.params
    mu = fit.fittedvalues
    Xa = X.to_numpy()
    bread = np.linalg.inv(Xa.T @ (Xa * (w * mu * (1 - mu))[:, None]))
    scores = Xa * (w * (y - mu))[:, None]
    meat = n / (n - 1) * (scores - scores.mean(axis=0)).T @ (scores - scores.mean(axis=0))
    cov = bread @ meat @ bread
    se = float(np.sqrt(cov[1, 1]))
    dof = n - k
    t_value = beta[1] / se
    quantile = sps.t.ppf(1 - (1 - confidence) / 2, dof)
    return SurveyTrend(
        odds_ratio=float(np.exp(beta[1])),
        lower=float(np.exp(beta[1] - quantile * se)),
        upper=float(np.exp(beta[1] + quantile * se)),
        p_value=float(2 * sps.t.sf(abs(t_value), dof)),
        n=int(n),
        first_year=int(data[year].min()),
        last_year=int(data[year].max()),
        adjusted_for=used,
    )


@dataclass(frozen=True)
class CountTrend:
    """Linear trend of annual values, with a log-linear count model as a check."""

    slope: float
    slope_lower: float
    slope_upper: float
    p_value: float
    intercept: float
    annual_percent_change: float
    apc_lower: float
    apc_upper: float
    apc_p_value: float
    count_model: Literal["poisson", "negative_binomial", "none"]

    def fitted(self, years: Sequence[int] | np.ndarray) -> np.ndarray:
        """Values on the OLS line, for drawing the trend line."""
        return self.intercept + self.slope * np.asarray(years, dtype=float)


def count_trend(
    years: Sequence[int] | np.ndarray,
    values: Sequence[float] | np.ndarray,
    *,
    exposure: Sequence[float] | np.ndarray | None = None,
    counts: bool = True,
    confidence: float = 0.95,
) -> CountTrend:
    """OLS slope per year (with t interval and p-value) and the annual percentage change.

    The count model needs integer ``values`` (``counts=True``); for rates pass ``counts=False``
    and the percentage change comes from a log-linear OLS fit instead.
    """
    x = np.asarray(years, dtype=float)
    v = np.asarray(values, dtype=float)
    if x.size < 3:
        raise ValueError("a trend needs at least three years")
    X = sm.add_constant(x)
    ols = sm.OLS(v, X).fit()
    lo, hi = ols.conf_int(alpha=1 - confidence)[1]
    if counts:
        offset = None if exposure is None else np.log(np.asarray(exposure, dtype=float))
        model: Literal["poisson", "negative_binomial", "none"] = "poisson"
        glm = sm.GLM(v, X, family=sm.families.Poisson(), offset=offset).fit()
        if glm.pearson_chi2 / glm.df_resid > OVERDISPERSION_LIMIT:
            model = "negative_binomial"
            alpha = _nb_alpha(v, X, offset)
            glm = sm.GLM(v, X, family=sm.families.NegativeBinomial(alpha=alpha), offset=offset).fit()
        b, (b_lo, b_hi), p = glm.params[1], glm.conf_int(alpha=1 - confidence)[1], glm.pvalues[1]
    elif np.all(v > 0):
        model = "none"
        log_fit = sm.OLS(np.log(v), X).fit()
        b, (b_lo, b_hi), p = log_fit.params[1], log_fit.conf_int(alpha=1 - confidence)[1], log_fit.pvalues[1]
    else:
        model, b, b_lo, b_hi, p = "none", np.nan, np.nan, np.nan, np.nan
    return CountTrend(
        slope=float(ols.params[1]),
        slope_lower=float(lo),
        slope_upper=float(hi),
        p_value=float(ols.pvalues[1]),
        intercept=float(ols.params[0]),
        annual_percent_change=float(100 * np.expm1(b)),
        apc_lower=float(100 * np.expm1(b_lo)),
        apc_upper=float(100 * np.expm1(b_hi)),
        apc_p_value=float(p),
        count_model=model,
    )


def _nb_alpha(v: np.ndarray, X: np.ndarray, offset: np.ndarray | None) -> float:
    """Dispersion of a negative binomial (NB2) by maximum likelihood."""
    nb = sm.NegativeBinomial(v, X, offset=offset).fit(disp=False, maxiter=200)
    return float(nb.params[-1])

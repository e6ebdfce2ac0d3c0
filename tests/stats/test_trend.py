"""Trend tests against independent implementations: numpy IRLS + sandwich, scipy linregress."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from scipy import stats as sps

from rusrapport.stats import count_trend, survey_trend_test


def _survey(seed: int = 11, n: int = 3000) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    frame = pd.DataFrame(
        {
            "year": rng.integers(2013, 2026, n),
            "sex": rng.choice(["male", "female"], n),
            "age_group": rng.choice(["16-30", "31-45", "46-64"], n),
            "weight": rng.uniform(0.3, 3.0, n),
        }
    )
    eta = (
        -3
        + 0.06 * (frame["year"] - 2013)
        + 0.5 * (frame["sex"] == "male")
        - 0.6 * (frame["age_group"] == "46-64")
    )
    frame["use"] = (rng.random(n) < 1 / (1 + np.exp(-eta))).astype(float)
    return frame


def _irls_sandwich(X: np.ndarray, y: np.ndarray, w: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Independent weighted logistic fit by Newton-Raphson, with svyglm's sandwich."""
    beta = np.zeros(X.shape[1])
    for _ in range(50):
        mu = 1 / (1 + np.exp(-X @ beta))
        grad = X.T @ (w * (y - mu))
        hess = X.T @ (X * (w * mu * (1 - mu))[:, None])
        beta = beta + np.linalg.solve(hess, grad)
    mu = 1 / (1 + np.exp(-X @ beta))
    bread = np.linalg.inv(X.T @ (X * (w * mu * (1 - mu))[:, None]))
    u = X * (w * (y - mu))[:, None]
    n = len(y)
    return beta, bread @ (n / (n - 1) * u.T @ u) @ bread


def test_survey_trend_matches_independent_irls():
    frame = _survey()
    result = survey_trend_test(frame, "use")
    X = pd.concat(
        [
            pd.Series(1.0, index=frame.index),
            frame["year"].astype(float),
            pd.get_dummies(frame["age_group"], drop_first=True, dtype=float),
            pd.get_dummies(frame["sex"], drop_first=True, dtype=float),
        ],
        axis=1,
    ).to_numpy()
    beta, cov = _irls_sandwich(X, frame["use"].to_numpy(), frame["weight"].to_numpy())
    se = np.sqrt(cov[1, 1])
    dof = len(frame) - X.shape[1]
    assert result.odds_ratio == pytest.approx(np.exp(beta[1]), rel=1e-8)
    assert result.p_value == pytest.approx(2 * sps.t.sf(abs(beta[1] / se), dof), rel=1e-6)
    q = sps.t.ppf(0.975, dof)
    assert (result.lower, result.upper) == pytest.approx(
        (np.exp(beta[1] - q * se), np.exp(beta[1] + q * se)), rel=1e-8
    )
    assert result.adjusted_for == ("age_group", "sex")
    assert result.odds_ratio > 1 and result.p_value < 0.01


def test_equal_weights_give_the_ordinary_logit_estimate():
    frame = _survey(seed=5).assign(weight=1.0)
    result = survey_trend_test(frame, "use", adjust=())
    logit = sm.Logit(frame["use"], sm.add_constant(frame["year"].astype(float))).fit(disp=False)
    assert result.odds_ratio == pytest.approx(np.exp(logit.params["year"]), rel=1e-7)


def test_subgroup_drops_constant_covariate():
    frame = _survey()
    men = frame[frame["sex"] == "male"]
    assert survey_trend_test(men, "use").adjusted_for == ("age_group",)


def test_no_trend_in_flat_data():
    frame = _survey(seed=2)
    rng = np.random.default_rng(9)
    frame["flat"] = (rng.random(len(frame)) < 0.1).astype(float)
    assert survey_trend_test(frame, "flat").p_value > 0.01


def test_count_trend_matches_linregress():
    years = np.arange(2012, 2025)
    deaths = np.array([246, 234, 266, 288, 284, 249, 289, 275, 331, 247, 321, 391, 342])
    trend = count_trend(years, deaths)
    ref = sps.linregress(years, deaths)
    assert trend.slope == pytest.approx(ref.slope, rel=1e-10)
    assert trend.p_value == pytest.approx(ref.pvalue, rel=1e-8)
    assert trend.fitted([2012])[0] == pytest.approx(ref.intercept + ref.slope * 2012)
    assert trend.slope_lower < trend.slope < trend.slope_upper


def test_annual_percent_change_recovers_growth():
    years = np.arange(2010, 2022)
    counts = np.round(200 * 1.05 ** (years - 2010))
    trend = count_trend(years, counts)
    assert trend.count_model == "poisson"
    assert trend.annual_percent_change == pytest.approx(5.0, abs=0.2)


def test_overdispersed_counts_use_negative_binomial():
    years = np.arange(2000, 2020)
    counts = np.array(
        [50, 200, 60, 180, 40, 220, 70, 190, 55, 230, 65, 210, 45, 250, 80, 200, 60, 240, 75, 260]
    )
    assert count_trend(years, counts).count_model == "negative_binomial"


def test_rate_trend_uses_log_linear_fit():
    years = np.arange(2012, 2025)
    rates = 4.0 * 1.03 ** (years - 2012)
    trend = count_trend(years, rates, counts=False)
    assert trend.annual_percent_change == pytest.approx(3.0, abs=1e-6)

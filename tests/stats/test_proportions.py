"""Weighted proportions, intervals and reliability against hand computations and statsmodels."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from scipy import stats as sps
from statsmodels.stats.proportion import proportion_confint

from rusrapport.stats import (
    kish_effective_n,
    proportion_interval,
    proportion_table,
    reliability,
    weighted_proportion,
)


def test_hand_computed_weighted_se():
    # y = (1, 0, 1, 0), w = (1, 2, 3, 4): p = 4/10 = 0.4.
    # z_i = w_i (y_i - p) / W = (0.06, -0.08, 0.18, -0.16); sum z^2 = 0.068;
    # var = n/(n-1) * 0.068 = 0.0906667; se = 0.301109 (R: svymean(~y, svydesign(ids=~1, weights=~w))).
    est = weighted_proportion([1, 0, 1, 0], [1, 2, 3, 4])
    assert est.estimate == pytest.approx(0.4, abs=1e-12)
    assert est.se == pytest.approx(0.3011091, abs=1e-7)
    assert est.n == 4
    assert est.n_effective == pytest.approx(100 / 30)  # Kish: (sum w)^2 / sum w^2 = 100 / 30


def test_missing_answers_are_dropped():
    full = weighted_proportion([1, 0, 1, 0], [1, 2, 3, 4])
    with_nan = weighted_proportion([1, np.nan, 0, 1, 0, np.nan], [1, 9, 2, 3, 4, 9])
    assert with_nan.estimate == full.estimate and with_nan.se == full.se and with_nan.n == 4


def test_logit_interval_matches_statsmodels_intercept_only_logistic():
    # Independent route: an intercept-only weighted logistic GLM with the HC0 sandwich, scaled
    # by n/(n-1), has se(logit p) = se(p) / (p(1-p)); svyciprop's logit interval uses t(n-1).
    rng = np.random.default_rng(3)
    y = (rng.random(400) < 0.12).astype(float)
    w = rng.uniform(0.3, 3.0, 400)
    fit = sm.GLM(y, np.ones((400, 1)), family=sm.families.Binomial(), var_weights=w).fit(cov_type="HC0")
    se_logit = np.sqrt(fit.cov_params()[0, 0] * 400 / 399)
    q = sps.t.ppf(0.975, 399)
    expected = 1 / (1 + np.exp(-(fit.params[0] + np.array([-q, q]) * se_logit)))
    est = weighted_proportion(y, w)
    assert (est.lower, est.upper) == pytest.approx(tuple(expected), rel=1e-6)


def test_korn_graubard_equals_clopper_pearson_on_effective_size():
    # Unweighted with se^2 = p(1-p)/n the effective size is n, so KG without df adjustment is
    # Clopper-Pearson: statsmodels.stats.proportion.proportion_confint(12, 200, method="beta").
    p, n = 12 / 200, 200
    se = np.sqrt(p * (1 - p) / n)
    assert proportion_interval(p, se, n, method="korn-graubard") == pytest.approx(
        proportion_confint(12, 200, alpha=0.05, method="beta"), rel=1e-9
    )


def test_korn_graubard_degrees_of_freedom_adjustment():
    # n_eff = 0.1*0.9/0.02^2 = 225 (< n = 400); df = 30 shrinks it by (t_399/t_30)^2.
    p, se, n, df = 0.1, 0.02, 400, 30
    n_df = 225 * (sps.t.ppf(0.975, 399) / sps.t.ppf(0.975, 30)) ** 2
    expected = (
        sps.beta.ppf(0.025, p * n_df, n_df - p * n_df + 1),
        sps.beta.ppf(0.975, p * n_df + 1, n_df - p * n_df),
    )
    assert proportion_interval(p, se, n, df=df, method="korn-graubard") == pytest.approx(expected, rel=1e-9)
    assert n_df == pytest.approx(208.49, abs=0.01)  # t(0.975, 399) = 1.9659, t(0.975, 30) = 2.0423


@pytest.mark.parametrize("method", ["logit", "korn-graubard"])
def test_edges_p_zero_and_one(method):
    zero = weighted_proportion([0, 0, 0, 0, 0], [1, 2, 1, 2, 1], method=method)
    assert zero.estimate == 0 and zero.lower == 0 and 0 < zero.upper < 1
    one = weighted_proportion([1, 1, 1], [1, 1, 2], method=method)
    assert one.estimate == 1 and one.upper == 1 and 0 < one.lower < 1
    assert zero.reliability == "suppress"  # effective size 5 < 30


def test_edges_one_respondent_and_all_missing():
    single = weighted_proportion([1], [2.0])
    assert single.n == 1 and single.se == 0 and single.reliability == "suppress"
    empty = weighted_proportion([np.nan, np.nan], [1, 1])
    assert empty.n == 0 and np.isnan(empty.estimate) and empty.reliability == "suppress"


def test_rejects_bad_values():
    with pytest.raises(ValueError, match="only 0, 1"):
        weighted_proportion([0, 2], [1, 1])
    with pytest.raises(ValueError, match="positive"):
        weighted_proportion([0, 1], [1, 0])


def test_kish():
    assert kish_effective_n([1, 1, 1, 1]) == 4
    assert kish_effective_n([1, 3]) == pytest.approx(16 / 10)


# Reliability: NCHS data presentation standards for proportions (Parker et al. 2017).
@pytest.mark.parametrize(
    "p, se, n, lower, upper, df, expected, why",
    [
        (0.30, 0.10, 20, 0.12, 0.52, None, "suppress", "effective n 20 < 30"),
        (0.27, 0.005, 4000, 0.26, 0.28, None, "present", "width 0.02 <= 0.05"),
        (0.50, 0.08, 40, 0.34, 0.66, None, "suppress", "n_eff 39, but width 0.32 >= 0.30"),
        (0.04, 0.012, 300, 0.025, 0.07, None, "present", "width 0.045 <= 0.05"),
        (0.03, 0.012, 300, 0.012, 0.073, None, "suppress", "relative width 0.061/0.03 = 203 %"),
        (0.10, 0.02, 300, 0.066, 0.148, None, "present", "relative width 82 %"),
        (0.96, 0.02, 100, 0.89, 0.99, None, "footnote", "complementary width 0.10/0.04 = 250 %"),
        (0.20, 0.015, 800, 0.17, 0.23, 5, "footnote", "df 5 < 8"),
    ],
)
def test_reliability_rules(p, se, n, lower, upper, df, expected, why):
    assert reliability(p, se, n, lower, upper, df=df) == expected, why


def test_proportion_table_is_tidy_and_in_percent(survey):
    table = proportion_table(survey, ["cannabis_ever", "cocaine_ever"], by=["year", "sex"])
    assert list(table.columns) == [
        "year",
        "sex",
        "outcome",
        "value",
        "lower",
        "upper",
        "se",
        "n",
        "n_effective",
        "flag",
    ]
    assert len(table) == 2 * 2 * 2
    row = table[(table.year == 2025) & (table.sex == "male") & (table.outcome == "cannabis_ever")].iloc[0]
    group = survey[(survey.year == 2025) & (survey.sex == "male")]
    assert row["value"] == pytest.approx(100 * np.average(group["cannabis_ever"], weights=group["weight"]))
    assert row["lower"] < row["value"] < row["upper"]
    assert isinstance(table, pd.DataFrame)

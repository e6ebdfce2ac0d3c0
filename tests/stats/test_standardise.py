"""Direct age standardisation against Fleiss (1981) table 14.4, as used by Fay and Feuer (1997)."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats as sps

from rusrapport.stats import age_standardised_rate, crude_rate, exact_poisson_limits

# Fleiss JL. Statistical Methods for Rates and Proportions, 2nd ed., 1981, table 14.4:
# Down syndrome births, Michigan 1950-64, birth order 5+, by maternal age
# (<20, 20-24, 25-29, 30-34, 35-39, 40+). Published results (Fay & Feuer 1997, table I):
# rate 75.529 per 100 000; gamma 95 % CI 67.702-188.300. Dobson interval about 67.63-83.87.
CASES = [0, 8, 63, 112, 262, 295]
BIRTHS = [327, 30666, 123419, 149919, 104088, 34392]
STANDARD = [319933, 931318, 786511, 488235, 237863, 61313]


def test_fleiss_gamma():
    r = age_standardised_rate(CASES, BIRTHS, STANDARD, method="gamma")
    assert r.rate == pytest.approx(75.529, abs=0.001)
    assert r.lower == pytest.approx(67.702, abs=0.001)
    assert r.upper == pytest.approx(188.300, abs=0.001)
    assert r.events == 740 and r.flag is None


def test_fleiss_dobson():
    r = age_standardised_rate(CASES, BIRTHS, STANDARD, method="dobson")
    assert r.rate == pytest.approx(75.529, abs=0.001)
    assert r.lower == pytest.approx(67.63, abs=0.01)
    assert r.upper == pytest.approx(83.87, abs=0.01)


def test_single_band_gamma_is_exact_poisson():
    # One band, standard = population: the gamma interval reduces to Garwood's exact limits.
    r = age_standardised_rate([7], [50_000], [50_000])
    lo, hi = sps.chi2.ppf(0.025, 14) / 2, sps.chi2.ppf(0.975, 16) / 2
    assert (r.lower, r.upper) == pytest.approx((lo / 50_000 * 1e5, hi / 50_000 * 1e5), rel=1e-9)
    assert r.flag == "under 10 dødsfall"


def test_zero_events():
    r = age_standardised_rate([0, 0], [1000, 2000], [1, 1])
    assert r.rate == 0 and r.lower == 0 and r.upper > 0 and r.flag
    d = age_standardised_rate([0, 0], [1000, 2000], [1, 1], method="dobson")
    assert d.lower == 0 and np.isnan(d.upper)


def test_crude_rate_and_poisson_limits():
    # 342 deaths in 5.55 million: 6.16 per 100 000; exact limits from the chi-square form.
    r = crude_rate(342, 5_550_000)
    assert r.rate == pytest.approx(6.162, abs=0.001)
    lo, hi = exact_poisson_limits(342)
    assert lo == pytest.approx(306.8, abs=0.1) and hi == pytest.approx(380.3, abs=0.1)
    assert exact_poisson_limits(0) == (0.0, pytest.approx(3.689, abs=0.001))


def test_input_errors():
    with pytest.raises(ValueError, match="same length"):
        age_standardised_rate([1, 2], [10], [1, 1])
    with pytest.raises(ValueError, match="positive population"):
        age_standardised_rate([1], [0], [1])
    with pytest.raises(ValueError, match="unknown method"):
        age_standardised_rate([1], [10], [1], method="wald")  # type: ignore[arg-type]

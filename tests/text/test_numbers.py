"""Rounding half up and Norwegian number formatting."""

from __future__ import annotations

import pytest

from rusrapport.text import format_change, format_number, format_percent, round_half_up


@pytest.mark.parametrize(
    "value, decimals, expected",
    [
        (2.675, 2, 2.68),  # float 2.675 is 2.67499999...; round() gives 2.67
        (1.005, 2, 1.01),
        (0.5, 0, 1.0),
        (1.5, 0, 2.0),
        (2.5, 0, 3.0),  # round() gives 2 (half to even)
        (-2.5, 0, -3.0),
        (45.65, 1, 45.7),
        (11.35, 1, 11.4),
        (26.94999, 0, 27.0),
    ],
)
def test_round_half_up(value, decimals, expected):
    assert round_half_up(value, decimals) == expected


def test_round_rejects_nan():
    with pytest.raises(ValueError):
        round_half_up(float("nan"))


def test_norwegian_formats():
    assert format_number(4614) == "4\u202f614"
    assert format_number(45.68, 1) == "45,7"
    assert format_number(1234567.891, 2) == "1\u202f234\u202f567,89"
    assert format_number(-28) == "\u221228"
    assert format_percent(27.0) == "27\u00a0%"
    assert format_percent(1.5, 1) == "1,5\u00a0%"
    assert format_percent(11.35, 1) == "11,4\u00a0%"
    assert format_change(4) == "+4" and format_change(-28) == "\u221228" and format_change(0) == "0"

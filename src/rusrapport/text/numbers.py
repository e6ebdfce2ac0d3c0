"""Rounding half up and Norwegian number formatting — the publication rules for numbers.

Python's ``round`` rounds half to even and binary floats hide halves (2.675 is stored as
2.67499…), so ``round(2.675, 2)`` gives 2.67. Publications round half up on the number as
written: we convert through ``Decimal(repr(x))`` so 2.675 → 2.68 and 1.005 → 1.01.
Formatting follows Babel's ``nb`` locale (decimal comma, percent sign after a space) with a
narrow no-break space (U+202F) between thousands, as in "4 614".
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import numpy as np
from babel.dates import format_date
from babel.numbers import format_decimal, get_decimal_symbol

LOCALE = "nb_NO"
THIN_SPACE = "\u202f"  # narrow no-break space between thousands
NBSP = "\u00a0"  # no-break space before the percent sign
MINUS = "\u2212"  # typographic minus, as Norwegian typesetting prefers


def round_half_up(value: float, decimals: int = 0) -> float:
    """Round half away from zero on the decimal representation: 2.675 → 2.68, −2.5 → −3."""
    if not np.isfinite(value):
        raise ValueError(f"cannot round {value!r}")
    quantum = Decimal(1).scaleb(-decimals)
    return float(Decimal(repr(float(value))).quantize(quantum, rounding=ROUND_HALF_UP))


def format_number(value: float, decimals: int = 0) -> str:
    """'4 614', '45,7', '−3' — rounded half up, Norwegian separators."""
    rounded = round_half_up(value, decimals)
    pattern = "#,##0" + ("." + "0" * decimals if decimals > 0 else "")
    text = format_decimal(abs(rounded), format=pattern, locale=LOCALE)
    text = text.replace(NBSP, THIN_SPACE).replace(" ", THIN_SPACE)
    return (MINUS if rounded < 0 else "") + text


def format_percent(value: float, decimals: int = 0) -> str:
    """A value already in percent (27.0) as '27 %'; ``decimals`` gives '1,5 %'."""
    return f"{format_number(value, decimals)}{NBSP}%"


def format_change(value: float, decimals: int = 0) -> str:
    """A signed change: '+4', '−28', '0'."""
    text = format_number(value, decimals)
    return text if round_half_up(value, decimals) <= 0 else f"+{text}"


def format_day(day: date) -> str:
    """A date the Norwegian way: '24. november 2026'."""
    return format_date(day, "d. MMMM y", locale=LOCALE)


def decimal_comma() -> str:
    """The locale's decimal symbol (a comma for bokmål)."""
    return get_decimal_symbol(LOCALE)

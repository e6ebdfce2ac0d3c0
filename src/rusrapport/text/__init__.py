"""Norwegian text helpers: rounding and number formatting."""

from rusrapport.text.numbers import format_change, format_number, format_percent, round_half_up

__all__ = ["format_change", "format_number", "format_percent", "round_half_up"]

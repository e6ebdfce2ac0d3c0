"""Norwegian phrases whose wording follows the numbers, so new data cannot leave a false sentence.

Each function decides a word from a value ("nærmere 27 %", "økte", "den høyeste"); prose in the
notebooks is assembled from them.
"""

from __future__ import annotations

from rusrapport.text.numbers import format_percent, round_half_up

NEAR = 0.15  # within this of a whole percent, a share is "om lag" that percent


def approx_percent(value: float) -> str:
    """'om lag 8 %' close to a whole percent; 'nærmere 27 %' just below; 'i overkant av 3 %' just
    above; small shares (under 2 %) with one decimal, '1,5 %'."""
    if value < 2:
        return format_percent(value, 1)
    whole = round_half_up(value, 0)
    if abs(value - whole) < NEAR:
        return f"om lag {format_percent(whole)}"
    if value < whole:
        return f"nærmere {format_percent(whole)}"
    return f"i overkant av {format_percent(whole)}"


def change_word(old: float, new: float, *, tolerance: float = 0.0, past: bool = True) -> str:
    """'økte', 'gikk ned' or 'var uendret' — from the numbers."""
    if new - old > tolerance:
        return "økte" if past else "øker"
    if old - new > tolerance:
        return "gikk ned" if past else "går ned"
    return "var uendret" if past else "er uendret"


def list_words(items: list[str]) -> str:
    """'a', 'a og b', 'a, b og c'."""
    if not items:
        raise ValueError("nothing to list")
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} og {items[-1]}"


ORDINALS = {
    1: "første",
    2: "andre",
    3: "tredje",
    4: "fjerde",
    5: "femte",
    6: "sjette",
    7: "sjuende",
    8: "åttende",
}


def ordinal(rank: int) -> str:
    return ORDINALS.get(rank, f"{rank}.")


def capitalize(text: str) -> str:
    """First letter upper-case (for a sentence that starts with a number phrase)."""
    return text[:1].upper() + text[1:]

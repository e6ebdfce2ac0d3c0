"""Data-driven Norwegian phrases."""

from __future__ import annotations

from rusrapport.text.phrases import approx_percent, capitalize, change_word, list_words, ordinal


def test_approx_percent_wording():
    assert approx_percent(26.58) == "nærmere 27\u00a0%"
    assert approx_percent(3.33) == "i overkant av 3\u00a0%"
    assert approx_percent(8.04) == "om lag 8\u00a0%"
    assert approx_percent(1.52) == "1,5\u00a0%"


def test_other_phrases():
    assert (
        change_word(5, 6) == "økte" and change_word(6, 5) == "gikk ned" and change_word(5, 5) == "var uendret"
    )
    assert list_words(["a"]) == "a" and list_words(["a", "b", "c"]) == "a, b og c"
    assert ordinal(2) == "andre" and capitalize("nærmere 6 %") == "Nærmere 6 %"

"""Small-count disclosure: categories resting on too few respondents are not published."""

from __future__ import annotations

import pandas as pd
import pytest

from rusrapport.analysis.disclosure import suppress_small_categories, suppression_note


def test_categories_below_the_threshold_are_left_out():
    frame = pd.DataFrame({"category": [11, 14, 15, 59], "value": [0.1, 1.0, 2.0, 0.1], "n": [1, 10, 3, 2]})
    kept = suppress_small_categories(frame, 3)
    assert list(kept["category"]) == [14, 15]
    assert suppression_note(kept, frame, 3) == [
        "Kategorier med færre enn 3 svar er ikke vist (2 kategorier)."
    ]
    assert suppress_small_categories(frame, 1).equals(frame)
    assert suppression_note(frame, frame, 1) == []
    with pytest.raises(ValueError):
        suppress_small_categories(frame, 0)

"""Workbook and CSV safe to open: text that looks like a formula arrives as text."""

from __future__ import annotations

import pandas as pd
import pytest
from openpyxl import load_workbook

from rusrapport.chapter import Chapter
from rusrapport.data import load_fieldwork
from rusrapport.errors import InputError
from rusrapport.pipeline.outputs import write_workbook
from rusrapport.text.cells import formula_safe
from tests.pipeline.conftest import ROOT

HOSTILE = ['=HYPERLINK("http://x","y")', "=1+1", "+1+1", "-1+1", "@SUM(A1)"]


def test_text_cells_that_would_run_get_an_apostrophe_numbers_stay():
    frame = pd.DataFrame({"label": [*HOSTILE, "16-64", "menn"], "value": [-1.5, 2, 3, -4, 5, 6, 7]})
    safe = formula_safe(frame)
    assert list(safe["label"]) == [f"'{v}" for v in HOSTILE] + ["16-64", "menn"]
    assert list(safe["value"]) == list(frame["value"])
    plain = pd.DataFrame({"label": ["16-64"], "value": [-1.0]})
    assert formula_safe(plain) is plain  # a normal table is written unchanged


def test_chapter_data_files_keep_formulas_as_text(tmp_path):
    ch = Chapter.start("methods", tmp_path / "ch", synthetic=True)
    ch._write_data("sample", pd.DataFrame({"age_range": HOSTILE, "n": range(5)}))
    written = pd.read_csv(tmp_path / "ch" / "data" / "sample.csv")
    assert list(written["age_range"]) == [f"'{v}" for v in HOSTILE]


def test_workbook_stores_formula_like_text_as_text(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    pd.DataFrame({"age_range": HOSTILE, "value": range(5)}).to_csv(data / "sample.csv", index=False)
    target = data / "report_data.xlsx"
    write_workbook(data, ["sample"], {"sample": {"title": "=1+1"}}, target, title="T", synthetic=True)
    book = load_workbook(target)
    formulas = [
        c.coordinate for s in book.worksheets for row in s.iter_rows() for c in row if c.data_type == "f"
    ]
    assert formulas == []
    values = [c.value for c in book["T1"]["A"]]
    assert all(v in values for v in HOSTILE)


def test_fieldwork_age_range_must_be_an_age_range(tmp_path):
    frame = pd.read_csv(ROOT / "data" / "survey_fieldwork.csv", dtype=str)
    frame.loc[2, "age_range"] = '=HYPERLINK("http://x","y")'
    path = tmp_path / "fieldwork.csv"
    frame.to_csv(path, index=False)
    with pytest.raises(InputError, match=r"column 'age_range', row 3: not an age range such as 16-64"):
        load_fieldwork(path)

"""Small pieces of the build that need no notebook run."""

from __future__ import annotations

from rusrapport.pipeline.export import Numberer
from rusrapport.pipeline.outputs import scan_leftovers


def test_leftover_scan_reads_visible_text_only():
    clean = "<style>a{color:red}</style><p>27\u00a0% av de spurte</p><img alt='x' src='data:image/svg+xml;base64,e30='>"
    assert scan_leftovers({"ok.html": clean}) == []
    for leftover in ("nan", "None", "TODO", "{value}"):
        found = scan_leftovers({"bad.html": f"<p>Andelen var {leftover} i 2025.</p>"})
        assert len(found) == 1 and leftover in found[0] and "bad.html" in found[0]


def test_figures_and_tables_numbered_across_chapters():
    number = Numberer()
    first = number('<span class="figure-number"></span><span class="table-number"></span>')
    second = number('<span class="figure-number"></span>')
    assert "Figur 1." in first and "Tabell 1." in first and "Figur 2." in second

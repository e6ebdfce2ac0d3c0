"""data/README.md shows the contract exactly as the code defines it."""

from __future__ import annotations

from pathlib import Path

import pytest

from rusrapport.data.schema import CONTRACTS, contract_markdown

README = Path(__file__).resolve().parents[2] / "data" / "README.md"


@pytest.mark.parametrize("name", sorted(CONTRACTS))
def test_readme_table_matches_schema(name):
    text = README.read_text(encoding="utf-8")
    start, end = f"<!-- contract:{name} -->\n", f"\n<!-- /contract:{name} -->"
    assert start in text, f"data/README.md lacks the {name} contract table"
    documented = text.split(start, 1)[1].split(end, 1)[0]
    assert documented == contract_markdown(name), (
        "run: .venv/bin/python -m rusrapport.data.schema data/README.md"
    )

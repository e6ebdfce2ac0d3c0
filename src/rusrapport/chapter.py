"""What a chapter notebook talks to: figures, tables, numbers and prose, each written to disk.

A notebook creates one :class:`Chapter` from its parameters and calls ``figure``, ``table``,
``number`` and ``text``. Each call shows the result in the notebook (so it reads well in
JupyterLab) and records it in the chapter's output folder: ``data/<id>.csv`` for every figure
and table (the tidy shape of DESIGN.md) and ``chapter.json`` with the figure list and every
number quoted in the text. The build reads those files; it never parses prose.
"""

from __future__ import annotations

import base64
import html
import json
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from rusrapport.figures import to_svg
from rusrapport.figures.style import GREY
from rusrapport.text.cells import formula_safe
from rusrapport.text.leftovers import LEFTOVER

SYNTHETIC_NOTE = "Syntetiske data"
NUMERIC = re.compile(r"^[−+-]?[\d\s\u202f\u00a0.,]*\d[\d\s\u202f\u00a0.,]*(\s?%)?$")
TEXT_CELL = ' class="text"'  # text columns align left, numbers right


def _plain(value: object) -> object:
    if hasattr(value, "item"):
        value = value.item()  # numpy scalars to Python
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError("a number quoted in the text must be finite")
    return value


def _published_records(out: Path) -> bool:
    """True for ``<outputs>/.chapters/<id>`` of a finished build (it has ``.build/state.json``).
    The build writes only into its staging folder, so anything writing here is a hand run whose
    numbers the pages would not show."""
    parent = out.resolve().parent
    return parent.name == ".chapters" and (parent.parent / ".build" / "state.json").is_file()


@dataclass
class Chapter:
    """One chapter's registry of figures, tables and numbers."""

    chapter_id: str
    output_dir: Path
    synthetic: bool = True
    figures: list[dict] = field(default_factory=list)
    numbers: dict[str, dict] = field(default_factory=dict)

    @classmethod
    def start(cls, chapter_id: str, output_dir: str | Path, synthetic: bool) -> Chapter:
        out = Path(output_dir)
        if _published_records(out):
            raise ValueError(
                f"{out} holds a published build's records; a notebook run by hand writes to a folder "
                f"of its own (output_dir = '.scratch/{chapter_id}'), only the build writes there"
            )
        (out / "data").mkdir(parents=True, exist_ok=True)
        for old in (out / "data").glob("*.csv"):
            old.unlink()  # a rerun must not leave the data of a figure that no longer exists
        chapter = cls(chapter_id, out, synthetic)
        chapter._save()
        return chapter

    # -- registry ------------------------------------------------------------------------
    def _save(self) -> None:
        record = {
            "chapter": self.chapter_id,
            "synthetic": self.synthetic,
            "figures": self.figures,
            "numbers": self.numbers,
        }
        text = json.dumps(record, ensure_ascii=False, indent=1, sort_keys=True)
        (self.output_dir / "chapter.json").write_text(text + "\n", encoding="utf-8")

    def _write_data(self, item_id: str, data: pd.DataFrame) -> None:
        if not re.fullmatch(r"[a-z0-9_]+", item_id):
            raise ValueError(f"figure and table ids are lower-case words with underscores: {item_id!r}")
        if any(f["id"] == item_id for f in self.figures):
            raise ValueError(f"{item_id!r} is used twice in chapter {self.chapter_id}")
        path = self.output_dir / "data" / f"{item_id}.csv"
        data = formula_safe(data)  # free text from an input never opens as a formula
        data.to_csv(path, index=False, lineterminator="\n", float_format="%.6g")

    def number(self, number_id: str, value: float | int | str, text: str) -> str:
        """Register a number quoted in the prose; returns its text for the f-string."""
        if number_id in self.numbers and self.numbers[number_id]["value"] != _plain(value):
            raise ValueError(f"number {number_id!r} registered twice with different values")
        self.numbers[number_id] = {"value": _plain(value), "text": text, "chapter": self.chapter_id}
        self._save()
        return text

    # -- output --------------------------------------------------------------------------
    def text(self, markdown: str) -> None:
        """Show prose (Markdown). Refuses leftovers such as 'nan', 'None' or '{x}'."""
        found = LEFTOVER.search(markdown)
        if found:
            raise ValueError(f"prose contains a leftover {found.group(0)!r}: {markdown[:80]!r}")
        from IPython.display import Markdown, display

        display(Markdown(markdown))

    def figure(
        self,
        figure_id: str,
        data: pd.DataFrame,
        fig,
        *,
        title: str,
        alt: str,
        source: str,
        notes: list[str] | None = None,
    ) -> None:
        """Record a figure: its data file, and an SVG image with caption, source and alt text."""
        if not alt.strip():
            raise ValueError("every figure needs alt text")
        self._write_data(figure_id, data)
        if self.synthetic:
            fig.text(0.995, 0.005, SYNTHETIC_NOTE.upper(), ha="right", va="bottom", fontsize=7, color=GREY)
        svg = base64.b64encode(to_svg(fig)).decode("ascii")
        self.figures.append({"id": figure_id, "kind": "figure", "title": title})
        self._save()
        body = f'<img src="data:image/svg+xml;base64,{svg}" alt="{html.escape(alt)}" />'
        self._show(figure_id, "figure", title, body, source, notes)

    def table(
        self,
        table_id: str,
        data: pd.DataFrame,
        display: pd.DataFrame,
        *,
        title: str,
        source: str,
        notes: list[str] | None = None,
    ) -> None:
        """Record a table: ``data`` is the tidy file, ``display`` the formatted table readers see
        (strings, first column the row headers)."""
        self._write_data(table_id, data)
        self.figures.append({"id": table_id, "kind": "table", "title": title})
        self._save()
        head = "".join(f'<th scope="col">{html.escape(str(c))}</th>' for c in display.columns)
        rows = []
        for row in display.itertuples(index=False):
            cells = [f'<th scope="row">{html.escape(str(row[0]))}</th>']
            cells += [
                f"<td{'' if NUMERIC.match(str(v)) else TEXT_CELL}>{html.escape(str(v))}</td>" for v in row[1:]
            ]
            rows.append(f"<tr>{''.join(cells)}</tr>")
        body = f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
        self._show(table_id, "table", title, body, source, notes)

    def _show(
        self, item_id: str, kind: str, title: str, body: str, source: str, notes: list[str] | None
    ) -> None:
        from IPython.display import HTML, display

        source_line = f"Kilde: {html.escape(source)}" + (f". {SYNTHETIC_NOTE}." if self.synthetic else ".")
        note_html = "".join(f'<p class="note">{html.escape(n)}</p>' for n in notes or [])
        caption = f'<span class="{kind}-number"></span> {html.escape(title)}'
        download = f'<p class="download"><a href="data/{item_id}.csv">Last ned data (CSV)</a></p>'
        if kind == "table":
            inner = body.replace("<table>", f"<table><caption>{caption}</caption>", 1)
            content = f'<div class="table-wrap">{inner}</div>'
        else:
            content = f"<figcaption>{caption}</figcaption>{body}"
        display(
            HTML(
                f'<figure class="{kind}" id="{item_id}" data-kind="{kind}">{content}'
                f'<p class="source">{source_line}</p>{note_html}{download}</figure>'
            )
        )

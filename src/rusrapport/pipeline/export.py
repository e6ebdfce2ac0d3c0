"""Executed notebooks to HTML: a reader page per chapter, an analyst page with code, a front page.

Reader pages are assembled here rather than with an nbconvert template: they hold only the
chapter's prose, figures and tables (no code, no parameters, no streams), in semantic HTML with
the styles inlined and images as data URIs, so a page makes no network request at all and
prints cleanly. Analyst pages use nbconvert's ``basic`` template (cells with code) wrapped in
the same self-contained page. Figures and tables are numbered across the whole report here.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import nbformat
from nbconvert.filters.markdown import markdown2html

TEMPLATES = Path(__file__).parent / "templates"
HIDDEN_TAGS = {"parameters", "injected-parameters", "remove-cell"}
SYNTHETIC_TEXT = (
    "Syntetiske data: tallene i denne rapporten er beregnet fra syntetiske og avledede testdata. "
    "De er ikke offisiell statistikk."
)


@dataclass(frozen=True)
class ChapterPage:
    chapter_id: str
    number: int
    title: str
    body: str  # the chapter's content, numbered, without the page around it


def css() -> str:
    return (TEMPLATES / "report.css").read_text(encoding="utf-8")


def chapter_body(notebook: Path) -> str:
    """The reader content of one executed notebook: markdown cells and rich outputs only."""
    nb = nbformat.read(str(notebook), as_version=4)
    parts = []
    for cell in nb.cells:
        if HIDDEN_TAGS & set(cell.metadata.get("tags", [])):
            continue
        if cell.cell_type == "markdown":
            parts.append(_markdown(cell.source))
        elif cell.cell_type == "code":
            for output in cell.get("outputs", []):
                data = output.get("data", {})
                if "text/html" in data:
                    parts.append(data["text/html"])
                elif "text/markdown" in data:
                    parts.append(_markdown(data["text/markdown"]))
    return "\n".join(parts)


def _markdown(text: str) -> str:
    """Markdown to HTML without nbconvert's '¶' anchor links (headings keep their ids)."""
    return re.sub(r'<a class="anchor-link" href="#[^"]*">(¶|&#182;|&para;)</a>', "", markdown2html(text))


class Numberer:
    """Numbers figures and tables in reading order across chapters ('Figur 1.', 'Tabell 1.')."""

    def __init__(self) -> None:
        self.counts = {"figure": 0, "table": 0}

    def __call__(self, body: str) -> str:
        def replace(match: re.Match) -> str:
            kind = match.group(1)
            self.counts[kind] += 1
            word = "Figur" if kind == "figure" else "Tabell"
            return f'<span class="{kind}-number">{word} {self.counts[kind]}.</span>'

        return re.sub(r'<span class="(figure|table)-number"></span>', replace, body)


def chapter_pages(chapters: list[tuple[str, str, Path]]) -> list[ChapterPage]:
    """(id, title, executed notebook) in report order to numbered chapter pages."""
    number = Numberer()
    return [
        ChapterPage(cid, i, title, number(chapter_body(nb)))
        for i, (cid, title, nb) in enumerate(chapters, start=1)
    ]


def heading(page: ChapterPage, tag: str = "h1") -> str:
    return f'<{tag} id="kapittel-{page.chapter_id}"><span class="chapter-number">{page.number}</span> {html.escape(page.title)}</{tag}>'


def page_html(
    *,
    title: str,
    report_title: str,
    edition: int,
    main: str,
    nav: list[tuple[str, str]],
    current: str | None,
    synthetic: bool,
    extra_css: str = "",
) -> str:
    """A complete, self-contained HTML page with landmarks in order (banner, navigation, main)."""
    current_mark = ' aria-current="page"'
    links = "".join(
        f'<li><a href="{href}"{current_mark if href == current else ""}>{html.escape(text)}</a></li>'
        for href, text in nav
    )
    banner = f'<p class="synthetic-banner" role="note">{SYNTHETIC_TEXT}</p>' if synthetic else ""
    return f"""<!DOCTYPE html>
<html lang="nb">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title)}</title>
<style>{css()}{extra_css}</style>
</head>
<body>
<a class="skip" href="#main">Hopp til innholdet</a>
<header class="site" role="banner">
<a class="report-title" href="index.html">{html.escape(report_title)} {edition}</a>
{banner}
<nav class="chapters" aria-label="Kapitler"><ol>{links}</ol></nav>
</header>
<main id="main">
{main}
</main>
<footer class="site" role="contentinfo">{html.escape(report_title)} {edition} · bygget med rusrapport ·
<a href="index.html#kolofon">Om denne utgaven</a></footer>
</body>
</html>
"""


@cache
def _exporter():
    """One nbconvert exporter for all chapters (loading its templates is the slow part)."""
    from nbconvert import HTMLExporter

    return HTMLExporter(template_name="basic")


def analyst_html(
    notebook: Path,
    *,
    title: str,
    report_title: str,
    edition: int,
    nav: list[tuple[str, str]],
    synthetic: bool,
) -> str:
    """The executed notebook with its code (nbconvert 'basic' template), self-contained."""
    from pygments.formatters import HtmlFormatter

    body, _ = _exporter().from_notebook_node(nbformat.read(str(notebook), as_version=4))
    pygments_css = HtmlFormatter(style="default").get_style_defs(".highlight")
    extra = (
        pygments_css
        + "\n.jp-InputPrompt,.jp-OutputPrompt{display:none}.jp-Cell{margin:1rem 0}pre{white-space:pre-wrap}"
    )
    nav = [("../" + href, text) for href, text in nav]
    page = page_html(
        title=f"{title} (analyse)",
        report_title=report_title,
        edition=edition,
        main=body,
        nav=nav,
        current=None,
        synthetic=synthetic,
        extra_css=extra,
    )
    return page.replace('href="index.html', 'href="../index.html')

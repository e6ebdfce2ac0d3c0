"""One PDF of the whole report from the reader HTML, with WeasyPrint (no LaTeX, no browser).

CSS paged media gives the cover, a contents page whose page numbers WeasyPrint fills in
(``target-counter``), chapters that start on a new page, a running header with the report and
chapter titles, "Side N av M", and the synthetic-data notice in every page's footer. The PDF
is tagged (PDF/UA-1) with the title and language set, and has a bookmark per chapter.
"""

from __future__ import annotations

import html
from pathlib import Path

from rusrapport.pipeline.export import SYNTHETIC_TEXT, ChapterPage, css, heading

TEMPLATES = Path(__file__).parent / "templates"


def report_document(
    pages: list[ChapterPage], *, report_title: str, edition: int, synthetic: bool, colophon: str
) -> str:
    print_css = (TEMPLATES / "print.css").read_text(encoding="utf-8")
    if synthetic:
        print_css += '\n@page { @bottom-left { content: "Syntetiske data – ikke offisiell statistikk"; } }\n'
    toc = "".join(
        f'<li><a href="#kapittel-{p.chapter_id}">{p.number} {html.escape(p.title)}</a></li>' for p in pages
    )
    toc += '<li><a href="#kolofon">Om denne utgaven</a></li>'
    banner = f'<p class="synthetic-banner">{SYNTHETIC_TEXT}</p>' if synthetic else ""
    chapters = "".join(f'<article class="chapter">{heading(p)}{p.body}</article>' for p in pages)
    return f"""<!DOCTYPE html>
<html lang="nb">
<head><meta charset="utf-8"><title>{html.escape(report_title)} {edition}</title>
<meta name="author" content="rusrapport"><meta name="description" content="{html.escape(report_title)} {edition}">
<style>{css()}{print_css}</style></head>
<body class="{"synthetic" if synthetic else ""}">
<section class="cover"><h1>{html.escape(report_title)}</h1><p class="edition">{edition}</p>{banner}</section>
<nav class="toc" aria-label="Innhold"><h2>Innhold</h2><ol>{toc}</ol></nav>
<main id="main">{chapters}<article class="chapter">{colophon}</article></main>
</body></html>"""


def write_pdf(document: str, target: Path, base: Path) -> None:
    from weasyprint import HTML

    HTML(string=document, base_url=str(base)).write_pdf(
        str(target), pdf_variant="pdf/ua-1", uncompressed_pdf=False
    )

"""The build's products besides pages: figure data, the number registry, workbook, manifest,
front page, and the final scan for leftovers."""

from __future__ import annotations

import html
import json
import platform
import re
import shutil
import subprocess
from importlib import metadata
from pathlib import Path

from rusrapport.errors import InputError
from rusrapport.pipeline.export import ChapterPage, page_html
from rusrapport.text.leftovers import LEFTOVER

PACKAGES = (
    "pandas",
    "numpy",
    "scipy",
    "statsmodels",
    "matplotlib",
    "papermill",
    "nbconvert",
    "weasyprint",
    "pandera",
    "babel",
)


def chapter_record(chapter_dir: Path) -> dict:
    return json.loads((chapter_dir / "chapter.json").read_text(encoding="utf-8"))


def collect_data(chapter_dirs: list[Path], records: list[dict], target: Path) -> list[str]:
    """Copy every chapter's figure data into one folder; ids must be unique across the report.
    Returns the ids in reading order (chapters in report order, figures as they appear)."""
    target.mkdir(parents=True, exist_ok=True)
    seen: dict[str, Path] = {}
    order: list[str] = []
    for chapter_dir, record in zip(chapter_dirs, records, strict=True):
        for item in record["figures"]:
            csv = chapter_dir / "data" / f"{item['id']}.csv"
            if item["id"] in seen:
                raise InputError.single(
                    str(csv), f"figure id '{item['id']}' is also used in {seen[item['id']]}"
                )
            seen[item["id"]] = chapter_dir
            order.append(item["id"])
            shutil.copyfile(csv, target / csv.name)
    return order


def numbers_json(records: list[dict]) -> list[dict]:
    rows = []
    for record in records:
        for number_id, item in sorted(record["numbers"].items()):
            rows.append({"id": f"{record['chapter']}.{number_id}", **item})
    return rows


NOTES = [
    ("value", "Prosent for andeler (27,0 = 27 %), antall for dødsfall, år for aldre, per 100 000 for rater."),
    ("lower, upper", "Nedre og øvre grense for 95 % konfidensintervall."),
    ("n", "Antall svar (uvektet) bak anslaget."),
    (
        "flag",
        "present = vises; footnote = usikkert anslag, tolkes med forsiktighet; "
        "suppress = for usikkert til å vises (NCHS-reglene for andeler).",
    ),
    ("Tomme celler", "Tallet finnes ikke eller er ikke relevant."),
]


def write_workbook(
    data_dir: Path, ids: list[str], meta: dict[str, dict], target: Path, *, title: str, synthetic: bool
) -> None:
    """All figure data in one workbook after the UK 'releasing statistics in spreadsheets' advice:
    a cover sheet, a contents sheet with links, a notes sheet, then one table per sheet with its
    title in A1 and no merged cells or blank rows inside the table."""
    import pandas as pd
    from openpyxl.styles import Font

    with pd.ExcelWriter(target, engine="openpyxl") as writer:
        cover = [
            "Data bak figurer og tabeller.",
            "Hvert ark har én tabell; arket «Innhold» lenker til dem.",
            "Kilder: Rus- og tobakksundersøkelsen (SSB), Dødsårsaksregisteret (FHI), befolkningstall (SSB).",
        ]
        if synthetic:
            cover.append(
                "Syntetiske data: tallene er beregnet fra syntetiske og avledede testdata og er ikke offisiell statistikk."
            )
        pd.DataFrame({"": cover}).to_excel(
            writer, sheet_name="Forside", index=False, header=False, startrow=2
        )
        sheet = writer.sheets["Forside"]
        sheet["A1"] = title
        sheet["A1"].font = Font(bold=True, size=14)
        contents = pd.DataFrame(
            {
                "Ark": [f"T{i + 1}" for i in range(len(ids))],
                "Id": ids,
                "Tittel": [meta.get(i, {}).get("title", "") for i in ids],
                "Kapittel": [meta.get(i, {}).get("chapter", "") for i in ids],
            }
        )
        contents.to_excel(writer, sheet_name="Innhold", index=False, startrow=2)
        sheet = writer.sheets["Innhold"]
        sheet["A1"] = "Innhold"
        sheet["A1"].font = Font(bold=True, size=14)
        for row in range(len(ids)):
            cell = sheet.cell(row=row + 4, column=1)
            cell.hyperlink = f"#'T{row + 1}'!A1"
            cell.style = "Hyperlink"
        notes = pd.DataFrame(NOTES, columns=["Kolonne", "Forklaring"])
        notes.to_excel(writer, sheet_name="Merknader", index=False, startrow=2)
        writer.sheets["Merknader"]["A1"] = "Merknader"
        writer.sheets["Merknader"]["A1"].font = Font(bold=True, size=14)
        for i, figure_id in enumerate(ids):
            name = f"T{i + 1}"
            pd.read_csv(data_dir / f"{figure_id}.csv").to_excel(
                writer, sheet_name=name, index=False, startrow=3
            )
            sheet = writer.sheets[name]
            sheet["A1"] = meta.get(figure_id, {}).get("title", figure_id)
            sheet["A1"].font = Font(bold=True, size=12)
            sheet["A2"] = f"Id: {figure_id}. Se arket «Merknader» for kolonnene." + (
                " Syntetiske data." if synthetic else ""
            )
        for sheet in writer.book.worksheets:  # the workbook holds no formulas: text stays text
            for row in sheet.iter_rows():
                for cell in row:
                    if cell.data_type == "f":
                        cell.data_type = "s"


def git_commit(root: Path) -> str | None:
    try:
        out = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True, timeout=5, check=True
        )
        dirty = subprocess.run(
            ["git", "status", "--porcelain"], cwd=root, capture_output=True, text=True, timeout=5
        )
        return out.stdout.strip() + ("-dirty" if dirty.stdout.strip() else "")
    except (OSError, subprocess.SubprocessError):
        return None


def versions() -> dict[str, str]:
    found = {"python": platform.python_version()}
    for name in PACKAGES:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = "missing"
    return found


def scan_leftovers(pages: dict[str, str]) -> list[str]:
    """Visible text of reader pages must not contain 'nan', 'None', 'TODO' or '{placeholders}'."""
    problems = []
    for name, text in pages.items():
        body = re.sub(r"<(style|script)\b.*?</\1>", " ", text, flags=re.S)
        body = re.sub(r'<img [^>]*src="data:[^"]*"[^>]*>', " ", body)
        visible = html.unescape(re.sub(r"<[^>]+>", " ", body))
        for match in LEFTOVER.finditer(visible):
            start = max(match.start() - 40, 0)
            problems.append(
                f"{name}: leftover '{match.group(0)}' in '…{visible[start : match.end() + 40].strip()}…'"
            )
    return problems


def colophon(
    config, checksums: dict[str, str], synthetic: bool, built_on: str = "", commit: str | None = None
) -> str:
    rows = "".join(
        f"<dt>{html.escape(name)}</dt><dd><code>{html.escape(path.name)}</code>"
        f"{' (syntetiske data)' if path in config.synthetic_inputs else ''} – sjekksum <code>{checksums[name][:12]}</code></dd>"
        for name, path in config.inputs.items()
    )
    return (
        '<section class="colophon" id="kolofon"><h1>Om denne utgaven</h1>'
        f"<p>{html.escape(config.title)} {config.edition_year} er bygget automatisk fra dataene nedenfor. Alle tall, "
        "figurer og tabeller er beregnet fra dataene; ingen er skrevet inn for hånd.</p>"
        + (
            "<p>Dataene er syntetiske eller avledede testdata og gir ikke offisiell statistikk.</p>"
            if synthetic
            else ""
        )
        + f"<dl>{rows}</dl>"
        + (f"<p>Bygget {html.escape(built_on)}" if built_on else "<p>")
        + (f" fra programversjon <code>{html.escape(commit[:12])}</code>." if commit else ".")
        + " Programversjoner, parametere og tidspunkt står i <code>manifest.json</code>.</p></section>"
    )


def index_html(
    config,
    pages: list[ChapterPage],
    nav: list[tuple[str, str]],
    checksums: dict[str, str],
    synthetic: bool,
    pdf: bool,
    built_on: str = "",
    commit: str | None = None,
) -> str:
    items = "".join(
        f'<li><a href="{p.chapter_id}.html">{p.number} {html.escape(p.title)}</a> '
        f'<span class="note">(<a href="notebooks/{p.chapter_id}.html">med kode</a>)</span></li>'
        for p in pages
    )
    downloads = (
        ('<li><a href="report.pdf">Hele rapporten (PDF)</a></li>' if pdf else "")
        + '<li><a href="data/report_data.xlsx">Data bak alle figurer og tabeller (Excel)</a></li>'
        + '<li><a href="numbers.json">Alle tall i teksten (JSON)</a></li>'
    )
    main = (
        f"<h1>{html.escape(config.title)} {config.edition_year}</h1>"
        "<p>Tall om bruk av illegale rusmidler og narkotikautløste dødsfall i Norge.</p>"
        f'<nav class="toc" aria-label="Innhold"><h2>Innhold</h2><ol>{items}</ol></nav>'
        f"<h2>Last ned</h2><ul>{downloads}</ul>"
        + colophon(config, checksums, synthetic, built_on, commit)
        .replace("<h1>", "<h2>")
        .replace("</h1>", "</h2>")
    )
    return page_html(
        title=f"{config.title} {config.edition_year}",
        report_title=config.title,
        edition=config.edition_year,
        main=main,
        nav=nav,
        current="index.html",
        synthetic=synthetic,
    )

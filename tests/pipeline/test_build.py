"""The build end to end: outputs, incremental rebuilds, failures, bad input, self-contained HTML, PDF."""

from __future__ import annotations

import itertools
import json
import re
from pathlib import Path

import nbformat
import pytest
from pypdf import PdfReader

from rusrapport.pipeline import cli
from rusrapport.pipeline.publish import build_lock
from tests.pipeline.conftest import ROOT, copy_project, run_build
from tests.pipeline.test_analyst_moves import assert_failures_are_replaced_then_cleared

CHAPTERS = ("main_messages", "drug_use", "cannabis", "stimulants", "deaths", "methods")


def statuses(project: Path) -> dict[str, str]:
    manifest = json.loads((project / "outputs" / "manifest.json").read_text())
    return {c["id"]: c["status"] for c in manifest["chapters"]}


def test_cold_build_writes_everything(built):
    out = built / "outputs"
    for name in ["index.html", "report.pdf", "numbers.json", "manifest.json", "data/report_data.xlsx"]:
        assert (out / name).is_file(), name
    for chapter in CHAPTERS:
        assert (out / f"{chapter}.html").is_file()
        assert (out / "notebooks" / f"{chapter}.ipynb").is_file()
        assert (out / "notebooks" / f"{chapter}.html").is_file()
        assert (out / "logs" / f"{chapter}.log").is_file()
    assert (out / "data" / "use_ever_by_substance.csv").is_file()
    assert statuses(built) == {c: "executed" for c in CHAPTERS}
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["synthetic_inputs"] is True
    assert set(manifest["inputs"]) >= {"survey", "deaths", "population", "standard_population", "fieldwork"}
    assert all(len(v["sha256"]) == 64 for v in manifest["inputs"].values())
    assert manifest["versions"]["papermill"] != "missing"


def test_numbers_registry(built):
    numbers = json.loads((built / "outputs" / "numbers.json").read_text())
    by_id = {n["id"]: n for n in numbers}
    assert by_id["methods.respondents"]["value"] == 4614
    assert by_id["methods.respondents"]["text"] == "4\u202f614"
    assert by_id["drug_use.ever_cannabis_2025"]["text"] == "nærmere 27\u00a0%"
    assert all({"id", "value", "text", "chapter"} <= set(n) for n in numbers)


def test_figure_data_tidy_and_reproduces_spec(built):
    import pandas as pd

    data = pd.read_csv(built / "outputs" / "data" / "use_ever_by_substance.csv")
    assert list(data.columns) == [
        "year",
        "sex",
        "age_group",
        "measure",
        "substance",
        "value",
        "lower",
        "upper",
        "n",
        "flag",
    ]
    value = data.set_index("substance")["value"]
    assert 26.25 <= value["cannabis"] < 27  # "nærmere 27 %"
    assert round(value["kokain"]) == 8 and round(value["mdma"]) == 6 and round(value["amfetaminer"]) == 6
    assert round(value["lsd"]) == 3
    assert all(value[s] < 1.5 for s in ("ghb", "heroin", "andre"))  # "rundt 1 % eller mindre"


def _html_files(out: Path) -> list[Path]:
    return sorted(out.glob("*.html")) + sorted((out / "notebooks").glob("*.html"))


def test_html_is_self_contained(built):
    pattern = re.compile(
        r"<(script|link|img|iframe|source)\b[^>]*\b(src|href)\s*=\s*[\"']?(https?:)?//", re.I
    )
    for page in _html_files(built / "outputs"):
        text = page.read_text()
        assert not pattern.search(text), page.name
        assert "<script src" not in text and "require.js" not in text and "mathjax" not in text.lower(), (
            page.name
        )
        assert 'lang="nb"' in text


def test_reader_pages_have_no_code_or_parameters(built):
    page = (built / "outputs" / "drug_use.html").read_text()
    assert "load_survey" not in page and "edition_year" not in page and "output_dir" not in page
    assert "Figur 1." in page and "Syntetiske data" in page
    assert all(img.group(1).strip() for img in re.finditer(r'<img [^>]*alt="([^"]*)"', page))


def test_pdf_contents(built):
    reader = PdfReader(str(built / "outputs" / "report.pdf"))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Innhold" in text
    for title in (
        "Rusmiddelbruk i Norge",
        "Cannabis",
        "Sentralstimulerende rusmidler",
        "Narkotikautløste dødsfall",
        "Metode og datakilder",
    ):
        assert text.count(title) >= 2  # contents page and chapter heading
    assert "Figur 1." in text and "Tabell 1." in text
    assert text.count("Syntetiske data") >= len(reader.pages)  # on every page
    assert re.search(r"Side \d+ av \d+", text)


def test_no_op_rebuild_executes_nothing(built):
    before = (built / "outputs" / "manifest.json").read_bytes()
    result = run_build(built)
    assert result.returncode == 0, result.stderr
    assert "Nothing to rebuild" in result.stdout
    assert (built / "outputs" / "manifest.json").read_bytes() == before


def test_markdown_edit_reruns_exactly_one_chapter(project):
    path = project / "notebooks" / "methods.ipynb"
    nb = nbformat.read(str(path), as_version=4)
    markdown = next(c for c in nb.cells if c.cell_type == "markdown")
    markdown.source += "\n\nEn ny setning fra analytikeren."
    nbformat.write(nb, str(path))
    result = run_build(project, "--formats", "html")
    assert result.returncode == 0, result.stderr
    assert statuses(project) == {c: "executed" if c == "methods" else "reused" for c in CHAPTERS}
    assert "En ny setning fra analytikeren." in (project / "outputs" / "methods.html").read_text()
    # The last PDF shows the old text: it is not left beside the new pages, and the summary says so.
    assert "report.pdf REMOVED: it no longer matched the pages" in result.stdout
    assert not (project / "outputs" / "report.pdf").exists()
    assert 'href="report.pdf"' not in (project / "outputs" / "index.html").read_text()


def test_failing_chapter_keeps_last_good_report(project):
    pdf_before = (project / "outputs" / "report.pdf").read_bytes()
    path = project / "notebooks" / "drug_use.ipynb"
    source = path.read_bytes()
    nb = nbformat.read(str(path), as_version=4)
    nb.cells.insert(3, nbformat.v4.new_code_cell("raise ValueError('deliberate failure for the test')"))
    nbformat.write(nb, str(path))
    result = run_build(project)
    assert result.returncode == 1
    assert "chapter 'drug_use' failed in cell 4" in result.stderr
    assert "ValueError: deliberate failure for the test" in result.stderr
    assert (project / "outputs" / "report.pdf").read_bytes() == pdf_before
    assert (project / "outputs.failed" / "drug_use.ipynb").is_file()
    assert not (project / ".outputs.staging").exists()
    log = (project / "outputs.failed" / "drug_use.log").read_text()
    assert "Executing Cell" in log  # papermill's account of the run
    assert "Traceback" in log and "ValueError: deliberate failure for the test" in log
    assert_failures_are_replaced_then_cleared(project, fixed=path, fixed_source=source)


def test_bad_input_stops_before_any_chapter(project, monkeypatch, capsys):
    bad = project / "data" / "deaths_bad.csv"
    text = (project / "data" / "deaths.csv").read_text().splitlines()
    text[5] = (
        text[5].replace(",Oslo,", ",Viken,")
        if ",Oslo," in text[5]
        else text[5].rsplit(",", 1)[0] + ",kanskje"
    )
    bad.write_text("\n".join(text) + "\n")
    import rusrapport.pipeline.execute as execute

    monkeypatch.setattr(execute, "run_all", lambda *a, **k: pytest.fail("a chapter ran despite bad input"))
    before = (project / "outputs" / "manifest.json").read_bytes()
    code = cli.main(["--config", str(project / "report.toml"), "--deaths", str(bad)])
    err = capsys.readouterr().err
    assert code == 2
    assert "deaths_bad.csv" in err and "row 5" in err
    assert (project / "outputs" / "manifest.json").read_bytes() == before


def test_unknown_chapter_parameter_is_refused(project, capsys):
    config = project / "report.toml"
    config.write_text(
        config.read_text().replace(
            'title = "Metode og datakilder"',
            'title = "Metode og datakilder"\nparameters = { colour = "red" }',
        )
    )
    assert cli.main(["--config", str(config), "--force"]) == 2
    assert "does not declare: ['colour']" in capsys.readouterr().err


def test_notebook_parameter_the_build_cannot_supply_is_refused(project, capsys):
    path = project / "notebooks" / "methods.ipynb"
    nb = nbformat.read(str(path), as_version=4)
    nb.cells[0].source += "\nsecret_threshold = 3  # not something the build knows"
    nbformat.write(nb, str(path))
    assert cli.main(["--config", str(project / "report.toml")]) == 2
    assert "does not supply: ['secret_threshold']" in capsys.readouterr().err


def test_lock_stops_a_second_build(project, capsys):
    with build_lock(project / "outputs"):
        assert cli.main(["--config", str(project / "report.toml")]) == 3
    assert "another build is running" in capsys.readouterr().err


def test_two_forced_builds_are_identical(project):
    out = project / "outputs"
    snapshots = []
    for _ in range(2):
        result = run_build(project, "--force", "--formats", "html")
        assert result.returncode == 0, result.stderr
        snapshots.append({p.relative_to(out): p.read_bytes() for p in _compared(out)})
    first, second = snapshots
    assert first.keys() == second.keys()
    differing = [str(k) for k in first if first[k] != second[k]]
    assert not differing, differing


def _compared(out: Path) -> list[Path]:
    return [*sorted(out.glob("data/*.csv")), out / "numbers.json", *_html_files(out)]


def test_notebooks_are_committed_without_outputs():
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        nb = nbformat.read(str(path), as_version=4)
        for cell in nb.cells:
            if cell.cell_type == "code":
                assert cell.outputs == [] and cell.execution_count is None, (
                    f"{path.name}: strip outputs before committing"
                )
        tags = [c.metadata.get("tags", []) for c in nb.cells]
        assert ["parameters"] in tags, f"{path.name} needs a cell tagged 'parameters'"


def test_changed_input_lists_exactly_the_affected_numbers(project):
    path = project / "data" / "survey_fieldwork.csv"
    text = path.read_text()
    path.write_text(text.replace("2025,8000,", "2025,8100,"))
    result = run_build(project, "--formats", "html")
    assert result.returncode == 0, result.stderr
    assert statuses(project)["methods"] == "executed" and statuses(project)["cannabis"] == "reused"
    manifest = json.loads((project / "outputs" / "manifest.json").read_text())
    changed = {item["id"] for item in manifest["changes"]["items"]}
    assert changed == {
        "methods.gross_sample",
        "methods.net_sample",
        "methods.response_rate",
        "methods.noncontact_share",
    }
    page = (project / "outputs" / "changes.html").read_text()
    assert "4 tall i teksten er endret" in page and "8\u202f100" in page
    assert "Changes: 4 number(s)" in result.stdout


def test_pages_are_accessible(built):
    for page in [*sorted((built / "outputs").glob("*.html"))]:
        text = page.read_text()
        for landmark in (
            '<header class="site" role="banner">',
            "<nav ",
            '<main id="main">',
            'role="contentinfo"',
        ):
            assert landmark in text, (page.name, landmark)
        levels = [int(h) for h in re.findall(r"<h([1-6])[ >]", text.split('<main id="main">', 1)[1])]
        assert levels and levels[0] == 1, page.name
        assert all(b - a <= 1 for a, b in itertools.pairwise(levels)), (
            page.name,
            levels,
        )  # no skipped levels
        for img in re.findall(r"<img [^>]*>", text):
            assert re.search(r'alt="[^"]{10,}"', img), page.name
        for figure in re.findall(r'<figure class="(?:figure|table)" id="([a-z0-9_]+)"', text):
            assert f'href="data/{figure}.csv"' in text, (page.name, figure)
            assert (built / "outputs" / "data" / f"{figure}.csv").is_file()


def test_pdf_is_tagged_with_title_language_and_bookmarks(built):
    reader = PdfReader(str(built / "outputs" / "report.pdf"))
    assert reader.metadata.title == "Tall om illegale rusmidler 2025"
    catalog = reader.trailer["/Root"]
    assert bool(catalog["/MarkInfo"]["/Marked"]) and str(catalog["/Lang"]) == "nb"
    titles = [item.title for item in reader.outline if not isinstance(item, list)]
    assert "Innledning og hovedbudskap" in " ".join(titles) and "Metode og datakilder" in " ".join(titles)


def test_workbook_follows_the_spreadsheet_conventions(built):
    from openpyxl import load_workbook

    book = load_workbook(built / "outputs" / "data" / "report_data.xlsx")
    assert book.sheetnames[:3] == ["Forside", "Innhold", "Merknader"]
    ids = [row[1] for row in book["Innhold"].iter_rows(min_row=4, values_only=True)]
    assert len(book.sheetnames) == 3 + len(ids)
    assert ids[0] == "use_ever_by_substance"  # reading order, not alphabetical
    first = book["T1"]
    assert first["A1"].value.startswith("Andel som har brukt") and first["A4"].value == "year"
    assert "Syntetiske data" in " ".join(str(c.value) for c in book["Forside"]["A"] if c.value)


def test_statements_follow_altered_data(project):
    """Run the chapters on a variant of the data where the reported conditions change."""
    import pandas as pd

    survey = pd.read_parquet(project / "data" / "survey.parquet")
    women_21_25 = (survey["year"] == 2025) & (survey["sex"] == "female") & survey["age"].between(21, 25)
    survey.loc[women_21_25, ["cannabis_12m", "cannabis_4w"]] = 0.0  # no reversal among 21-25
    survey.loc[women_21_25, ["cannabis_times_12m", "cannabis_days_4w"]] = None
    extra = (
        (survey["year"] == 2025)
        & (survey["age"] <= 64)
        & (survey["cocaine_ever"] == 0)
        & (survey.index % 15 == 0)
    )
    survey.loc[extra, "cocaine_ever"] = 1.0  # cocaine now peaks in 2025
    survey.to_parquet(project / "data" / "survey_variant.parquet", index=False)
    deaths = pd.read_csv(project / "data" / "deaths.csv")
    heroin = deaths[
        (deaths["year"] == 2024) & (deaths["underlying_cause"] == "X42") & (deaths["t_codes"] == "T40.1")
    ]
    added = (
        pd.concat([heroin] * (60 // len(heroin) + 1))
        .head(60)
        .assign(death_id=[f"NEW-{i}" for i in range(60)])
    )
    pd.concat([deaths, added]).to_csv(project / "data" / "deaths_variant.csv", index=False)

    result = run_build(project, "--formats", "html", "--survey", str(project / "data" / "survey_variant.parquet"),
                       "--deaths", str(project / "data" / "deaths_variant.csv"))  # fmt: skip
    assert result.returncode == 0, result.stderr
    cannabis = (project / "outputs" / "cannabis.html").read_text()
    assert "for første gang i perioden" not in cannabis
    assert "Menn rapporterte høyere bruk enn kvinner i alle de tre aldersgruppene" in cannabis
    stimulants = (project / "outputs" / "stimulants.html").read_text()
    assert "den høyeste i perioden" in stimulants and "liten nedgang" not in stimulants
    deaths_page = (project / "outputs" / "deaths.html").read_text()
    assert "flere enn de 391 i 2023" in deaths_page and "Heroin var blant de tre vanligste" in deaths_page
    main = (project / "outputs" / "main_messages.html").read_text()
    assert "en økning fra 391 i 2023" in main and "ikke lenger" not in main
    assert "svak nedgang i 2025" not in main and "var høyest i 2025" in main


def test_each_notebook_runs_on_its_own_with_default_parameters(tmp_path):
    """What an analyst does in JupyterLab: run a chapter top to bottom, no build, no injected values."""
    import papermill

    project = copy_project(tmp_path / "lab")
    for notebook in sorted((project / "notebooks").glob("*.ipynb")):
        papermill.execute_notebook(str(notebook), str(tmp_path / f"{notebook.stem}.out.ipynb"),
                                   cwd=str(notebook.parent), progress_bar=False, kernel_name="python3")  # fmt: skip
        chapter = json.loads(
            (project / "notebooks" / ".scratch" / notebook.stem / "chapter.json").read_text()
        )
        assert chapter["numbers"] or chapter["figures"], notebook.name
    assert not (project / "outputs").exists()  # a hand run never writes into the build's folders

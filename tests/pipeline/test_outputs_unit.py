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


def test_published_paths_name_nothing_of_the_build_machine(tmp_path):
    from rusrapport.pipeline.runner import published_path

    root = tmp_path / "project"
    assert published_path(root / "data" / "survey.parquet", root) == "data/survey.parquet"
    assert published_path(tmp_path / "elsewhere" / "rus2025.asc", root) == "rus2025.asc"
    assert published_path(None, root) == ""


def test_control_drug_setting_is_read_from_report_toml(tmp_path):
    from rusrapport.pipeline.config import load_config
    from tests.pipeline.conftest import copy_project

    project = copy_project(tmp_path / "p")
    assert load_config(project / "report.toml").exclude_control_drug is True
    config = project / "report.toml"
    config.write_text(
        config.read_text().replace("exclude_control_drug = true", "exclude_control_drug = false")
    )
    assert load_config(config).exclude_control_drug is False

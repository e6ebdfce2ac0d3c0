"""The report built from realistic deliveries (SSB's fixed-width yearly files with their infix
scripts and mappings, a register-style death extract) equals the default report."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from rusrapport.pipeline import cli
from tests.deliveries import ROUTING_REMOVED, write_death_extract, write_survey_delivery
from tests.pipeline.conftest import copy_project, run_build

RELEVIN = {2013: 3, 2025: 5}
CONTROL_DRUG = {"methods.control_drug_excluded"}  # what the control-drug rule adds, and nothing else


def _use_deliveries(project: Path) -> None:
    folder = project / "delivery"
    write_survey_delivery(pd.read_parquet(project / "data" / "survey.parquet"), folder, RELEVIN)
    write_death_extract(pd.read_csv(project / "data" / "deaths.csv"), folder)
    config = project / "report.toml"
    text = config.read_text(encoding="utf-8")
    for old, new in (
        ('survey = "data/survey.parquet"', 'survey = "delivery/rusus.toml"'),
        ('deaths = "data/deaths.csv"', 'deaths = "delivery/dodsarsak.csv"'),
        ('deaths_mapping = ""', 'deaths_mapping = "delivery/dodsarsak.toml"'),
        ("synthetic = [", 'synthetic = ["delivery/rusus.toml", "delivery/dodsarsak.csv", '),
    ):
        assert old in text, old
        text = text.replace(old, new)
    config.write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def delivered(tmp_path_factory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("delivered"))
    _use_deliveries(project)
    result = run_build(project, "--force", "--formats", "html")
    assert result.returncode == 0, result.stderr + result.stdout
    (project / "build.log").write_text(result.stdout, encoding="utf-8")
    return project


def test_deliveries_give_the_same_numbers_and_figures(built, delivered):
    def numbers(project: Path) -> dict[str, tuple]:
        items = json.loads((project / "outputs" / "numbers.json").read_text(encoding="utf-8"))
        return {n["id"]: (n["value"], n["text"]) for n in items}

    default, real = numbers(built), numbers(delivered)
    assert set(real) - set(default) == CONTROL_DRUG
    assert {k: real[k] for k in default} == default
    assert real["methods.control_drug_excluded"][0] == RELEVIN[2025]
    figures = sorted(p.name for p in (built / "outputs" / "data").glob("*.csv"))
    assert sorted(p.name for p in (delivered / "outputs" / "data").glob("*.csv")) == sorted(
        [*figures, "control_drug_excluded.csv"]
    )
    differing = [
        name
        for name in figures
        if (built / "outputs" / "data" / name).read_bytes()
        != (delivered / "outputs" / "data" / name).read_bytes()
    ]
    assert not differing, differing
    for page in ("drug_use", "cannabis", "stimulants", "deaths", "main_messages"):  # the figures themselves
        assert (built / "outputs" / f"{page}.html").read_bytes() == (
            delivered / "outputs" / f"{page}.html"
        ).read_bytes(), page
    excluded = pd.read_csv(delivered / "outputs" / "data" / "control_drug_excluded.csv")
    assert dict(zip(excluded["year"], excluded["excluded"], strict=True)) == {
        y: RELEVIN.get(y, 0) for y in excluded["year"]
    }
    assert "Relevin" in (delivered / "outputs" / "methods.html").read_text(encoding="utf-8")


def test_manifest_names_inputs_relative_to_the_project(delivered):
    manifest = json.loads((delivered / "outputs" / "manifest.json").read_text(encoding="utf-8"))
    paths = {name: entry["path"] for name, entry in manifest["inputs"].items()}
    assert paths["survey"] == "delivery/rusus.toml"
    assert paths["deaths_mapping"] == "delivery/dodsarsak.toml"
    published = [delivered / "outputs" / "manifest.json", *sorted((delivered / "outputs").glob("*.html"))]
    for path in published:
        assert str(delivered) not in path.read_text(encoding="utf-8"), path.name


def test_routed_file_without_routing_rule_is_refused(tmp_path, capsys):
    project = copy_project(tmp_path / "p")
    _use_deliveries(project)
    base = project / "delivery" / "rus2025.toml"
    text = base.read_text(encoding="utf-8")
    for line in ROUTING_REMOVED:
        text = text.replace(line, "")
    base.write_text(text, encoding="utf-8")
    code = cli.main(["--config", str(project / "report.toml")])
    err = capsys.readouterr().err
    assert code == 2
    assert "looks routed" in err and "cannabis_12m" in err and "cocaine_12m" in err
    assert '"*_12m" = "0 where *_ever == 0"' in err
    assert not (project / "outputs").exists()


def test_verbose_build_says_what_each_rule_changed(delivered):
    log = (delivered / "build.log").read_text(encoding="utf-8")
    assert "rus2025.asc: recode cannabis_ever:" in log
    assert "rus2024.asc: recode sex:" in log
    assert "rus2025.asc: routing cannabis_12m = 0 where cannabis_ever == 0:" in log
    assert "dodsarsak.csv: recode sex:" in log
    assert f"survey 2025: {RELEVIN[2025]} respondent(s) reporting the control drug excluded" in log

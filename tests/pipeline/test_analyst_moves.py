"""An analyst's ordinary moves never publish a wrong number: hand runs, partial builds, failures,
and the commands the README gives."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from rusrapport.chapter import Chapter
from tests.pipeline.conftest import ROOT, run_build

CHAPTERS = ("main_messages", "drug_use", "cannabis", "stimulants", "deaths", "methods")


def statuses(project: Path) -> dict[str, str]:
    manifest = json.loads((project / "outputs" / "manifest.json").read_text())
    return {c["id"]: c["status"] for c in manifest["chapters"]}


def number(project: Path, number_id: str) -> object:
    numbers = json.loads((project / "outputs" / "numbers.json").read_text())
    return next(n["value"] for n in numbers if n["id"] == number_id)


def test_a_hand_run_cannot_write_into_a_published_build(tmp_path):
    out = tmp_path / "outputs"
    (out / ".build").mkdir(parents=True)
    (out / ".build" / "state.json").write_text("{}")
    with pytest.raises(ValueError, match=r"\.scratch/cannabis"):
        Chapter.start("cannabis", out / ".chapters" / "cannabis", synthetic=True)
    assert not (out / ".chapters").exists()
    Chapter.start("cannabis", tmp_path / ".staging" / ".chapters" / "cannabis", synthetic=True)  # the build's


def _write_record(project: Path, chapter_id: str, number_id: str, add: int) -> None:
    """What a hand-run notebook with a changed computation (debut age + 100) left in the build."""
    path = project / "outputs" / ".chapters" / chapter_id / "chapter.json"
    record = json.loads(path.read_text())
    record["numbers"][number_id]["value"] += add
    path.write_text(json.dumps(record, ensure_ascii=False, indent=1, sort_keys=True) + "\n")


def test_a_reused_chapter_whose_files_changed_runs_again(project):
    """The issue's scenario: a build that reuses cannabis (here an HTML-only one) must not publish
    the hand run's 118; nor may it keep a PDF unless it shows the same pages."""
    pdf = (project / "outputs" / "report.pdf").read_bytes()
    assert number(project, "cannabis.debut_mode") == 18
    _write_record(project, "cannabis", "debut_mode", 100)
    result = run_build(project, "--formats", "html", verbose=False)
    assert result.returncode == 0, result.stderr
    assert number(project, "cannabis.debut_mode") == 18
    assert statuses(project) == {c: "executed" if c == "cannabis" else "reused" for c in CHAPTERS}
    # An unattended run (no terminal, no --verbose) still says why, what ran and what was built.
    assert "cannabis: its files in" in result.stdout and "running it again" in result.stdout
    assert "executed cannabis; reused main_messages, drug_use, stimulants, deaths, methods" in result.stdout
    # Cannabis ran from the same notebook and data: the last PDF still shows these pages.
    assert "report.pdf kept from the last build" in result.stdout
    assert (project / "outputs" / "report.pdf").read_bytes() == pdf
    assert 'href="report.pdf"' in (project / "outputs" / "index.html").read_text()
    assert json.loads((project / "outputs" / "manifest.json").read_text())["pdf"] == "kept"


def test_an_html_only_build_after_a_full_one_leaves_the_pdf(project):
    pdf = (project / "outputs" / "report.pdf").read_bytes()
    result = run_build(project, "--formats", "html")
    assert result.returncode == 0, result.stderr
    assert "Nothing to rebuild" in result.stdout
    assert (project / "outputs" / "report.pdf").read_bytes() == pdf


def assert_failures_are_replaced_then_cleared(project: Path, fixed: Path, fixed_source: bytes) -> None:
    """Continues a failed build (test_build's failing chapter): the next failure replaces its
    evidence, the next good build removes it."""
    fixed.write_bytes(fixed_source)
    methods = project / "notebooks" / "methods.ipynb"
    source = methods.read_bytes()
    nb = nbformat.read(str(methods), as_version=4)
    nb.cells.insert(3, nbformat.v4.new_code_cell("raise ValueError('methods broken for the test')"))
    nbformat.write(nb, str(methods))
    assert run_build(project, "--formats", "html").returncode == 1
    kept = sorted(p.name for p in (project / "outputs.failed").iterdir())
    assert kept == ["methods.ipynb", "methods.log"]  # only the failure at hand
    assert "methods broken for the test" in (project / "outputs.failed" / "methods.log").read_text()

    methods.write_bytes(source)
    result = run_build(project, "--formats", "html")
    assert result.returncode == 0, result.stderr
    assert not (project / "outputs.failed").exists()
    assert "Removed" in result.stdout and "outputs.failed" in result.stdout


def test_run_all_works_with_any_python3():
    """The README's `python3 run_all.py --help`, outside the virtual environment."""
    python = Path(sys.base_prefix) / "bin" / "python3"
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH")}
    result = subprocess.run(
        [str(python), "-I", "run_all.py", "--help"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert "--formats" in result.stdout


def _make_dry_run(*args: str) -> str:
    """What make would run, with .venv taken as installed (-o) and nothing executed (-n)."""
    result = subprocess.run(["make", "-n", *args], cwd=ROOT, capture_output=True, text=True, check=True)
    return result.stdout


def test_make_lab_takes_options_and_starts_as_root():
    lab = _make_dry_run("-o", ".venv/.installed", "lab", "ARGS=--no-browser --port 8890")
    command = next(line for line in lab.splitlines() if "jupyter lab" in line)
    assert command.endswith("--no-browser --port 8890")
    assert ("--allow-root" in command) == (os.geteuid() == 0)


def test_make_report_passes_options():
    report = _make_dry_run("-o", ".venv/.installed", "report", "ARGS=--formats html")
    assert "run_all.py --verbose --formats html" in report


def test_the_dependency_install_shows_progress():
    install = _make_dry_run("-W", "requirements.lock", ".venv/.installed")
    pip = next(line for line in install.splitlines() if "-r requirements.lock" in line)
    assert "--quiet" not in pip and " -q " not in pip
    assert "Installing the pinned dependencies" in install

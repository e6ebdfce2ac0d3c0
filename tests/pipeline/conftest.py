"""A throwaway copy of the project (report.toml, notebooks, data) so builds never touch the repo."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def copy_project(target: Path) -> Path:
    target.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(ROOT / "report.toml", target / "report.toml")
    shutil.copyfile(ROOT / "requirements.lock", target / "requirements.lock")
    shutil.copytree(
        ROOT / "notebooks", target / "notebooks", ignore=shutil.ignore_patterns(".ipynb_checkpoints")
    )
    shutil.copytree(ROOT / "data", target / "data")
    return target


def run_build(project: Path, *args: str, verbose: bool = True) -> subprocess.CompletedProcess:
    """A build as a subprocess; ``verbose=False`` is an unattended run (stdout is not a terminal)."""
    return subprocess.run(
        [
            sys.executable,
            str(ROOT / "run_all.py"),
            "--config",
            str(project / "report.toml"),
            *(["--verbose"] if verbose else []),
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> Path:
    """One cold build of the default report, shared by the read-only tests."""
    project = copy_project(tmp_path_factory.mktemp("project"))
    result = run_build(project, "--force")
    assert result.returncode == 0, result.stderr + result.stdout
    return project


@pytest.fixture
def project(tmp_path, built) -> Path:
    """A private copy that starts from the shared build's outputs (so it is warm)."""
    copy = copy_project(tmp_path / "p")
    shutil.copytree(built / "outputs", copy / "outputs")
    return copy

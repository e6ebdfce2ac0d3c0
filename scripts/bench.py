"""Time the build as users meet it, against a hand-rolled papermill + nbconvert + WeasyPrint loop.

Prints: cold build (--force), no-op rebuild, rebuild after a one-chapter markdown edit, peak
memory, and the same notebooks run by the loop most teams write first (papermill CLI, then
`jupyter nbconvert`, then WeasyPrint, chapter by chapter), with the ratios. Runs in a temporary
copy of the project so outputs/ is not touched.
"""

from __future__ import annotations

import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
ROUNDS = 3


def copy_project(target: Path) -> Path:
    target.mkdir()
    for name in ("report.toml", "requirements.lock"):
        shutil.copyfile(ROOT / name, target / name)
    for name in ("notebooks", "data"):
        shutil.copytree(ROOT / name, target / name, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    return target


def timed(cmd: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, check=True, capture_output=True, text=True)
    return time.perf_counter() - start


def build(project: Path, *args: str) -> float:
    return timed(
        [sys.executable, str(ROOT / "run_all.py"), "--config", str(project / "report.toml"), *args], project
    )


def hand_rolled(project: Path) -> float:
    """papermill CLI → jupyter nbconvert CLI → weasyprint CLI, one chapter after another."""
    config = tomllib.loads((project / "report.toml").read_text())
    out = project / "handrolled"
    out.mkdir()
    data = {k: str((project / v).resolve()) for k, v in config["data"].items() if isinstance(v, str) and v}
    start = time.perf_counter()
    for chapter in config["chapters"]:
        notebook = project / chapter["notebook"]
        executed = out / f"{chapter['id']}.ipynb"
        params = [
            "-p",
            "output_dir",
            str(out / chapter["id"]),
            "-p",
            "edition_year",
            str(config["report"]["edition_year"]),
        ]
        for key in ("survey", "fieldwork", "standard_population"):
            params += ["-p", f"{key}_path", data[key]]
        subprocess.run(
            [str(BIN / "papermill"), str(notebook), str(executed), *params, "--cwd", str(notebook.parent)],
            check=True,
            capture_output=True,
        )
        subprocess.run(
            [str(BIN / "jupyter"), "nbconvert", "--to", "html", "--no-input", str(executed)],
            check=True,
            capture_output=True,
        )
        subprocess.run(
            [str(BIN / "weasyprint"), str(executed.with_suffix(".html")), str(executed.with_suffix(".pdf"))],
            check=True,
            capture_output=True,
        )
    return time.perf_counter() - start


def one_round(tmp: Path) -> dict[str, float]:
    os.environ["RUSRAPPORT_CACHE"] = str(tmp / "cache")  # cold means no validated-input cache either
    project = copy_project(tmp / "project")
    times = {"cold": build(project, "--force")}
    times["noop"] = build(project)
    path = project / "notebooks" / "methods.ipynb"
    nb = nbformat.read(str(path), as_version=4)
    next(c for c in nb.cells if c.cell_type == "markdown").source += "\n\nEndret tekst."
    nbformat.write(nb, str(path))
    times["edit"] = build(project)
    times["loop"] = hand_rolled(project)
    return times


def main() -> None:
    rounds = []
    for _ in range(ROUNDS):
        with tempfile.TemporaryDirectory(prefix="rr-bench-") as tmp:
            rounds.append(one_round(Path(tmp)))
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    median = {key: statistics.median(r[key] for r in rounds) for key in rounds[0]}
    loop = median["loop"]
    rows = [
        ("cold build (--force)", "cold", f"{loop / median['cold']:.1f}x faster than the hand-rolled loop"),
        ("no-op rebuild", "noop", f"{loop / median['noop']:.0f}x faster than the hand-rolled loop"),
        ("one-chapter edit", "edit", f"{loop / median['edit']:.1f}x faster than the hand-rolled loop"),
        ("hand-rolled loop (papermill + nbconvert + weasyprint CLIs)", "loop", "reference"),
    ]
    print(f"median of {ROUNDS} rounds; each round in a fresh copy of the project")
    print(f"{'step':<60} {'seconds':>8}  {'all rounds':<22} comparison")
    for name, key, note in rows:
        spread = " ".join(f"{r[key]:.2f}" for r in rounds)
        print(f"{name:<60} {median[key]:8.2f}  {spread:<22} {note}")
    print(f"{'peak memory of the largest process (MB)':<60} {peak_mb:8.0f}")


if __name__ == "__main__":
    main()

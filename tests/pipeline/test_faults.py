"""Faults while building: killed and interrupted builds, a kill while publishing, the lock file.

A build owns its processes (workers and kernels end with it, however it ends), stages into a
folder no other build uses, and a publish cut short leaves the last good report whole.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from rusrapport.pipeline import cli, publish
from tests.pipeline.conftest import ROOT


def _children() -> dict[int, int]:
    """pid -> parent pid of every process on the machine."""
    parents = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    return parents


def _descendants(pid: int) -> set[int]:
    parents = _children()
    found, frontier = set(), {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def _alive(pids: set[int]) -> set[int]:
    alive = set()
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z":
            alive.add(pid)
    return alive


def _start(project: Path, *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, str(ROOT / "run_all.py"), "--config", str(project / "report.toml"), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


def _wait_for_running_chapters(project: Path, build: subprocess.Popen) -> set[int]:
    """Wait until the build's kernels run (a chapter log exists); its processes at that moment."""
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        assert build.poll() is None, build.communicate()
        logs = list(project.glob(".outputs.staging*/logs/*.kernel.log"))
        kernels = [p for p in _descendants(build.pid) if "ipykernel" in _cmdline(p)]
        if logs and kernels:
            return _descendants(build.pid)
        time.sleep(0.2)
    pytest.fail("the build never started its chapters")


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
    except OSError:
        return ""


def _gone(pids: set[int], within: float = 60) -> set[int]:
    """Processes still alive once they have had ``within`` seconds to end (a liveness bound)."""
    deadline = time.monotonic() + within
    while _alive(pids) and time.monotonic() < deadline:
        time.sleep(0.2)
    return _alive(pids)


def test_killed_build_leaves_no_process_and_never_writes_into_the_next(project):
    """The old build runs the 2025 edition; the next one, --year 2024, must publish only its own
    chapters: no 2025 text from the old build's workers, and no 2025 point from the data."""
    old = _start(project, "--force", "--formats", "html")
    processes = _wait_for_running_chapters(project, old)
    os.kill(old.pid, signal.SIGKILL)  # only the main process dies, as with the OOM killer
    old.wait()
    new = _start(project, "--force", "--year", "2024", "--formats", "html")
    out, err = new.communicate(timeout=600)
    assert new.returncode == 0, err + out
    assert not _gone(processes), "processes of the killed build are still running"
    assert not list(project.glob(".outputs.staging*"))
    assert "survey rows after the edition year 2024 are left out" in out
    published = project / "outputs"
    for chapter in ("drug_use", "cannabis", "stimulants", "main_messages", "methods"):
        page = (published / f"{chapter}.html").read_text()
        assert not re.search(r"\b2025\b", page), chapter
    assert "I 2024 oppga" in (published / "drug_use.html").read_text()
    for path in sorted((published / "data").glob("*.csv")):
        frame = pd.read_csv(path)
        if "year" in frame:
            assert frame["year"].max() <= 2024, path.name
    numbers = json.loads((published / "numbers.json").read_text())
    assert not [n["id"] for n in numbers if "2025" in n["id"]]


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_a_stop_signal_ends_with_one_line_cleans_up_and_releases_the_lock(project, signum):
    before = (project / "outputs" / "manifest.json").read_bytes()
    build = _start(project, "--force", "--formats", "html")
    processes = _wait_for_running_chapters(project, build)
    if signum == signal.SIGINT:
        os.killpg(build.pid, signum)  # Ctrl-C reaches the whole foreground process group
    else:
        build.send_signal(signum)
    out, err = build.communicate(timeout=60)
    assert build.returncode == 128 + signum
    lines = err.strip().splitlines()
    assert len(lines) == 1 and f"stopped by {signal.Signals(signum).name}" in lines[0], err
    assert "Traceback" not in err + out
    assert not _gone(processes)
    assert not list(project.glob(".outputs.staging*"))
    assert (project / "outputs" / "manifest.json").read_bytes() == before
    with publish.build_lock(project / "outputs"):  # released
        pass


def test_no_build_machine_path_in_published_files(built):
    """Executed notebooks and analyst pages included (the manifest's input paths are another
    issue's: it names inputs by relative path there)."""
    for path in sorted((built / "outputs").rglob("*")):
        if (
            path.is_file()
            and path.name != "manifest.json"
            and path.suffix in {".html", ".ipynb", ".json", ".csv", ".log"}
        ):
            assert str(built) not in path.read_text(encoding="utf-8", errors="replace"), path


def test_refused_build_keeps_the_running_builds_pid_in_the_lock(tmp_path):
    out = tmp_path / "outputs"
    lock = publish.lock_path(out)
    with publish.build_lock(out):
        script = (
            "import sys; from pathlib import Path; from rusrapport.pipeline.publish import build_lock, BuildLocked\n"
            "try:\n    build_lock(Path(sys.argv[1])).__enter__()\nexcept BuildLocked as e:\n    print(e)"
        )
        refused = subprocess.run([sys.executable, "-c", script, str(out)], capture_output=True, text=True)
        assert f"PID {os.getpid()}" in refused.stdout
        assert lock.read_text() == str(os.getpid())


def _report(folder: Path, marker: str) -> Path:
    (folder / "data").mkdir(parents=True)
    (folder / "index.html").write_text(marker)
    (folder / "data" / "a.csv").write_text(marker)
    return folder


def _kill_at_rename(monkeypatch, step: int) -> None:
    """Make the ``step``-th rename of the swap the moment the build is killed."""
    calls = {"n": 0}
    real = Path.rename

    def rename(self, target):
        calls["n"] += 1
        if calls["n"] == step:
            raise KeyboardInterrupt("killed")  # stands in for SIGKILL: nothing after it runs
        return real(self, target)

    monkeypatch.setattr(Path, "rename", rename)


@pytest.mark.parametrize("step", [1, 2])
def test_kill_between_publish_steps_leaves_a_complete_report(tmp_path, monkeypatch, step):
    out = _report(tmp_path / "outputs", "old")
    staging = _report(publish.staging_dir(out), "new")
    _kill_at_rename(monkeypatch, step)
    with pytest.raises(KeyboardInterrupt):
        publish.swap_in(staging, out)
    monkeypatch.undo()
    with publish.build_lock(out):
        publish.recover(out)
    assert (out / "index.html").read_text() == "old"
    assert (out / "data" / "a.csv").read_text() == "old"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith((".outputs.staging", ".outputs.old"))]


@pytest.mark.parametrize("step", [1, 2, 3, 4, 5, 6, 7])
def test_publish_into_a_mount_point_swaps_entries_and_recovers(tmp_path, monkeypatch, step):
    out = _report(tmp_path / "outputs", "old")
    monkeypatch.setattr(publish.os.path, "ismount", lambda p: Path(p) == out)
    staging = _report(publish.staging_dir(out), "new")
    assert staging.parent == out
    real = Path.rename

    def rename(self, target):  # the mount point itself can never be renamed
        if self == out:
            raise OSError(16, "Device or resource busy")
        return real(self, target)

    monkeypatch.setattr(Path, "rename", rename)
    calls = {"n": 0}

    def killing(self, target):
        calls["n"] += 1
        if calls["n"] == step:
            raise KeyboardInterrupt("killed")
        return rename(self, target)

    monkeypatch.setattr(Path, "rename", killing)
    try:
        publish.swap_in(staging, out)
        completed = True
    except KeyboardInterrupt:
        completed = False
    monkeypatch.setattr(Path, "rename", rename)
    publish.recover(out)
    expected = "new" if completed else "old"  # cut short anywhere: the last good report, whole
    assert (out / "index.html").read_text() == expected
    assert (out / "data" / "a.csv").read_text() == expected
    assert sorted(p.name for p in out.iterdir()) == ["data", "index.html"]


def test_a_following_build_says_when_there_is_no_earlier_report(tmp_path):
    from rusrapport.pipeline.runner import _unchanged

    assert "no earlier report" in _unchanged(tmp_path / "outputs")
    _report(tmp_path / "outputs", "old")
    assert "is unchanged" in _unchanged(tmp_path / "outputs")


def _config_copy(tmp_path: Path) -> Path:
    shutil.copyfile(ROOT / "report.toml", tmp_path / "report.toml")
    shutil.copytree(ROOT / "notebooks", tmp_path / "notebooks")
    return tmp_path / "report.toml"


@pytest.mark.parametrize(
    ("old", "new", "said"),
    [
        ("edition_year = 2025 ", "", "missing setting 'edition_year'"),
        ('title = "Tall om illegale rusmidler"', "", "missing setting 'title'"),
        ("edition_year = 2025 ", "edition_year = 2025.5 ", "must be a year such as 2025, not 2025.5"),
        ("edition_year = 2025 ", 'edition_year = "2025" ', "must be a year such as 2025, not '2025'"),
        ('survey = "data/survey.parquet"', "survey = 5", "setting 'survey' must be a non-empty text, not 5"),
        (
            'notebook = "notebooks/cannabis.ipynb"',
            'notebook = "notebooks/gone.ipynb"',
            "gone.ipynb not found",
        ),
    ],
)
def test_bad_configuration_is_a_message_and_exit_2(tmp_path, capsys, old, new, said):
    config = _config_copy(tmp_path)
    text = config.read_text()
    assert old in text
    config.write_text(text.replace(old, new, 1))
    assert cli.main(["--config", str(config)]) == 2
    err = capsys.readouterr().err
    assert said in err and "Traceback" not in err


def test_truncated_notebook_is_a_message_and_exit_2(tmp_path, capsys):
    config = _config_copy(tmp_path)
    notebook = tmp_path / "notebooks" / "methods.ipynb"
    notebook.write_bytes(notebook.read_bytes()[:500])
    assert cli.main(["--config", str(config)]) == 2
    assert "methods.ipynb cannot be read (truncated?)" in capsys.readouterr().err


def test_unexpected_error_is_one_message_and_exit_1(tmp_path, capsys, monkeypatch):
    from rusrapport.pipeline import runner

    def broken(config):
        raise RuntimeError("something no one wrote a message for")

    monkeypatch.setattr(runner, "input_digests", broken)
    assert cli.main(["--config", str(_config_copy(tmp_path))]) == 1
    err = capsys.readouterr().err
    assert "unexpected error: RuntimeError: something no one wrote a message for" in err
    assert "Traceback" not in err


def _papermill_failure(failing: int) -> nbformat.NotebookNode:
    """An executed notebook as papermill writes it when source cell ``failing`` (1-based) raised."""
    cells = [nbformat.v4.new_code_cell(f"cell_{i} = {i}") for i in range(1, 6)]
    cells[0].metadata["tags"] = ["parameters"]
    injected = nbformat.v4.new_code_cell("edition_year = 2025")
    injected.metadata["tags"] = ["injected-parameters"]
    cells.insert(1, injected)
    index = failing if failing > 1 else 0  # its index among the executed cells
    banner = nbformat.v4.new_markdown_cell("An Exception was encountered")
    banner.metadata["tags"] = ["papermill-error-cell-tag"]
    anchor = nbformat.v4.new_markdown_cell("<span id='papermill-error-cell'>")
    anchor.metadata["tags"] = ["papermill-error-cell-tag"]
    cells.insert(index, anchor)
    cells.insert(0, banner)
    return nbformat.v4.new_notebook(cells=cells), index


@pytest.mark.parametrize("failing", [2, 3, 5])
def test_failing_cell_number_counts_the_analysts_cells(tmp_path, failing):
    from rusrapport.pipeline.execute import _source_cell

    nb, index = _papermill_failure(failing)
    path = tmp_path / "x.ipynb"
    nbformat.write(nb, str(path))
    assert _source_cell(path, index) == failing


def test_dead_kernel_is_retried_and_the_retry_logged(tmp_path, monkeypatch):
    import papermill
    from nbclient.exceptions import DeadKernelError

    from rusrapport.pipeline import execute

    attempts = []

    def run(source, output, **kwargs):
        attempts.append(1)
        nb = nbformat.v4.new_notebook(
            cells=[nbformat.v4.new_code_cell("x = 1"), nbformat.v4.new_code_cell("y")]
        )
        nb.cells[1].metadata["papermill"] = {"status": "running"}
        nbformat.write(nb, output)
        if len(attempts) == 1:
            raise DeadKernelError("Kernel died")

    monkeypatch.setattr(papermill, "execute_notebook", run)
    task = execute.Task(
        "c", tmp_path / "c.ipynb", tmp_path / "out" / "c.ipynb", tmp_path / "out" / "c.log", {}
    )
    (tmp_path / "out").mkdir()
    outcome = execute.run_one(task)
    assert outcome.ok and len(attempts) == 2
    assert outcome.retried == "the kernel died in cell 2: DeadKernelError: Kernel died"
    assert "second attempt after: the kernel died in cell 2" in task.log.read_text()


def test_full_disk_while_keeping_a_failed_chapter_is_a_message(tmp_path, capsys, monkeypatch):
    from rusrapport.pipeline import runner
    from rusrapport.pipeline.config import load_config
    from rusrapport.pipeline.execute import Outcome, Task

    config = load_config(_config_copy(tmp_path))
    staging = tmp_path / ".outputs.staging-x"
    (staging / "notebooks").mkdir(parents=True)
    executed = staging / "notebooks" / "drug_use.ipynb"
    executed.write_text("{}")
    task = Task("drug_use", tmp_path / "notebooks" / "drug_use.ipynb", executed, staging / "drug_use.log", {})
    real = shutil.copyfile

    def full(src, dst):
        real(src, dst)
        Path(dst).write_text("half")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(runner.shutil, "copyfile", full)
    failure = Outcome("drug_use", False, 1.0, 3, "ValueError: x")
    assert runner._fail(config, staging, [failure], [task]) == 1
    err = capsys.readouterr().err
    assert "could not keep the executed notebook and log" in err and "No space left on device" in err
    assert "no earlier report" in err
    assert not list((tmp_path / "outputs.failed").glob("*"))  # no half-copied file left
    assert not staging.exists()


@pytest.mark.parametrize("value", ["0", "2.5", '"3"', "true", "-1"])
def test_bad_min_category_count_is_refused_at_start(tmp_path, capsys, value):
    config = _config_copy(tmp_path)
    config.write_text(config.read_text().replace("min_category_count = 3", f"min_category_count = {value}"))
    assert cli.main(["--config", str(config)]) == 2
    assert "'min_category_count' in [publication] must be a whole number" in capsys.readouterr().err


def test_published_debut_distribution_has_no_category_below_the_threshold(built):
    debut = pd.read_csv(built / "outputs" / "data" / "cannabis_debut_age.csv")
    assert len(debut) > 10 and debut["n"].min() >= 3
    assert "færre enn 3 svar er ikke vist" in (built / "outputs" / "cannabis.html").read_text()

"""Faults while building: killed and interrupted builds, a kill while publishing, the lock file.

A build owns its processes (workers and kernels end with it, however it ends), stages into a
folder no other build uses, and a publish cut short leaves the last good report whole.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from rusrapport.pipeline import publish
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


def test_sigterm_stops_with_one_line_cleans_up_and_releases_the_lock(project):
    before = (project / "outputs" / "manifest.json").read_bytes()
    build = _start(project, "--force", "--formats", "html")
    processes = _wait_for_running_chapters(project, build)
    build.send_signal(signal.SIGTERM)
    out, err = build.communicate(timeout=60)
    assert build.returncode == 128 + signal.SIGTERM
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "stopped by SIGTERM" in lines[0], err
    assert "Traceback" not in err + out
    assert not _gone(processes)
    assert not list(project.glob(".outputs.staging*"))
    assert (project / "outputs" / "manifest.json").read_bytes() == before
    with publish.build_lock(project / "outputs"):  # released
        pass


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

"""Publish atomically: build aside, swap in only when everything succeeded, one build at a time.

``outputs/`` is replaced by renaming a finished staging folder into its place, so a reader (or a
web server) sees either the last good report or the new one, never a half-written one; a failed
build leaves ``outputs/`` exactly as it was. The swap takes two renames (old aside, new in); a
build killed between them leaves the last good report as ``.outputs.old``, and the next build
puts it back before anything else (:func:`recover`).

When ``outputs/`` is a mount point it cannot be renamed (``EBUSY``), so the report is staged
inside it and its entries are swapped one by one; the old entries wait in a journal folder until
the new ones are all in place, and :func:`recover` restores them after a kill.

Each build stages into its own uniquely named folder, so the workers of a killed build (if any
survived) can never write into the next build's report.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

INSIDE = ".rusrapport-"  # prefix of the staging, journal and trash folders inside a mount point


class BuildLocked(RuntimeError):
    """Another build holds the lock."""


def lock_path(output_dir: Path) -> Path:
    return output_dir.parent / f".{output_dir.name}.lock"


@contextmanager
def build_lock(output_dir: Path) -> Iterator[None]:
    """Hold the build lock; the file names the running build's PID (a refused build never
    truncates it: the file is opened without truncation and rewritten only by the holder)."""
    output_dir.parent.mkdir(parents=True, exist_ok=True)
    path = lock_path(output_dir)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            holder = os.pread(fd, 32, 0).decode(errors="replace").strip()
            who = f"PID {holder}, " if holder.isdigit() else ""
            raise BuildLocked(f"another build is running ({who}lock {path})") from exc
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        try:
            yield
        finally:
            os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def is_mount(output_dir: Path) -> bool:
    return output_dir.is_dir() and os.path.ismount(output_dir)


def staging_dir(output_dir: Path) -> Path:
    """A fresh folder for this build only (on the same file system as the report)."""
    if is_mount(output_dir):
        return Path(tempfile.mkdtemp(prefix=f"{INSIDE}staging-", dir=output_dir))
    output_dir.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f".{output_dir.name}.staging-", dir=output_dir.parent))


def failed_dir(output_dir: Path) -> Path:
    return output_dir.parent / f"{output_dir.name}.failed"


def _old(output_dir: Path) -> Path:
    return output_dir.parent / f".{output_dir.name}.old"


def recover(output_dir: Path) -> str | None:
    """Undo what a build killed while publishing left behind (call with the lock held).

    Returns a sentence for the console when a report was restored. Leftover staging folders
    of dead builds are removed."""
    said = None
    old = _old(output_dir)
    if old.is_dir() and not output_dir.exists():
        old.rename(output_dir)  # killed between the two renames: the last good report comes back
        said = f"restored the last good report from {old.name} (a build was stopped while publishing)"
    elif old.exists():
        shutil.rmtree(old, ignore_errors=True)
    if output_dir.is_dir():
        partial = output_dir / f"{INSIDE}old.partial"
        if partial.is_dir():  # killed while moving the old entries aside: none of the new are in
            for entry in partial.iterdir():
                entry.rename(output_dir / entry.name)
            partial.rmdir()
            said = "restored the last good report (a build was stopped while publishing)"
        journal = output_dir / f"{INSIDE}old"
        if journal.is_dir():  # killed during an entry-by-entry swap inside a mount point
            for entry in _visible(output_dir):
                _remove(entry)
            for entry in journal.iterdir():
                entry.rename(output_dir / entry.name)
            journal.rmdir()
            said = "restored the last good report (a build was stopped while publishing)"
        for leftover in output_dir.glob(f"{INSIDE}*"):
            _remove(leftover)
    for leftover in output_dir.parent.glob(f".{output_dir.name}.staging*"):
        _remove(leftover)
    return said


def has_report(output_dir: Path) -> bool:
    return (output_dir / "index.html").is_file()


def swap_in(staging: Path, output_dir: Path) -> None:
    """Replace ``output_dir`` with ``staging``: renames on one file system."""
    if staging.parent == output_dir:
        _swap_entries(staging, output_dir)
        return
    old = _old(output_dir)
    if old.exists():
        shutil.rmtree(old)
    if output_dir.exists():
        output_dir.rename(old)
    staging.rename(output_dir)
    if old.exists():
        shutil.rmtree(old)


def _swap_entries(staging: Path, output_dir: Path) -> None:
    """The swap inside a mount point: old entries into a journal, new ones in, journal dropped."""
    journal = output_dir / f"{INSIDE}old.partial"
    journal.mkdir()
    for entry in _visible(output_dir):
        entry.rename(journal / entry.name)
    journal = journal.rename(output_dir / f"{INSIDE}old")  # from here on, recover() can undo
    for entry in list(staging.iterdir()):
        entry.rename(output_dir / entry.name)
    trash = journal.rename(output_dir / f"{INSIDE}trash")  # the new report is complete
    shutil.rmtree(trash, ignore_errors=True)
    shutil.rmtree(staging, ignore_errors=True)


def _visible(output_dir: Path) -> list[Path]:
    return [p for p in output_dir.iterdir() if not p.name.startswith(INSIDE)]


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)

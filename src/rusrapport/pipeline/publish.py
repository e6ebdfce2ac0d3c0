"""Publish atomically: build aside, swap in only when everything succeeded, one build at a time.

``outputs/`` is replaced by renaming a finished staging folder into its place, so a reader (or a
web server) sees either the last good report or the new one, never a half-written one; a failed
build leaves ``outputs/`` exactly as it was.
"""

from __future__ import annotations

import fcntl
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class BuildLocked(RuntimeError):
    """Another build holds the lock."""


@contextmanager
def build_lock(output_dir: Path) -> Iterator[None]:
    output_dir.parent.mkdir(parents=True, exist_ok=True)
    path = output_dir.parent / f".{output_dir.name}.lock"
    with path.open("w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise BuildLocked(f"another build is running (lock {path})") from exc
        handle.write(str(os.getpid()))
        handle.flush()
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def staging_dir(output_dir: Path) -> Path:
    staging = output_dir.parent / f".{output_dir.name}.staging"
    if staging.exists():
        shutil.rmtree(staging)
    staging.mkdir(parents=True)
    return staging


def failed_dir(output_dir: Path) -> Path:
    return output_dir.parent / f"{output_dir.name}.failed"


def swap_in(staging: Path, output_dir: Path) -> None:
    """Replace ``output_dir`` with ``staging`` by renames (atomic on one file system)."""
    old = output_dir.parent / f".{output_dir.name}.old"
    if old.exists():
        shutil.rmtree(old)
    if output_dir.exists():
        output_dir.rename(old)
    staging.rename(output_dir)
    if old.exists():
        shutil.rmtree(old)

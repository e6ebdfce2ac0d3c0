"""Fingerprints that decide whether a chapter must run again.

A chapter is reused only when all of these are unchanged since the last good build: its
notebook's cells (code *and* markdown, not outputs), its parameters, the checksums of every
input, the library's source and the locked dependencies. Unlike a cache keyed on the notebook
alone, a changed data file or library function always re-executes the chapter.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from rusrapport.digest import file_digest

__all__ = ["combine", "declared_names", "file_digest", "library_digest", "notebook_digest", "records_digest"]

LIBRARY = Path(__file__).resolve().parents[1]  # src/rusrapport


def notebook_digest(path: Path) -> str:
    """Hash of the cells' types and sources only, so stray outputs or metadata do not count."""
    doc = json.loads(path.read_text(encoding="utf-8"))
    cells = [
        [c.get("cell_type"), "".join(c.get("source", "")), c.get("metadata", {}).get("tags", [])]
        for c in doc["cells"]
    ]
    return hashlib.sha256(json.dumps(cells, sort_keys=True).encode()).hexdigest()


def declared_names(path: Path) -> set[str]:
    """Names assigned in the notebook's 'parameters' cell (a cheap read for the cache key; the
    build still checks parameters strictly with papermill before running)."""
    import re

    doc = json.loads(path.read_text(encoding="utf-8"))
    for cell in doc["cells"]:
        if "parameters" in cell.get("metadata", {}).get("tags", []):
            return set(
                re.findall(r"^([A-Za-z_]\w*)\s*(?::[^=]+)?=", "".join(cell.get("source", "")), flags=re.M)
            )
    return set()


def library_digest() -> str:
    """Every Python source and template of the library (not caches)."""
    digest = hashlib.sha256()
    for path in sorted(LIBRARY.rglob("*")):
        if (
            path.is_file()
            and path.suffix in (".py", ".html", ".css", ".j2")
            and "__pycache__" not in path.parts
        ):
            digest.update(str(path.relative_to(LIBRARY)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def records_digest(output_dir: Path, chapter_id: str) -> str | None:
    """What a chapter left in a build: its records (``.chapters/<id>/``: chapter.json, data files)
    and its executed notebook (its page is assembled from it); None when any is missing.

    Stored when the chapter ran; a chapter is reused only while its files still match, so
    files written by anything but the build (a notebook run by hand) are never published."""
    records = output_dir / ".chapters" / chapter_id
    notebook = output_dir / "notebooks" / f"{chapter_id}.ipynb"
    if not records.is_dir() or not notebook.is_file():
        return None
    digest = hashlib.sha256()
    for path in [*sorted(p for p in records.rglob("*") if p.is_file()), notebook]:
        digest.update(path.relative_to(output_dir).as_posix().encode() + b"\0")
        digest.update(file_digest(path).encode())
    return digest.hexdigest()


def combine(*parts: object) -> str:
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()

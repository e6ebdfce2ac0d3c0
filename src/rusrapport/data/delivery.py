"""A delivery of several files (one per survey year), each with its own mapping, read as one input.

SSB ships the survey one year at a time, and the codings change between years (``Kjonn`` is
0/1 in 2024 and 1/2 elsewhere). A delivery file (TOML) lists the files and their mappings;
``path`` may be a glob, and a file matched by an earlier entry is not read again::

    [[files]]
    path = "rus2024.asc"
    mapping = "rus2024.toml"

    [[files]]
    path = "rus20*.asc"
    mapping = "rus2025.toml"
    year = "name"          # optional: the contract column ``year`` for these files: a
                           # number, or "name" for the four-digit year in each file's name

Paths are relative to the delivery file. Give it as the survey path (``survey =
"data/rusus.toml"`` in report.toml); the build's checksums cover every file it names.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from rusrapport.errors import InputError, Problem


@dataclass(frozen=True)
class Part:
    path: Path
    mapping: Path | None
    year: int | None


def _year(setting: object, path: Path) -> int | bool | None:
    """The year an entry gives its files: none, a number, or read from the file name (False: absent)."""
    if setting is None:
        return None
    if str(setting).strip().lower() != "name":
        return int(setting)  # type: ignore[arg-type]
    found = re.findall(r"(?<!\d)((?:19|20)\d{2})(?!\d)", path.stem)
    return int(found[-1]) if found else False


def is_delivery(path: str | Path) -> bool:
    return Path(path).suffix.lower() == ".toml"


def read_delivery(path: str | Path) -> list[Part]:
    """The files of a delivery in order, each with its mapping; every problem in one error."""
    path = Path(path)
    name = str(path)
    if not path.is_file():
        raise InputError.single(name, "delivery file not found")
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InputError.single(name, f"delivery file cannot be parsed: {exc}") from exc
    entries = raw.get("files")
    if not isinstance(entries, list) or not entries:
        raise InputError.single(name, "a delivery file lists its files as [[files]] entries with 'path'")
    parts: list[Part] = []
    seen: set[Path] = set()
    problems: list[Problem] = []
    for number, entry in enumerate(entries, start=1):
        if "path" not in entry:
            problems.append(Problem(name, f"[[files]] entry {number} has no 'path'"))
            continue
        pattern = str(entry["path"])
        matches = (
            sorted(path.parent.glob(pattern)) if any(c in pattern for c in "*?[") else [path.parent / pattern]
        )
        matches = [m.resolve() for m in matches if m.resolve() not in seen]
        if not matches or not all(m.is_file() for m in matches):
            problems.append(Problem(name, f"[[files]] entry {number}: no file matches '{pattern}'"))
            continue
        mapping = path.parent / entry["mapping"] if entry.get("mapping") else None
        if mapping is not None and not mapping.is_file():
            problems.append(
                Problem(name, f"[[files]] entry {number}: mapping '{entry['mapping']}' not found")
            )
            continue
        for match in matches:
            year = _year(entry.get("year"), match)
            if year is False:
                problems.append(
                    Problem(name, f"[[files]] entry {number}: no year (19xx/20xx) in '{match.name}'")
                )
                continue
            seen.add(match)
            parts.append(Part(match, mapping.resolve() if mapping else None, year))
    if problems:
        raise InputError(problems)
    return parts


def mapping_files(mapping: Path, _depth: int = 0) -> list[Path]:
    """A mapping file, the mappings it extends and the infix scripts they name (read cheaply:
    no pandas import)."""
    try:
        if mapping.suffix.lower() == ".toml":
            raw = tomllib.loads(mapping.read_text(encoding="utf-8"))
        else:
            import yaml

            raw = yaml.safe_load(mapping.read_text(encoding="utf-8")) or {}
        infix = raw.get("read", {}).get("infix")
        base = raw.get("extends")
    except Exception:  # an unreadable mapping is reported by the loader, with its reason
        infix = base = None
    files = [mapping] + ([mapping.parent / infix] if infix else [])
    if base and _depth < 10:
        files += mapping_files(mapping.parent / base, _depth + 1)
    return files


def input_files(path: str | Path, mapping: str | Path | None = None) -> list[Path]:
    """Every file an input reads (data, delivery, mappings, infix scripts), for checksums."""
    path = Path(path)
    files = [path]
    if is_delivery(path):
        for part in read_delivery(path):
            files.append(part.path)
            if part.mapping is not None:
                files += mapping_files(part.mapping)
    if mapping:
        files += mapping_files(Path(mapping))
    return list(dict.fromkeys(files))

"""A cache of validated inputs, keyed by the file's content, so the same file is checked once.

The build validates every input before any chapter runs; each chapter then loads the same files
again. Validating a 30 000-row survey takes about half a second, so a validated frame is kept
(pickled) under a key made of the file's and mapping's SHA-256, the contract's source code and
the pandas version. Any change to the data or the rules gives a new key and a fresh validation;
only frames that passed validation are stored. ``RUSRAPPORT_CACHE`` sets the folder (default
``~/.cache/rusrapport``); ``RUSRAPPORT_CACHE=off`` disables it.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from collections.abc import Callable
from functools import cache
from pathlib import Path

import pandas as pd

from rusrapport.data.mapping import Mapping
from rusrapport.digest import file_digest

PACKAGE = Path(__file__).resolve().parents[1]
RULE_SOURCES = ("data", "errors.py", "stats/icd10.py")


def cache_dir() -> Path | None:
    setting = os.environ.get("RUSRAPPORT_CACHE", "")
    if setting.lower() == "off":
        return None
    base = (
        Path(setting)
        if setting
        else Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "rusrapport"
    )
    return base


@cache
def _rules_digest() -> str:
    digest = hashlib.sha256(pd.__version__.encode())
    for name in RULE_SOURCES:
        root = PACKAGE / name
        for path in sorted(root.rglob("*.py")) if root.is_dir() else [root]:
            digest.update(path.read_bytes())
    return digest.hexdigest()


def validated(kind: str, path: str | Path, mapping: object, load: Callable[[], pd.DataFrame]) -> pd.DataFrame:
    """``load()`` (read + validate) unless this exact file already passed under the same rules.
    ``mapping`` is a mapping file's path, None, or a Mapping object (not cached: it has no file)."""
    folder = cache_dir()
    if folder is None or isinstance(mapping, Mapping) or not Path(path).is_file():
        return load()
    mapping_digest = file_digest(Path(mapping)) if mapping else "none"
    key = hashlib.sha256(
        f"{kind}|{file_digest(Path(path))}|{mapping_digest}|{_rules_digest()}".encode()
    ).hexdigest()
    target = folder / f"{kind}-{key[:32]}.pkl"
    if target.is_file():
        try:
            with target.open("rb") as handle:
                return pickle.load(handle)
        except (OSError, pickle.UnpicklingError, EOFError):
            target.unlink(missing_ok=True)
    frame = load()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, delete=False, suffix=".tmp") as handle:
            pickle.dump(frame, handle, protocol=pickle.HIGHEST_PROTOCOL)
        Path(handle.name).replace(target)
    except OSError:
        pass  # a read-only home folder just means no cache
    return frame.copy()

"""A cache of validated inputs, keyed by the file's content, so the same file is checked once.

The build validates every input before any chapter runs; each chapter then loads the same files
again. Validating a 30 000-row survey takes about half a second, so a validated frame is kept
under a key made of the file's and mapping's SHA-256, the contract's source code and the pandas
version. Any change to the data or the rules gives a new key and a fresh validation; only frames
that passed validation are stored. ``RUSRAPPORT_CACHE`` sets the folder (default
``~/.cache/rusrapport``); ``RUSRAPPORT_CACHE=off`` disables it.

The cache must never change a number or run code, so entries are Parquet (data only, never
pickle), each carries the SHA-256 of its bytes recorded when written and is checked on every read,
a frame is stored only when it reads back identical, and the folder is private (0700): a folder
someone else owns or others can write is not used at all. An entry that cannot be read or
verified is deleted and the input validated again.
"""

from __future__ import annotations

import hashlib
import io
import logging
import os
import stat
import tempfile
from collections.abc import Callable
from functools import cache
from pathlib import Path

import pandas as pd

from rusrapport.data.mapping import Mapping
from rusrapport.digest import file_digest

PACKAGE = Path(__file__).resolve().parents[1]
RULE_SOURCES = ("data", "errors.py", "stats/icd10.py")
MAGIC = b"rusrapport-cache 1\n"  # then the payload's SHA-256 in hex, a newline, the Parquet bytes
SUFFIX = ".rrc"
log = logging.getLogger(__name__)  # the build shows these on the console; a notebook stays quiet
log.addHandler(logging.NullHandler())


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
def private_folder(folder: Path) -> Path | None:
    """``folder``, created 0700, if only this user can write to it; None (no cache) otherwise."""
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = folder.lstat()
    except OSError:
        return None  # a read-only home folder just means no cache
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.geteuid() or info.st_mode & 0o022:
        log.warning(
            f"not using the input cache {folder}: it is not a private folder of this user "
            f"(mode {stat.filemode(info.st_mode)}); inputs are validated without it"
        )
        return None
    return folder


@cache
def _rules_digest() -> str:
    digest = hashlib.sha256(pd.__version__.encode())
    for name in RULE_SOURCES:
        root = PACKAGE / name
        for path in sorted(root.rglob("*.py")) if root.is_dir() else [root]:
            digest.update(path.read_bytes())
    return digest.hexdigest()


def encode(frame: pd.DataFrame) -> bytes | None:
    """The entry for ``frame``, or None when Parquet would not give back exactly this frame."""
    buffer = io.BytesIO()
    try:
        frame.to_parquet(buffer, index=True)
        payload = buffer.getvalue()
        pd.testing.assert_frame_equal(decode_payload(payload), frame, check_exact=True)
    except Exception:  # a type Parquet does not keep exactly: do not cache it
        return None
    return MAGIC + hashlib.sha256(payload).hexdigest().encode() + b"\n" + payload


def decode_payload(payload: bytes) -> pd.DataFrame:
    return pd.read_parquet(io.BytesIO(payload))


def decode(data: bytes) -> pd.DataFrame:
    """The frame in an entry; ValueError unless its recorded digest matches its bytes."""
    head = len(MAGIC) + 65
    if not data.startswith(MAGIC) or data[head - 1 : head] != b"\n":
        raise ValueError("not a cache entry")
    recorded, payload = data[len(MAGIC) : head - 1].decode("ascii", "replace"), data[head:]
    if hashlib.sha256(payload).hexdigest() != recorded:
        raise ValueError("its contents do not match the digest recorded when it was written")
    return decode_payload(payload)


def validated(kind: str, path: str | Path, mapping: object, load: Callable[[], pd.DataFrame]) -> pd.DataFrame:
    """``load()`` (read + validate) unless this exact file already passed under the same rules.
    ``mapping`` is a mapping file's path, None, or a Mapping object (not cached: it has no file)."""
    setting = cache_dir()
    if setting is None or isinstance(mapping, Mapping) or not Path(path).is_file():
        return load()
    folder = private_folder(setting)
    if folder is None:
        return load()
    mapping_digest = file_digest(Path(mapping)) if mapping else "none"
    key = hashlib.sha256(
        f"{kind}|{file_digest(Path(path))}|{mapping_digest}|{_rules_digest()}".encode()
    ).hexdigest()
    target = folder / f"{kind}-{key[:32]}{SUFFIX}"
    if target.is_file():
        try:
            return decode(target.read_bytes())
        except Exception as exc:  # whatever is wrong with it, it is not trusted
            target.unlink(missing_ok=True)
            log.warning(
                f"discarded the cache entry {target.name} ({type(exc).__name__}: {exc}); validating {path} again"
            )
    frame = load()
    entry = encode(frame)
    if entry is not None:
        temporary = None
        try:
            with tempfile.NamedTemporaryFile(dir=folder, delete=False, suffix=".tmp") as handle:
                temporary = Path(handle.name)
                handle.write(entry)
            temporary.replace(target)
        except OSError:  # a full disk just means no cache entry
            if temporary is not None:
                temporary.unlink(missing_ok=True)
    return frame.copy()

"""SHA-256 of a file, read in blocks. Shared by the build's cache keys and the validated-input
cache; imports nothing heavy so a no-op rebuild stays fast."""

from __future__ import annotations

import hashlib
from pathlib import Path


def file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with Path(path).open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()

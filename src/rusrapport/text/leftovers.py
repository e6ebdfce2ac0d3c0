"""What must never reach a reader: template leftovers and missing values written as words.

Used twice on purpose: by ``Chapter.text`` (so the notebook fails at the cell that wrote it) and
by the build's final scan of the finished pages (so nothing slips through another way).
"""

from __future__ import annotations

import re

LEFTOVER = re.compile(r"\b(nan|NaN|None|TODO|FIXME)\b|\{[^{}\s]*\}")

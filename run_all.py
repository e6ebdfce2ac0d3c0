#!/usr/bin/env python3
"""Build the report. Thin entry point: the logic lives in rusrapport.pipeline (see --help).

Works with any ``python3``: outside the project's virtual environment it hands over to
``.venv/bin/python`` (which ``make report`` creates), so ``python3 run_all.py --help`` works as
the README writes it.
"""

import os
import sys
from pathlib import Path

VENV_PYTHON = Path(__file__).resolve().parent / ".venv" / "bin" / "python"

try:
    from rusrapport.pipeline.cli import main
except ModuleNotFoundError:
    if os.environ.get("RUSRAPPORT_VENV_HANDOVER") or not VENV_PYTHON.exists():
        print("rusrapport: run `make report` once; it creates .venv with the pinned dependencies.", file=sys.stderr)
        raise
    os.environ["RUSRAPPORT_VENV_HANDOVER"] = "1"
    os.execv(VENV_PYTHON, [str(VENV_PYTHON), __file__, *sys.argv[1:]])

if __name__ == "__main__":
    sys.exit(main())

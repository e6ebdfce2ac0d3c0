#!/usr/bin/env python3
"""Build the report. Thin entry point: the logic lives in rusrapport.pipeline (see --help)."""

import sys

from rusrapport.pipeline.cli import main

if __name__ == "__main__":
    sys.exit(main())

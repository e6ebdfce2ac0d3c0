"""Command line of the build (``run_all.py`` / ``python -m rusrapport.pipeline``)."""

from __future__ import annotations

import argparse
import logging
import os
import sys
import traceback

from rusrapport.errors import InputError
from rusrapport.pipeline.config import load_config
from rusrapport.pipeline.runner import Options, build

EPILOG = """exit status: 0 built or nothing to do; 1 a chapter or the assembly failed (the last good
report is kept); 2 bad input or configuration (nothing ran); 3 another build is running;
130/143 stopped by SIGINT/SIGTERM (the last good report is kept)."""


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="run_all.py", description="Build the report: HTML pages, one PDF, figure data.", epilog=EPILOG
    )
    p.add_argument("--config", default="report.toml", help="report configuration (default: %(default)s)")
    p.add_argument("--chapters", help="comma-separated chapter ids to run again even if unchanged")
    p.add_argument(
        "--jobs", type=int, default=os.cpu_count() or 1, help="chapters run in parallel (default: cores)"
    )
    p.add_argument("--force", action="store_true", help="run every chapter, ignoring the cache")
    p.add_argument("--year", type=int, help="edition year (default: from report.toml)")
    p.add_argument("--survey", help="survey microdata file instead of report.toml's")
    p.add_argument("--deaths", help="death records file instead of report.toml's")
    p.add_argument("--population", help="population file instead of report.toml's")
    p.add_argument("--output", help="output folder (default: from report.toml)")
    p.add_argument("--formats", default="html,pdf", help="html and/or pdf (default: %(default)s)")
    p.add_argument("--verbose", action="store_true", help="progress even when not on a terminal")
    p.add_argument("--quiet", action="store_true", help="only errors")
    return p


class _Stderr(logging.StreamHandler):
    """The library's warnings (e.g. a discarded cache entry) as lines on the build's stderr."""

    def __init__(self) -> None:
        super().__init__()
        self.setFormatter(logging.Formatter("rusrapport: %(message)s"))

    @property
    def stream(self):  # the current sys.stderr (tests capture it)
        return sys.stderr

    @stream.setter
    def stream(self, value) -> None:
        pass


def _show_library_warnings() -> None:
    logger = logging.getLogger("rusrapport")
    if not any(isinstance(h, _Stderr) for h in logger.handlers):
        logger.addHandler(_Stderr())


def main(argv: list[str] | None = None) -> int:
    _show_library_warnings()
    args = parser().parse_args(argv)
    formats = tuple(f.strip() for f in args.formats.split(",") if f.strip())
    if not set(formats) <= {"html", "pdf"} or "html" not in formats:
        print("rusrapport: --formats takes html or html,pdf", file=sys.stderr)
        return 2
    try:
        config = load_config(args.config).with_overrides(
            year=args.year,
            inputs={"survey": args.survey, "deaths": args.deaths, "population": args.population},
            output=args.output,
        )
    except InputError as exc:
        print(f"rusrapport: {exc.summary()}", file=sys.stderr)
        return 2
    rerun = tuple(c.strip() for c in args.chapters.split(",")) if args.chapters else ()
    unknown = set(rerun) - {c.id for c in config.chapters}
    if unknown:
        print(
            f"rusrapport: unknown chapter(s) {sorted(unknown)}; known: {[c.id for c in config.chapters]}",
            file=sys.stderr,
        )
        return 2
    options = Options(
        jobs=max(1, args.jobs),
        force=args.force,
        rerun=rerun,
        formats=formats,
        verbose=args.verbose,
        quiet=args.quiet,
    )
    try:
        return build(config, options)
    except Exception as exc:  # a fault no message was written for: still one message, exit 1
        if args.verbose:
            traceback.print_exc()
        print(
            f"rusrapport: the build stopped on an unexpected error: {type(exc).__name__}: {exc}\n"
            "Nothing was published (--verbose shows the traceback).",
            file=sys.stderr,
        )
        return 1

"""Run chapter notebooks with papermill: parameters checked first, chapters in parallel.

Papermill only warns about parameters a notebook does not declare; we refuse them, and refuse
a notebook that declares a parameter the build does not supply, so a chapter never silently
runs on a default that differs from the report's. Each chapter runs in its own process with an
IPC-transport kernel; its log is kept beside the executed notebook.
"""

from __future__ import annotations

import logging
import os
import tempfile
import time
import traceback
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path
from typing import TextIO

from rusrapport.errors import InputError, Problem


@dataclass(frozen=True)
class Task:
    chapter_id: str
    notebook: Path
    output: Path
    log: Path
    parameters: dict[str, object]


@dataclass(frozen=True)
class Outcome:
    chapter_id: str
    ok: bool
    seconds: float
    cell: int | None = None
    error: str | None = None


def declared_parameters(notebook: Path) -> dict[str, dict]:
    import papermill

    return papermill.inspect_notebook(str(notebook))


def check_parameters(
    chapter_id: str,
    notebook: Path,
    supplied: dict[str, object],
    required: Iterable[str],
    pool: ProcessPoolExecutor | None = None,
) -> dict[str, object]:
    """The parameters to pass: refuse unknown ones, and declared ones the build cannot supply.
    Inspected in a (warm) worker when there is a pool: importing papermill costs about a second."""
    declared = pool.submit(declared_parameters, notebook).result() if pool else declared_parameters(notebook)
    problems = []
    if not declared:
        problems.append(Problem(str(notebook), "has no cell tagged 'parameters'"))
    unknown = sorted(set(required) - set(declared))
    if unknown:
        problems.append(
            Problem(
                str(notebook), f"chapter '{chapter_id}' is given parameters it does not declare: {unknown}"
            )
        )
    missing = sorted(set(declared) - set(supplied))
    if missing:
        problems.append(
            Problem(
                str(notebook),
                f"declares parameters the build does not supply: {missing}; supplied: {sorted(supplied)}",
            )
        )
    if problems:
        raise InputError(problems)
    return {name: supplied[name] for name in declared}


def run_one(task: Task, quiet_kernel: bool = False) -> Outcome:
    """Execute one notebook. Never raises: failures become an Outcome. In a worker process
    (``quiet_kernel``) the kernel's own stderr chatter goes to the chapter's log, not the console."""
    import papermill
    from papermill.exceptions import PapermillExecutionError

    from rusrapport.pipeline.kernel import IPCKernelManager

    os.environ.setdefault("JUPYTER_RUNTIME_DIR", tempfile.mkdtemp(prefix="rr-"))
    os.environ.setdefault("MPLBACKEND", "Agg")
    os.environ["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"
    start = time.perf_counter()
    task.output.parent.mkdir(parents=True, exist_ok=True)
    task.log.parent.mkdir(parents=True, exist_ok=True)
    if quiet_kernel:
        kernel_log = os.open(
            str(task.log.with_suffix(".kernel.log")), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644
        )
        os.dup2(kernel_log, 2)
    for attempt in (1, 2):
        with task.log.open("w", encoding="utf-8") as log, _papermill_log(log):
            try:
                papermill.execute_notebook(
                    str(task.notebook),
                    str(task.output),
                    parameters=task.parameters,
                    kernel_name="python3",
                    progress_bar=False,
                    log_output=True,  # cells and their output go to papermill's logger: the log
                    cwd=str(task.notebook.parent),
                    kernel_manager_class=IPCKernelManager,
                    start_timeout=120,
                )
                _stable_ids(task.output)
                return Outcome(task.chapter_id, True, time.perf_counter() - start)
            except PapermillExecutionError as exc:
                log.write(f"{exc}\n")  # the traceback, colours stripped
                return Outcome(
                    task.chapter_id,
                    False,
                    time.perf_counter() - start,
                    _source_cell(task.output, exc.cell_index),
                    f"{exc.ename}: {exc.evalue}",
                )
            except Exception as exc:  # kernel did not start, or the notebook is unreadable
                log.write(traceback.format_exc())
                if attempt == 2:
                    return Outcome(
                        task.chapter_id,
                        False,
                        time.perf_counter() - start,
                        None,
                        f"{type(exc).__name__}: {exc}",
                    )
    raise AssertionError("unreachable")  # pragma: no cover


# Papermill's header names this machine's folders (the log is published, the paths are not);
# rich outputs are logged as their useless repr ("<IPython.core.display.HTML object>").
UNLOGGED = ("Input Notebook:", "Output Notebook:", "Working directory:", "<IPython.core.display.")


@contextmanager
def _papermill_log(stream: TextIO) -> Iterator[None]:
    """Send papermill's logger (each cell as it runs, and its output) to the chapter's log."""
    logger = logging.getLogger("papermill")
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(message)s"))
    handler.addFilter(lambda record: not str(record.msg).startswith(UNLOGGED))
    level, propagate = logger.level, logger.propagate
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False  # not to the console as well
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
        logger.propagate = propagate


def _stable_ids(executed: Path) -> None:
    """Papermill gives its injected cell a random id; a fixed one keeps the exported HTML stable."""
    import nbformat

    nb = nbformat.read(str(executed), as_version=4)
    for cell in nb.cells:
        if "injected-parameters" in cell.metadata.get("tags", []):
            cell.id = "injected-parameters"
    nbformat.write(nb, str(executed))


def _source_cell(executed: Path, index: int) -> int:
    """1-based number of the failing cell in the analyst's notebook (papermill inserts one cell)."""
    import nbformat

    cells = nbformat.read(str(executed), as_version=4).cells
    injected = [i for i, c in enumerate(cells) if "injected-parameters" in c.metadata.get("tags", [])]
    return index + 1 - (1 if injected and index > injected[0] else 0)


def _prewarm() -> None:
    """Worker start-up: load papermill and the kernel machinery before there is work."""
    import nbformat  # noqa: F401
    import papermill  # noqa: F401

    import rusrapport.pipeline.kernel  # noqa: F401


def _ready() -> None:
    """A no-op task: submitting one per worker makes the pool start them all now."""


def start_pool(workers: int) -> ProcessPoolExecutor | None:
    """Start chapter workers early (they warm up while the inputs are validated); None for one."""
    if workers <= 1:
        return None
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn"), initializer=_prewarm)
    for _ in range(workers):
        pool.submit(_ready)
    return pool


def run_all(
    tasks: list[Task], on_done: Callable[[Outcome], None], pool: ProcessPoolExecutor | None = None
) -> list[Outcome]:
    """Run tasks on the pool (or one after another without one), reporting each as it finishes."""
    outcomes = []
    if pool is None:
        for task in tasks:
            outcomes.append(run_one(task))
            on_done(outcomes[-1])
        return outcomes
    futures = [pool.submit(run_one, task, True) for task in tasks]
    for future in as_completed(futures):
        outcomes.append(future.result())
        on_done(outcomes[-1])
    order = {t.chapter_id: i for i, t in enumerate(tasks)}
    return sorted(outcomes, key=lambda o: order[o.chapter_id])

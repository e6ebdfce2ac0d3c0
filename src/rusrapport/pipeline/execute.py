"""Run chapter notebooks with papermill: parameters checked first, chapters in parallel.

Papermill only warns about parameters a notebook does not declare; we refuse them, and refuse
a notebook that declares a parameter the build does not supply, so a chapter never silently
runs on a default that differs from the report's. Each chapter runs in its own process with an
IPC-transport kernel; its log is kept beside the executed notebook.
"""

from __future__ import annotations

import contextlib
import ctypes
import logging
import os
import signal
import tempfile
import threading
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
    cwd: Path | None = None  # the kernel's working folder (default: the notebook's)


@dataclass(frozen=True)
class Outcome:
    chapter_id: str
    ok: bool
    seconds: float
    cell: int | None = None
    error: str | None = None
    retried: str | None = None  # why the first attempt was given up (the kernel died or did not start)


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
    os.environ["JPY_PARENT_PID"] = str(os.getpid())  # the kernel exits when this process dies
    start = time.perf_counter()
    # Never parents=True: a build's staging folder is made by the build; if it is gone, the build
    # that owned it is gone too, and nothing may be written in its place.
    for folder in {task.output.parent, task.log.parent}:
        folder.mkdir(exist_ok=True)
    if quiet_kernel:
        kernel_log = os.open(
            str(task.log.with_suffix(".kernel.log")), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644
        )
        os.dup2(kernel_log, 2)
    retried = None
    for attempt in (1, 2):
        with task.log.open("a" if retried else "w", encoding="utf-8") as log, _papermill_log(log):
            if retried:
                log.write(f"rusrapport: second attempt after: {retried}\n")
                log.flush()
            try:
                papermill.execute_notebook(
                    str(task.notebook),
                    str(task.output),
                    parameters=task.parameters,
                    kernel_name="python3",
                    progress_bar=False,
                    log_output=True,  # cells and their output go to papermill's logger: the log
                    cwd=str(task.cwd or task.notebook.parent),
                    kernel_manager_class=IPCKernelManager,
                    start_timeout=120,
                )
                _stable_ids(task.output, task.notebook)
                return Outcome(task.chapter_id, True, time.perf_counter() - start, retried=retried)
            except PapermillExecutionError as exc:
                log.write(f"{exc}\n")  # the traceback, colours stripped
                return Outcome(
                    task.chapter_id,
                    False,
                    time.perf_counter() - start,
                    _source_cell(task.output, exc.cell_index),
                    f"{exc.ename}: {exc.evalue}",
                    retried,
                )
            except Exception as exc:  # the kernel died or did not start, or the notebook is unreadable
                log.write(traceback.format_exc())
                cell = _running_cell(task.output)
                what = f"the kernel died in cell {cell}" if cell else "the notebook did not start"
                reason = f"{what}: {type(exc).__name__}: {exc}".strip()
                if attempt == 2:
                    return Outcome(task.chapter_id, False, time.perf_counter() - start, cell, reason, retried)
                retried = reason
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


def _stable_ids(executed: Path, notebook: Path) -> None:
    """Papermill gives its injected cell a random id and records the absolute input and output
    paths; a fixed id and plain file names keep the published notebook free of the build
    machine's folders (and the same from build to build)."""
    import nbformat

    nb = nbformat.read(str(executed), as_version=4)
    for cell in nb.cells:
        if "injected-parameters" in cell.metadata.get("tags", []):
            cell.id = "injected-parameters"
    record = nb.metadata.get("papermill", {})
    if "input_path" in record:
        record["input_path"] = notebook.name
    if "output_path" in record:
        record["output_path"] = executed.name
    nbformat.write(nb, str(executed))


def _analyst_cells(executed: Path) -> list:
    """The executed notebook's cells without papermill's error banners (they shift indices)."""
    import nbformat

    cells = nbformat.read(str(executed), as_version=4).cells
    return [c for c in cells if "papermill-error-cell-tag" not in c.metadata.get("tags", [])]


def _source_cell(executed: Path, index: int) -> int:
    """1-based number of the failing cell in the analyst's notebook. ``index`` counts the cells
    papermill executed (its injected parameters cell included, its error banners not)."""
    cells = _analyst_cells(executed)
    injected = [i for i, c in enumerate(cells) if "injected-parameters" in c.metadata.get("tags", [])]
    return index + 1 - (1 if injected and index > injected[0] else 0)


def _running_cell(executed: Path) -> int | None:
    """The cell papermill marked as running when the kernel died (None if none had started)."""
    try:
        cells = _analyst_cells(executed)
    except Exception:  # no notebook written yet, or a half-written one
        return None
    for index, cell in enumerate(cells):
        if cell.get("metadata", {}).get("papermill", {}).get("status") == "running":
            return _source_cell(executed, index)
    return None


def end_with_parent(parent: int) -> None:
    """Worker start-up: die with the build (SIGKILL included), and leave Ctrl-C to the build."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    with contextlib.suppress(AttributeError, OSError):
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG (Linux)
    if os.getppid() != parent:  # the build died before the line above took effect
        os._exit(1)
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()


def _watch_parent(parent: int) -> None:
    """Where there is no parent-death signal: poll, and end this worker once the build is gone."""
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)


def _prewarm(parent: int) -> None:
    """Worker start-up: tie the worker to the build, then load papermill and the kernel
    machinery before there is work."""
    end_with_parent(parent)
    import nbformat  # noqa: F401
    import papermill  # noqa: F401

    import rusrapport.pipeline.kernel  # noqa: F401


def _ready() -> None:
    """A no-op task: submitting one per worker makes the pool start them all now."""


def start_pool(workers: int) -> ProcessPoolExecutor | None:
    """Start chapter workers early (they warm up while the inputs are validated); None for one."""
    if workers <= 1:
        return None
    pool = ProcessPoolExecutor(
        max_workers=workers, mp_context=get_context("spawn"), initializer=_prewarm, initargs=(os.getpid(),)
    )
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


def stop_pool(pool: ProcessPoolExecutor | None) -> None:
    """End the workers now (their kernels follow): for an interrupted build, not a finished one."""
    if pool is None:
        return
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        if process.is_alive():
            process.kill()
    pool.shutdown(wait=False, cancel_futures=True)

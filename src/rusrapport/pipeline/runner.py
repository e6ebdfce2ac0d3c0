"""The build, step by step: validate, decide what to run, run, assemble, publish.

Exit status: 0 built (or nothing to do), 1 a chapter or the assembly failed, 2 bad input or
configuration, 3 another build is running, 128 + signal number when stopped by SIGINT/SIGTERM.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import sys
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from multiprocessing import get_context
from pathlib import Path

from rusrapport.errors import InputError
from rusrapport.pipeline import fingerprint as fp
from rusrapport.pipeline.config import ReportConfig
from rusrapport.pipeline.publish import (
    BuildLocked,
    build_lock,
    failed_dir,
    has_report,
    recover,
    staging_dir,
    swap_in,
)

STATE = ".build/state.json"
EXPECTED = ("index.html", "numbers.json", "manifest.json")


@dataclass
class Options:
    jobs: int = 2
    force: bool = False
    rerun: tuple[str, ...] = ()  # chapters to execute even when unchanged
    formats: tuple[str, ...] = ("html", "pdf")
    verbose: bool = False
    quiet: bool = False


@dataclass
class Report:
    """What happened, for the manifest and the summary line."""

    status: dict[str, str] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    change_summary: list[str] = field(default_factory=list)
    pdf: str = "built"  # built, kept, removed or none (see _pdf_plan)


class Stopped(BaseException):
    """SIGINT or SIGTERM arrived: stop now, clean up, keep the last good report."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


_PUBLISHED = {"done": False}  # once the report is swapped in, a late stop lets the build finish


def _stop(signum: int, frame: object) -> None:
    if not _PUBLISHED["done"]:
        raise Stopped(signum)


def _unchanged(output_dir: Path) -> str:
    """The closing words of a build that published nothing: true whether or not a report exists."""
    if has_report(output_dir):
        return f"the last good report in {output_dir} is unchanged."
    return f"there is no earlier report in {output_dir}; nothing was published."


class Console:
    def __init__(self, options: Options):
        self.show = options.verbose or (sys.stdout.isatty() and not options.quiet)
        self.verbose = options.verbose
        self.quiet = options.quiet

    def line(self, text: str) -> None:
        if self.show:
            print(text, flush=True)

    def note(self, text: str) -> None:
        """Also in unattended runs (a scheduled rebuild's log); only ``--quiet`` hides it."""
        if not self.quiet:
            print(text, flush=True)

    def detail(self, text: str) -> None:
        if self.verbose:
            print(text, flush=True)


def input_digests(config: ReportConfig) -> dict[str, str]:
    from rusrapport.data.delivery import input_files, mapping_files

    def digest(files: list[Path]) -> str:
        # One file: its own checksum (as always); a delivery or an infix layout: all files'.
        sums = [fp.file_digest(f) for f in files]
        return sums[0] if len(sums) == 1 else fp.combine(*sums)

    digests = {}
    for name, path in config.inputs.items():
        if not path.exists():
            raise InputError.single(str(path), "file not found", column=None)
        digests[name] = digest(input_files(path))
    for name, path in config.mappings.items():
        if path is not None:
            digests[f"{name}_mapping"] = digest([f for f in mapping_files(path) if f.exists()])
    return digests


def validate_inputs(config: ReportConfig) -> tuple[list[str], list[str]]:
    """Load every input through its contract; all problems of all files in one error. Returns
    notes for the log (survey rows after the edition year, which the chapters leave out) and what
    each mapping rule changed (file, rule, values), for the verbose log."""
    from rusrapport.data import (
        load_deaths,
        load_fieldwork,
        load_population,
        load_standard_population,
        load_survey,
    )
    from rusrapport.data.years import later_rows

    year = config.edition_year
    notes = []

    def survey():
        later = later_rows(load_survey(config.inputs["survey"], config.mappings["survey"]), [year])
        frame = load_survey(config.inputs["survey"], config.mappings["survey"], years=[year])
        if later.any():
            notes.append(
                f"{config.inputs['survey'].name}: {int(later.sum())} survey rows after the edition year "
                f"{year} are left out"
            )
        return frame

    checks = [
        survey,
        lambda: load_fieldwork(config.inputs["fieldwork"], years=[year]),
        lambda: load_deaths(config.inputs["deaths"], config.mappings["deaths"], years=[year - 1]),
        lambda: load_population(config.inputs["population"], config.mappings["population"], years=[year - 1]),
        lambda: load_standard_population(config.inputs["standard_population"]),
    ]
    problems, changed = [], []
    for check in checks:
        try:
            frame = check()
        except InputError as exc:
            problems.extend(exc.problems)
            continue
        for file, rule, count in frame.attrs.get("mapping_report", []):
            changed.append(f"  {Path(file).name}: {rule}: {count} value(s) changed")
        for year, count in frame.attrs.get("control_drug_excluded", {}).items():
            changed.append(f"  survey {year}: {count} respondent(s) reporting the control drug excluded")
    if problems:
        raise InputError(problems)
    return notes, changed


def chapter_parameters(config: ReportConfig, chapter_dir: Path, cwd: Path | None = None) -> dict[str, object]:
    """Everything the build can supply to a notebook; each notebook takes what it declares.
    With ``cwd`` (the kernel's working folder) paths are relative to it: executed notebooks and
    analyst pages then show no build machine's folders."""

    def shown(path: Path) -> str:
        return os.path.relpath(path, cwd) if cwd else str(path)

    params: dict[str, object] = {"edition_year": config.edition_year, **config.parameters}
    if not config.exclude_control_drug:  # not a notebook parameter; only in the cache key
        params["exclude_control_drug"] = False
    for name, path in config.inputs.items():
        params[f"{name}_path"] = shown(path)
    for name, path in config.mappings.items():
        params[f"{name}_mapping"] = shown(path) if path else ""
    params["output_dir"] = shown(chapter_dir)
    params["min_category_count"] = config.min_category_count
    params["synthetic"] = config.synthetic
    return params


def lock_digest(root: Path) -> str:
    lock = root / "requirements.lock"
    return fp.file_digest(lock) if lock.exists() else "no-lock"


def load_state(output_dir: Path) -> dict:
    path = output_dir / STATE
    if not path.exists() or not all((output_dir / name).exists() for name in EXPECTED):
        return {}
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError:
        return {}


def build(config: ReportConfig, options: Options) -> int:
    console = Console(options)
    started = time.perf_counter()
    _PUBLISHED["done"] = False
    handlers = {sig: signal.signal(sig, _stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        with build_lock(config.output_dir):
            restored = recover(config.output_dir)
            if restored:
                print(f"rusrapport: {restored}", file=sys.stderr, flush=True)
            return _build(config, options, console, started)
    except BuildLocked as exc:
        print(f"rusrapport: {exc}", file=sys.stderr)
        return 3
    except InputError as exc:
        print(f"rusrapport: the build did not start because of bad input.\n{exc.summary()}", file=sys.stderr)
        return 2
    except Stopped as exc:
        name = signal.Signals(exc.signum).name
        print(f"rusrapport: stopped by {name}; {_unchanged(config.output_dir)}", file=sys.stderr, flush=True)
        return 128 + exc.signum
    finally:
        for sig, handler in handlers.items():
            signal.signal(sig, handler)


def _build(config: ReportConfig, options: Options, console: Console, started: float) -> int:
    state = load_state(config.output_dir)
    digests = input_digests(config)
    library, lock = fp.library_digest(), lock_digest(config.root)
    # Paths are left out of the key (their contents are in ``digests``), so a moved or copied
    # project keeps its cache.
    stable_params = {
        k: (f"<{k}>" if k.endswith(("_path", "_mapping")) else v)
        for k, v in chapter_parameters(config, Path("<output>")).items()
    }
    keys = {}
    for chapter in config.chapters:
        params = {**stable_params, **chapter.parameters, "output_dir": f"<output>/{chapter.id}"}
        declared = fp.declared_names(chapter.notebook)
        used = {
            k: v for k, v in digests.items() if f"{k}_path" in declared or k in declared
        }  # inputs it reads
        keys[chapter.id] = fp.combine(
            fp.notebook_digest(chapter.notebook), params, used, library, lock, sys.version
        )
    # What the pages and the PDF are made of; the formats are not part of it, so an HTML-only
    # build can tell whether the last PDF still shows the same report.
    content_key = fp.combine(keys, [(c.id, c.title) for c in config.chapters], config.title, library)
    reuse = set()
    for chapter in config.chapters:
        if (
            options.force
            or chapter.id in options.rerun
            or state.get("chapters", {}).get(chapter.id) != keys[chapter.id]
        ):
            continue
        found = fp.records_digest(config.output_dir, chapter.id)
        if found is not None and found == state.get("records", {}).get(chapter.id):
            reuse.add(chapter.id)
        else:  # e.g. a notebook run by hand wrote into the build's folder
            console.note(
                f"  ! {chapter.id}: its files in {config.output_dir} are not the ones the build recorded; "
                "running it again"
            )
    pdf_current = state.get("pdf") == content_key and (config.output_dir / "report.pdf").is_file()
    if (
        len(reuse) == len(config.chapters)
        and state.get("assembly") == content_key
        and ("pdf" not in options.formats or pdf_current)
    ):
        clear_failed(config.output_dir, console)
        console.note(
            f"Nothing to rebuild: {len(reuse)} chapters unchanged ({time.perf_counter() - started:.1f} s)."
        )
        return 0

    from rusrapport.pipeline.execute import start_pool, stop_pool

    pending = [c for c in config.chapters if c.id not in reuse]
    from rusrapport.data.control import SETTING

    os.environ[SETTING] = "1" if config.exclude_control_drug else "0"  # chapters read it at load
    pool = staging = None
    finished = False
    try:
        pool = start_pool(min(options.jobs, len(pending)))  # workers warm up while inputs are checked
        if digests != state.get("inputs") or state.get("edition_year") != config.edition_year:
            tick = time.perf_counter()
            notes, changed = validate_inputs(config)
            for note in notes:
                if not options.quiet:
                    print(f"rusrapport: {note}", flush=True)
            for line in changed:
                console.detail(line)
            console.detail(f"  inputs validated in {time.perf_counter() - tick:.1f} s")
        staging = staging_dir(config.output_dir)
        code = _run(
            config, options, console, started, state, digests, keys, content_key, reuse, pool, staging
        )
        finished = True
        return code
    finally:
        if pool is not None and finished:
            pool.shutdown(cancel_futures=True)
        elif pool is not None:  # stopped or crashed: the workers and their kernels end now
            stop_pool(pool)
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)


def _run(
    config: ReportConfig,
    options: Options,
    console: Console,
    started: float,
    state: dict,
    digests: dict[str, str],
    keys: dict[str, str],
    content_key: str,
    reuse: set[str],
    pool: object,
    staging: Path,
) -> int:
    """Run the changed chapters, assemble and publish (inputs are valid by now)."""
    from rusrapport.pipeline.execute import Task, check_parameters, run_all

    report = Report()
    tasks = []
    for chapter in config.chapters:
        chapter_dir = staging / ".chapters" / chapter.id
        if chapter.id in reuse:
            shutil.copytree(config.output_dir / ".chapters" / chapter.id, chapter_dir)
            (staging / "notebooks").mkdir(exist_ok=True)
            (staging / "logs").mkdir(exist_ok=True)
            shutil.copyfile(
                config.output_dir / "notebooks" / f"{chapter.id}.ipynb",
                staging / "notebooks" / f"{chapter.id}.ipynb",
            )
            old_log = config.output_dir / "logs" / f"{chapter.id}.log"
            if old_log.exists():
                shutil.copyfile(old_log, staging / "logs" / old_log.name)
            report.status[chapter.id], report.seconds[chapter.id] = "reused", 0.0
            console.line(f"  = {chapter.id:<16} reused")
            continue
        supplied = {**chapter_parameters(config, chapter_dir, staging), **chapter.parameters}
        params = check_parameters(chapter.id, chapter.notebook, supplied, chapter.parameters, pool)
        tasks.append(
            Task(
                chapter.id,
                chapter.notebook,
                staging / "notebooks" / f"{chapter.id}.ipynb",
                staging / "logs" / f"{chapter.id}.log",
                params,
                cwd=staging,
            )
        )
    (staging / "logs").mkdir(exist_ok=True)
    if tasks:
        console.line(f"Running {len(tasks)} chapter(s) with up to {options.jobs} in parallel ...")

    def done(outcome) -> None:
        if outcome.retried:
            print(f"rusrapport: chapter '{outcome.chapter_id}' was run again: {outcome.retried}", flush=True)
        mark = "✓" if outcome.ok else "✗"
        console.line(
            f"  {mark} {outcome.chapter_id:<16} {'executed' if outcome.ok else 'FAILED'} {outcome.seconds:6.1f} s"
        )

    warm = threading.Thread(target=_warm_imports, daemon=True)
    warm.start()  # the main process only waits while chapters run: load the exporters meanwhile
    outcomes = run_all(tasks, done, pool)
    warm.join()
    failures = [o for o in outcomes if not o.ok]
    if failures:
        return _fail(config, staging, failures, tasks)
    for outcome in outcomes:
        report.status[outcome.chapter_id], report.seconds[outcome.chapter_id] = (
            "executed",
            round(outcome.seconds, 2),
        )

    records = {c.id: fp.records_digest(staging, c.id) for c in config.chapters}
    moved = sorted(c for c in reuse if records[c] != state["records"][c])
    if moved:  # written to while being copied: nothing of it is published
        shutil.rmtree(staging, ignore_errors=True)
        print(
            f"rusrapport: the files of {', '.join(moved)} in {config.output_dir} changed during the build; "
            "build again.",
            file=sys.stderr,
        )
        return 1
    report.pdf = _pdf_plan(config.output_dir, options, state, content_key)
    if report.pdf == "kept":  # an HTML-only build whose pages show what the last PDF shows
        shutil.copyfile(config.output_dir / "report.pdf", staging / "report.pdf")
    tick = time.perf_counter()
    try:
        _assemble(config, options, staging, digests, report, console)
        console.detail(
            f"  pages, data{' and PDF' if report.pdf == 'built' else ''} assembled "
            f"in {time.perf_counter() - tick:.1f} s"
        )
    except Exception as exc:
        shutil.rmtree(staging, ignore_errors=True)
        print(
            f"rusrapport: assembling the report failed: {type(exc).__name__}: {exc}\n"
            f"{_unchanged(config.output_dir).capitalize()}",
            file=sys.stderr,
        )
        return 1
    state = {
        "inputs": digests,
        "edition_year": config.edition_year,
        "chapters": keys,
        "records": records,
        "assembly": content_key,
        "pdf": content_key if report.pdf in ("built", "kept") else None,
    }
    (staging / ".build").mkdir(exist_ok=True)
    (staging / STATE).write_text(json.dumps(state, indent=1, sort_keys=True), encoding="utf-8")
    stops = {signal.SIGINT, signal.SIGTERM}
    signal.pthread_sigmask(signal.SIG_BLOCK, stops)  # a stop waits until both renames are done
    try:
        swap_in(staging, config.output_dir)
        _PUBLISHED["done"] = True
    except OSError as exc:
        recover(config.output_dir)
        print(
            f"rusrapport: publishing into {config.output_dir} failed: {exc.strerror or exc}; "
            f"{_unchanged(config.output_dir)}",
            file=sys.stderr,
        )
        return 1
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, stops)
    clear_failed(config.output_dir, console)
    # A scheduled rebuild's log shows what new data moved and what was (not) rebuilt.
    console.note("\n".join(report.change_summary))
    console.note(summary(config.output_dir, report, time.perf_counter() - started))
    return 0


def _pdf_plan(output_dir: Path, options: Options, state: dict, content_key: str) -> str:
    """'built'; or, in an HTML-only build, 'kept' when the last PDF shows these same pages,
    'removed' when it does not (a stale PDF is never published), 'none' when there was none."""
    if "pdf" in options.formats:
        return "built"
    if not (output_dir / "report.pdf").is_file():
        return "none"
    return "kept" if state.get("pdf") == content_key else "removed"


PDF_SUMMARY = {
    "built": "HTML and PDF",
    "kept": "HTML; report.pdf kept from the last build (it shows the same pages)",
    "removed": "HTML only; report.pdf REMOVED: it no longer matched the pages "
    "(run with --formats html,pdf to make it again)",
    "none": "HTML only, no PDF",
}


def summary(output_dir: Path, report: Report, seconds: float) -> str:
    """The closing line: which chapters executed, which were reused, which formats were built."""
    executed = [c for c, s in report.status.items() if s == "executed"]
    reused = [c for c, s in report.status.items() if s == "reused"]
    return (
        f"Built {output_dir} in {seconds:.1f} s: executed {', '.join(executed) or 'none'}; "
        f"reused {', '.join(reused) or 'none'}; {PDF_SUMMARY[report.pdf]}."
    )


def clear_failed(output_dir: Path, console: Console) -> None:
    """A good build makes the evidence of an earlier failure stale: remove it."""
    failed = failed_dir(output_dir)
    if failed.exists():
        shutil.rmtree(failed)
        console.note(f"Removed {failed} (left by an earlier failed build).")


def _fail(config: ReportConfig, staging: Path, failures, tasks) -> int:
    keep = failed_dir(config.output_dir)
    try:
        if keep.exists():  # evidence of this failure only, not of an earlier one
            shutil.rmtree(keep)
    except OSError:
        pass
    by_id = {t.chapter_id: t for t in tasks}
    for outcome in failures:
        task = by_id[outcome.chapter_id]
        where = f"cell {outcome.cell}" if outcome.cell else "before any cell ran"
        sources = (task.output, task.log, task.log.with_suffix(".kernel.log"))
        try:
            keep.mkdir(parents=True, exist_ok=True)
            for src in sources:
                if src.exists() and src.stat().st_size:
                    shutil.copyfile(src, keep / src.name)
            kept = f"executed notebook and log kept in {keep}"
        except OSError as exc:  # e.g. a full disk: say so, and leave no half-copied files
            for src in sources:
                (keep / src.name).unlink(missing_ok=True)
            kept = f"could not keep the executed notebook and log in {keep}: {exc.strerror or exc}"
        print(
            f"rusrapport: chapter '{outcome.chapter_id}' failed in {where} of {task.notebook}:\n  {outcome.error}\n"
            f"  {kept}",
            file=sys.stderr,
        )
    shutil.rmtree(staging, ignore_errors=True)
    print(f"rusrapport: build failed; {_unchanged(config.output_dir)}", file=sys.stderr)
    return 1


def _previous_numbers(output_dir: Path) -> tuple[list[dict], str | None]:
    """The number registry of the build being replaced, and when that build was made."""
    try:
        numbers = json.loads((output_dir / "numbers.json").read_text(encoding="utf-8"))
        built_at = json.loads((output_dir / "manifest.json").read_text(encoding="utf-8")).get("built_at", "?")
        return numbers, built_at
    except (OSError, json.JSONDecodeError):
        return [], None


def _day(timestamp: str | None) -> str | None:
    """'2026-11-24T01:57:09+00:00' -> '24. november 2026'."""
    if timestamp is None:
        return None
    from rusrapport.text.numbers import format_day

    try:
        return format_day(datetime.fromisoformat(timestamp).date())
    except ValueError:
        return timestamp


def _warm_imports() -> None:
    import nbconvert  # noqa: F401
    import openpyxl  # noqa: F401
    import weasyprint  # noqa: F401


def _assemble(
    config: ReportConfig,
    options: Options,
    staging: Path,
    digests: dict[str, str],
    report: Report,
    console: Console,
) -> None:
    from rusrapport.pipeline import changes, export, outputs, pdf

    built_at = datetime.now(UTC)
    built_on = _day(built_at.isoformat())
    commit = outputs.git_commit(config.root)
    chapters = [(c.id, c.title, staging / "notebooks" / f"{c.id}.ipynb") for c in config.chapters]
    pages = export.chapter_pages(chapters)
    pdf_job = None
    if report.pdf == "built":  # rendered in a forked process while the pages are written here
        document = pdf.report_document(
            pages,
            report_title=config.title,
            edition=config.edition_year,
            synthetic=config.synthetic,
            colophon=outputs.colophon(config, digests, config.synthetic, built_on, commit),
        )
        from rusrapport.pipeline.execute import end_with_parent

        pool = ProcessPoolExecutor(
            max_workers=1,
            mp_context=get_context("fork"),
            initializer=end_with_parent,
            initargs=(os.getpid(),),
        )
        pdf_job = pool.submit(pdf.write_pdf, document, staging / "report.pdf", staging)
        pool.shutdown(wait=False)
    nav = [("index.html", "Forside")] + [(f"{p.chapter_id}.html", f"{p.number} {p.title}") for p in pages]
    nav.append(("changes.html", "Endringer"))
    synthetic = config.synthetic
    rendered = {}
    for page in pages:
        body = f'<article class="chapter">{export.heading(page)}{page.body}</article>'
        rendered[f"{page.chapter_id}.html"] = export.page_html(
            title=f"{page.title} – {config.title} {config.edition_year}",
            report_title=config.title,
            edition=config.edition_year,
            main=body,
            nav=nav,
            current=f"{page.chapter_id}.html",
            synthetic=synthetic,
        )
        analyst = export.analyst_html(
            staging / "notebooks" / f"{page.chapter_id}.ipynb",
            title=page.title,
            report_title=config.title,
            edition=config.edition_year,
            nav=nav,
            synthetic=synthetic,
        )
        (staging / "notebooks" / f"{page.chapter_id}.html").write_text(analyst, encoding="utf-8")
    rendered["index.html"] = outputs.index_html(
        config, pages, nav, digests, synthetic, report.pdf in ("built", "kept"), built_on, commit
    )
    problems = outputs.scan_leftovers(rendered)
    if problems:
        raise RuntimeError("leftovers in the finished pages:\n  " + "\n  ".join(problems))
    for name, text in rendered.items():
        (staging / name).write_text(text, encoding="utf-8")

    chapter_dirs = [staging / ".chapters" / c.id for c in config.chapters]
    records = [outputs.chapter_record(d) for d in chapter_dirs]
    ids = outputs.collect_data(chapter_dirs, records, staging / "data")
    meta = {f["id"]: {"title": f["title"], "chapter": r["chapter"]} for r in records for f in r["figures"]}
    outputs.write_workbook(
        staging / "data",
        ids,
        meta,
        staging / "data" / "report_data.xlsx",
        title=f"{config.title} {config.edition_year}",
        synthetic=synthetic,
    )
    numbers = outputs.numbers_json(records)
    (staging / "numbers.json").write_text(
        json.dumps(numbers, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    previous, compared_with = _previous_numbers(config.output_dir)
    changed = changes.compare(previous, numbers) if compared_with else []
    page = export.page_html(
        title=f"Hva er endret – {config.title} {config.edition_year}",
        report_title=config.title,
        edition=config.edition_year,
        main=changes.changes_main(
            changed, _day(compared_with)
        ),  # the day only: same-day rebuilds give the same page
        nav=nav,
        current="changes.html",
        synthetic=synthetic,
    )
    (staging / "changes.html").write_text(page, encoding="utf-8")
    report.change_summary = changes.summary(changed, compared_with)
    if pdf_job is not None:
        pdf_job.result()
    manifest = {
        "report": config.title,
        "edition_year": config.edition_year,
        "built_at": built_at.isoformat(timespec="seconds"),
        "git_commit": commit,
        "synthetic_inputs": synthetic,
        "inputs": {
            name: {"path": published_path(_input_path(config, name), config.root), "sha256": digest}
            for name, digest in digests.items()
        },
        "parameters": {**config.parameters, "edition_year": config.edition_year},
        "versions": outputs.versions(),
        "chapters": [
            {"id": c.id, "title": c.title, "status": report.status[c.id], "seconds": report.seconds[c.id]}
            for c in config.chapters
        ],
        "pdf": report.pdf,
        "figures": ids,
        "numbers": len(numbers),
        "changes": {"compared_with": compared_with, "count": len(changed), "items": changed},
    }
    (staging / "manifest.json").write_text(
        json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )


def _input_path(config: ReportConfig, name: str) -> Path | None:
    if name.endswith("_mapping"):
        return config.mappings.get(name.removesuffix("_mapping"))
    return config.inputs.get(name)


def published_path(path: Path | None, root: Path) -> str:
    """An input as published files name it: relative to the project, or its file name when it
    lies outside (nothing of the build machine's folders in the outputs)."""
    if path is None:
        return ""
    try:
        return Path(path).resolve().relative_to(Path(root).resolve()).as_posix()
    except ValueError:
        return Path(path).name

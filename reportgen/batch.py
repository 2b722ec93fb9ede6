"""Build many inputs at once: `reportgen build DIR/` or several files.

One worker process per core, each importing WeasyPrint once (the worker
processes fork from a server that has already imported it) and then building
input after input through the same library call as a single build
(reportgen.build.build). A failure is that input's result, not the batch's:
the others go on. The caller gets one BatchResult per input, in the order
given, and decides how to show them (cli.py: a progress bar and a table).
"""

from __future__ import annotations

import multiprocessing
import os
import re
import time
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportgen.errors import Problem, ReportError

_REPORT_KEYS = (re.compile(r"^office\s*:", re.M), re.compile(r"^year\s*:", re.M))
_SKIP_DIRS = {"output", ".venv", "node_modules", "archive"}


@dataclass(frozen=True)
class BatchResult:
    input: Path
    ok: bool
    seconds: float
    pages: int | None = None  # of the PDF, when one was written
    warnings: tuple[str, ...] = ()
    files: tuple[Path, ...] = ()
    problems: tuple[str, ...] = ()  # why it failed, in Chinese, one line each


@dataclass(frozen=True)
class BatchOptions:
    """What every build of the batch is given (the CLI's build options)."""

    out_dir: Path = Path("output")
    formats: tuple[str, ...] = ("docx", "pdf")
    profile: Any = None  # a LayoutProfile, or None for each input's own
    templates_dir: Path | None = None
    fonts_dir: Path | None = None
    strict: bool = False
    # Where last year's inputs are looked up when not beside an input (the archive's
    # folder, as `build --archive-root` or $REPORTGEN_ARCHIVE names it); None: nowhere.
    archive_root: Path | None = None


def find_inputs(paths: Iterable[Path]) -> list[Path]:
    """The report inputs named: files as given, folders searched for YAML files that
    are reports (they have `office:` and `year:`; catalogues and ledgers do not)."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            for candidate in sorted(path.rglob("*.y*ml")):
                if any(part.startswith(".") or part in _SKIP_DIRS for part in candidate.relative_to(path).parts[:-1]):
                    continue
                if candidate.suffix in (".yaml", ".yml") and _is_report(candidate):
                    found.append(candidate)
        else:
            found.append(path)
    return list(dict.fromkeys(found))


def _is_report(path: Path) -> bool:
    try:
        head = path.read_text(encoding="utf-8-sig", errors="replace")[:200_000]
    except OSError:
        return False
    return all(pattern.search(head) for pattern in _REPORT_KEYS)


def build_one(input_path: Path, options: BatchOptions) -> BatchResult:
    """One input, as a single `reportgen build` would build it; never raises."""
    from reportgen.archive import previous_lookup
    from reportgen.build import build

    start = time.perf_counter()
    lookup = previous_lookup(options.archive_root) if options.archive_root is not None else None
    try:
        result = build(input_path, out_dir=options.out_dir, formats=options.formats, profile=options.profile,
                       templates_dir=options.templates_dir, fonts_dir=options.fonts_dir, strict=options.strict,
                       previous_lookup=lookup)
    except ReportError as err:
        return BatchResult(input_path, False, time.perf_counter() - start, problems=tuple(map(str, err.problems)))
    except Exception as err:  # a bug must not stop the batch; it is reported as one
        return BatchResult(input_path, False, time.perf_counter() - start,
                           problems=(f"内部错误（请报告）：{type(err).__name__}: {err}",))
    return BatchResult(
        input_path, True, time.perf_counter() - start, pages=result.pages or None,
        warnings=tuple(str(w) for w in result.warnings), files=tuple(result.files.values()),
    )


def _warm() -> None:
    """Import the renderers once per process, not once per input."""
    import reportgen.build
    import reportgen.render.docx
    import reportgen.render.pdf  # noqa: F401


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def run_batch(inputs: list[Path], options: BatchOptions, jobs: int | None = None,
              done: Callable[[BatchResult], None] | None = None) -> list[BatchResult]:
    """Build every input, `jobs` at a time; `done` is called as each finishes."""
    if not inputs:
        raise ReportError(Problem("没有找到要生成的输入文件", hint="给出 YAML 文件，或含有输入文件的文件夹。"))
    jobs = max(1, min(jobs or default_jobs(), len(inputs)))
    results: dict[Path, BatchResult] = {}
    if jobs == 1:
        for path in inputs:
            results[path] = build_one(path, options)
            if done:
                done(results[path])
        return [results[p] for p in inputs]
    with ProcessPoolExecutor(max_workers=jobs, mp_context=_context(), initializer=_warm) as pool:
        pending: dict[Future, Path] = {pool.submit(build_one, path, options): path for path in inputs}
        while pending:
            finished, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in finished:
                path = pending.pop(future)
                try:
                    results[path] = future.result()
                except Exception as err:  # the worker died (killed, out of memory)
                    results[path] = BatchResult(path, False, 0.0, problems=(f"生成进程意外退出：{err}",))
                if done:
                    done(results[path])
    return [results[p] for p in inputs]


def _context():
    """forkserver: workers fork from a clean server process that imported the renderers
    once, never from this one (which may be running a progress bar's thread)."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["reportgen.build", "reportgen.render.pdf", "reportgen.render.docx"])
        return context
    return multiprocessing.get_context("spawn")

"""How long a build takes, how large its files are, how much memory it needs.

Prints figures and the targets beside them; it never asserts, so a slow
machine still gets its numbers. Run it with the project's virtualenv:

    .venv/bin/python benchmarks/bench_build.py [--runs N] [--input PATH]

In-process stages (compose, DOCX render, PDF render) are timed after one
warm-up run, so imports (WeasyPrint's above all) and the font look-up are paid
before the clock starts. The whole build runs as a fresh `python -m reportgen
build` process each time, so its figure includes Python start-up and every
import; its peak memory comes from os.wait4 for that process alone, and it
runs before anything heavy is imported here (see main).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_INPUT = REPO / "inputs" / "nanchang-waiqiao" / "2011.yaml"
FONTS_DIR = REPO / "fonts"  # what `reportgen build` uses when run from the repository root

TARGET_BUILD_S = 1.5
TARGET_PDF_KB = 500


def _timed(func: Callable[[], object]) -> tuple[float, object]:
    start = time.perf_counter()
    result = func()
    return time.perf_counter() - start, result


def in_process(input_path: Path, runs: int) -> dict[str, list[float]]:
    from reportgen.build import compose_document
    from reportgen.fonts import resolve_fonts
    from reportgen.layout import STANDARD
    from reportgen.render.docx import render_docx
    from reportgen.render.pdf import render_pdf

    fonts = resolve_fonts(STANDARD, FONTS_DIR)
    # Warm-up: imports, Jinja template compilation, font caches.
    document = compose_document(input_path, STANDARD)
    render_docx(document, STANDARD)
    render_pdf(document, STANDARD, fonts)

    times: dict[str, list[float]] = {"compose_s": [], "docx_render_s": [], "pdf_render_s": []}
    for _ in range(runs):
        seconds, document = _timed(lambda: compose_document(input_path, STANDARD))
        times["compose_s"].append(seconds)
        seconds, _ = _timed(lambda: render_docx(document, STANDARD))  # noqa: B023
        times["docx_render_s"].append(seconds)
        seconds, _ = _timed(lambda: render_pdf(document, STANDARD, fonts))  # noqa: B023
        times["pdf_render_s"].append(seconds)
    return times


def _maxrss_mb(usage) -> float:
    # ru_maxrss is in kilobytes on Linux, in bytes on macOS.
    scale = 1024 * 1024 if sys.platform == "darwin" else 1024
    return usage.ru_maxrss / scale


def whole_build(input_path: Path, out_dir: Path, work_dir: Path) -> tuple[float, float]:
    """One `reportgen build` as a fresh process: (seconds, peak RSS in MB)."""
    command = [sys.executable, "-m", "reportgen", "build", str(input_path), "-o", str(out_dir)]
    log = work_dir / "build.log"
    with log.open("wb") as sink:
        start = time.perf_counter()
        # cwd is a scratch folder, not the repository: `python -m` puts the cwd first
        # on sys.path, and the source tree's reportgen/ would shadow the installed one.
        proc = subprocess.Popen(command, stdout=sink, stderr=subprocess.STDOUT, cwd=work_dir)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        sys.stderr.write(log.read_text(encoding="utf-8", errors="replace"))
        sys.exit(f"reportgen build failed (exit {proc.returncode}): {' '.join(command)}")
    return seconds, _maxrss_mb(usage)


def _size_kb(out_dir: Path, suffix: str) -> float:
    files = sorted(out_dir.rglob(f"*{suffix}"))
    if len(files) != 1:
        sys.exit(f"expected one {suffix} file under {out_dir}, found {len(files)}")
    return files[0].stat().st_size / 1024


def _line(name: str, values: list[float], target: str = "") -> str:
    text = f"{name:<24} median {statistics.median(values):7.3f}  min {min(values):7.3f}"
    return f"{text}  {target}" if target else text


def _target(value: float, limit: float, unit: str) -> str:
    verdict = "met" if value <= limit else "MISSED"
    return f"target <= {limit:g} {unit} ({verdict})"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmark reportgen build (prints figures).")
    parser.add_argument("--runs", type=int, default=5, help="timed runs per figure (default 5)")
    parser.add_argument("--input", type=Path, default=DEFAULT_INPUT,
                        help="input YAML (default inputs/nanchang-waiqiao/2011.yaml)")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    input_path = args.input.resolve()
    if not input_path.is_file():
        parser.error(f"no such input: {args.input}")

    shown = input_path.relative_to(REPO) if input_path.is_relative_to(REPO) else input_path
    print(f"input   {shown}")
    print(f"runs    {args.runs} (in-process stages after 1 warm-up; whole build a fresh process"
          " each run)")
    print(f"python  {sys.version.split()[0]}  {sys.executable}")
    print()

    # Whole builds first, while this process is still small: on Linux a child's
    # ru_maxrss starts from the parent's peak at fork/exec, so measuring after the
    # in-process stages (WeasyPrint loaded, ~200 MB) would report the parent's peak.
    build_s: list[float] = []
    rss_mb: list[float] = []
    with tempfile.TemporaryDirectory(prefix="reportgen-bench-") as tmp:
        for run in range(args.runs):
            work_dir = Path(tmp) / f"run{run}"
            out_dir = work_dir / "output"
            work_dir.mkdir()
            seconds, rss = whole_build(input_path, out_dir, work_dir)
            build_s.append(seconds)
            rss_mb.append(rss)
        pdf_kb = _size_kb(out_dir, ".pdf")
        docx_kb = _size_kb(out_dir, ".docx")

    times = in_process(input_path, args.runs)

    print(_line("compose_s", times["compose_s"]))
    print(_line("docx_render_s", times["docx_render_s"]))
    print(_line("pdf_render_s", times["pdf_render_s"]))
    print(_line("build_process_s", build_s,
                _target(statistics.median(build_s), TARGET_BUILD_S, "s, median")))
    print(f"{'build_process_maxrss_mb':<24} median {statistics.median(rss_mb):7.1f}"
          f"  max {max(rss_mb):7.1f}")
    print(f"{'pdf_size_kb':<24} {pdf_kb:14.1f}  {_target(pdf_kb, TARGET_PDF_KB, 'KB')}")
    print(f"{'docx_size_kb':<24} {docx_kb:14.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

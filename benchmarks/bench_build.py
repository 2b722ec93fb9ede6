"""How long a build takes, against LibreOffice; how large its files are, how much memory it needs.

Prints figures and the targets beside them, each "met" or "NOT met"; it never
asserts on a time, so a slow machine still gets its numbers. Run it with the
project's virtualenv:

    .venv/bin/python benchmarks/bench_build.py [--runs N] [--big-runs N] [--input PATH]

Whole processes, each a fresh `python -m reportgen` with every import paid:
`check` and `build` of the example (8 pages), LibreOffice's `soffice --headless
--convert-to pdf` of the DOCX that build wrote, taken in turn with the builds
so both see the same load on the machine, and `build` of an 86-page report
generated here (the example's summary sections twenty times over). Targets
are on wall time; CPU time (user + system, from os.wait4 like the peak memory,
max RSS) is printed beside it, as a busy machine inflates it less.

Then WeasyPrint's import with reportgen's loader and without it
(reportgen/render/weasyprint_loader.py), and the proof that the loader changes
nothing: the example's PDF built with WeasyPrint imported plainly must have the
same bytes. Last, in-process stages (compose, DOCX, PDF), timed after one
warm-up run.

Exit status: 0 with the figures printed, 1 when a build fails or the two PDFs differ.
"""

from __future__ import annotations

import argparse
import copy
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_INPUT = REPO / "inputs" / "nanchang-waiqiao" / "2011.yaml"
FONTS_DIR = REPO / "fonts"  # what `reportgen build` uses when run from the repository root

TARGET_CHECK_S = 0.3
TARGET_BUILD_S = 1.0
TARGET_VS_LIBREOFFICE = 0.7  # build time / LibreOffice's conversion time
TARGET_BIG_BUILD_S = 3.0
TARGET_PDF_KB = 500
# The example's summary sections this many times over lay out to 86 pages
# (printed below, so a change in the layout shows).
BIG_REPEATS = 20

PLAIN_WEASYPRINT_BUILD = (
    "import sys, weasyprint\n"  # WeasyPrint's own library search, before reportgen's loader can act
    "from reportgen.cli import main\n"
    "sys.exit(main(sys.argv[1:]))\n"
)
IMPORT_TIME = (
    "import time\n"
    "start = time.perf_counter()\n"
    "{statement}\n"
    "print(time.perf_counter() - start)\n"
)


@dataclass(frozen=True)
class Run:
    seconds: float
    cpu_seconds: float  # user + system, its waited-for children included: less sensitive to a busy machine
    maxrss_mb: float
    stdout: str


def _maxrss_mb(usage) -> float:
    # ru_maxrss is in kilobytes on Linux, in bytes on macOS.
    scale = 1024 * 1024 if sys.platform == "darwin" else 1024
    return usage.ru_maxrss / scale


def run_process(command: list[str], cwd: Path, env: dict[str, str]) -> Run:
    """One fresh process: wall time, peak RSS (os.wait4, this process alone) and its output."""
    out, err = cwd / "stdout.log", cwd / "stderr.log"
    with out.open("wb") as stdout, err.open("wb") as stderr:
        start = time.perf_counter()
        proc = subprocess.Popen(command, stdout=stdout, stderr=stderr, cwd=cwd, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        sys.stderr.write(err.read_text(encoding="utf-8", errors="replace"))
        sys.exit(f"failed (exit {code}): {' '.join(command)}")
    return Run(seconds, usage.ru_utime + usage.ru_stime, _maxrss_mb(usage),
               out.read_text(encoding="utf-8", errors="replace"))


def reportgen(*args: str) -> list[str]:
    return [sys.executable, "-m", "reportgen", *args]


def only_file(folder: Path, suffix: str) -> Path:
    files = sorted(folder.rglob(f"*{suffix}"))
    if len(files) != 1:
        sys.exit(f"expected one {suffix} file under {folder}, found {len(files)}")
    return files[0]


def pdf_pages(path: Path) -> int:
    import pypdf

    return len(pypdf.PdfReader(path).pages)


def pdf_metadata(path: Path) -> dict[str, str]:
    import pypdf

    return {key: str(value) for key, value in (pypdf.PdfReader(path).metadata or {}).items()}


def write_big_input(source: Path, folder: Path, repeats: int = BIG_REPEATS) -> Path:
    """The example with its summary sections `repeats` times over, its ledger beside it
    (bench_import.py uses it too)."""
    from ruamel.yaml import YAML  # small, and needed by nothing measured in this process

    data = YAML(typ="safe").load(source.read_text(encoding="utf-8"))
    data["summary"]["sections"] = [copy.deepcopy(s) for _ in range(repeats) for s in data["summary"]["sections"]]
    for name in data.get("ledger_files", []):
        shutil.copy2(source.parent / name, folder / name)
    dumper = YAML(typ="safe", pure=True)
    dumper.allow_unicode = True
    dumper.width = 4096
    path = folder / source.name
    with path.open("w", encoding="utf-8") as handle:
        dumper.dump(data, handle)
    return path


def libreoffice_convert(soffice: str, docx: Path, work: Path, env: dict[str, str]) -> Run:
    out_dir = work / "lo-out"
    out_dir.mkdir(exist_ok=True)
    profile = work.parent / "lo-profile"  # one profile for every run, made by the warm-up
    return run_process([soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless",
                        "--convert-to", "pdf", "--outdir", str(out_dir), str(docx)], work,
                       {**env, "HOME": str(work.parent)})


def _stats(values: list[float]) -> str:
    return f"median {statistics.median(values):7.3f}  min {min(values):7.3f}"


def _process_stats(runs: list[Run]) -> str:
    cpu = statistics.median(r.cpu_seconds for r in runs)
    return f"{_stats([r.seconds for r in runs])}  cpu {cpu:6.3f}"


def _verdict(value: float, limit: float, unit: str) -> str:
    return f"target <= {limit:g}{unit}: {'met' if value <= limit else 'NOT met'}"


def _line(name: str, figures: str, target: str = "") -> str:
    text = f"{name:<30} {figures}"
    return f"{text:<78} {target}" if target else text


def in_process(input_path: Path, runs: int) -> dict[str, list[float]]:
    """The stages one after another in one process, warm: compose, paginate, DOCX, PDF."""
    from reportgen.build import compose_input, lay_out, render

    # Warm-up: imports, Jinja template compilation, font metrics, WeasyPrint's caches.
    composed = compose_input(input_path)
    render(composed, fonts_dir=FONTS_DIR)

    def timed(func: Callable[[], object]) -> tuple[float, object]:
        start = time.perf_counter()
        result = func()
        return time.perf_counter() - start, result

    times: dict[str, list[float]] = {"compose_s": [], "paginate_s": [], "docx_render_s": [], "pdf_render_s": []}
    for _ in range(runs):
        seconds, composed = timed(lambda: compose_input(input_path))
        times["compose_s"].append(seconds)
        seconds, laid = timed(lambda: lay_out(composed, FONTS_DIR))  # noqa: B023
        times["paginate_s"].append(seconds)
        seconds, _ = timed(lambda: render(composed, ("docx",), FONTS_DIR, laid=laid))  # noqa: B023
        times["docx_render_s"].append(seconds)
        seconds, _ = timed(lambda: render(composed, ("pdf",), FONTS_DIR, laid=laid))  # noqa: B023
        times["pdf_render_s"].append(seconds)
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmark reportgen build against LibreOffice (prints figures).")
    parser.add_argument("--runs", type=int, default=5, help="timed runs of each example figure (default 5)")
    parser.add_argument("--big-runs", type=int, default=3, help="timed builds of the 86-page report (default 3; "
                        "0 skips it)")
    parser.add_argument("--input", type=Path, default=DEFAULT_INPUT,
                        help="input YAML (default inputs/nanchang-waiqiao/2011.yaml)")
    args = parser.parse_args(argv)
    if args.runs < 1 or args.big_runs < 0:
        parser.error("--runs must be at least 1 and --big-runs at least 0")
    input_path = args.input.resolve()
    if not input_path.is_file():
        parser.error(f"no such input: {args.input}")
    soffice = shutil.which("soffice") or shutil.which("libreoffice")

    shown = input_path.relative_to(REPO) if input_path.is_relative_to(REPO) else input_path
    print(f"input   {shown}; the 86-page report is generated from it")
    print(f"runs    {args.runs} of each example figure, {args.big_runs} of the 86-page build; whole processes,"
          " median")
    print(f"python  {sys.version.split()[0]}  {sys.executable}")
    print(f"cpus    {os.cpu_count()}  load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print()

    # Every process first, while this one is still small: on Linux a child's
    # ru_maxrss starts from the parent's peak at fork/exec, so measuring after
    # the in-process stages (WeasyPrint loaded, ~200 MB) would report the parent's peak.
    with tempfile.TemporaryDirectory(prefix="reportgen-bench-") as tmp:
        scratch = Path(tmp)
        archive = scratch / "empty-archive"  # no archive may supply a previous year
        archive.mkdir()
        # cwd is a scratch folder, never the repository: `python -m` puts the cwd
        # first on sys.path, and the source tree's reportgen/ would shadow the installed one.
        env = {**os.environ, "REPORTGEN_ARCHIVE": str(archive)}

        checks, builds, conversions = [], [], []
        if soffice:  # LibreOffice's first start writes its profile: not part of a conversion
            warm = scratch / "lo-warm-up"
            warm.mkdir()
            run_process(reportgen("build", str(input_path), "-o", str(warm / "output")), warm, env)
            libreoffice_convert(soffice, only_file(warm / "output", ".docx"), warm, env)
        for run in range(args.runs):
            work = scratch / f"run{run}"
            work.mkdir()
            checks.append(run_process(reportgen("check", str(input_path)), work, env))
            builds.append(run_process(reportgen("build", str(input_path), "-o", str(work / "output")), work, env))
            if soffice:
                docx = only_file(work / "output", ".docx")
                conversions.append(libreoffice_convert(soffice, docx, work, env))
        example_pdf = only_file(scratch / "run0" / "output", ".pdf")
        example_docx = only_file(scratch / "run0" / "output", ".docx")
        pdf_bytes = example_pdf.read_bytes()
        docx_kb = example_docx.stat().st_size / 1024

        plain_dir = scratch / "plain-weasyprint"
        plain_dir.mkdir()
        run_process([sys.executable, "-c", PLAIN_WEASYPRINT_BUILD, "build", str(input_path), "-o",
                     str(plain_dir / "output")], plain_dir, env)
        plain_pdf = only_file(plain_dir / "output", ".pdf")
        plain_pdf_bytes = plain_pdf.read_bytes()

        imports: dict[str, list[float]] = {"loader": [], "plain": []}
        statements = {
            "loader": "from reportgen.render.weasyprint_loader import load_weasyprint; load_weasyprint()",
            "plain": "import weasyprint",
        }
        for run in range(args.runs):
            for label, statement in statements.items():
                code = IMPORT_TIME.format(statement=statement)
                done = run_process([sys.executable, "-c", code], scratch / f"run{run}", env)
                imports[label].append(float(done.stdout.split()[-1]))

        big_builds: list[Run] = []
        big_pages, big_pdf_kb = 0, 0.0
        if args.big_runs:
            big_dir = scratch / "big"
            big_dir.mkdir()
            big_input = write_big_input(input_path, big_dir)
            for run in range(args.big_runs):
                work = big_dir / f"run{run}"
                work.mkdir()
                big_builds.append(run_process(reportgen("build", str(big_input), "-o", str(work / "output")),
                                              work, env))
            big_pdf = only_file(big_dir / "run0" / "output", ".pdf")
            big_pdf_kb = big_pdf.stat().st_size / 1024
            big_pages = pdf_pages(big_pdf)
        example_pages = pdf_pages(example_pdf)
        metadata, plain_metadata = pdf_metadata(example_pdf), pdf_metadata(plain_pdf)

    check_s = [r.seconds for r in checks]
    build_s = [r.seconds for r in builds]
    print(_line("check_process_s", _process_stats(checks), _verdict(statistics.median(check_s), TARGET_CHECK_S, " s")))
    print(_line(f"build_process_s ({example_pages} pages)", _process_stats(builds),
                _verdict(statistics.median(build_s), TARGET_BUILD_S, " s")))
    if conversions:
        lo_s = [r.seconds for r in conversions]
        ratio = statistics.median(build_s) / statistics.median(lo_s)
        print(_line("libreoffice_convert_s", _process_stats(conversions)))
        cpu_ratio = (statistics.median(r.cpu_seconds for r in builds)
                     / statistics.median(r.cpu_seconds for r in conversions))
        print(_line("build_vs_libreoffice", f"{ratio:14.2f}x  (cpu {cpu_ratio:.2f}x)",
                    _verdict(ratio, TARGET_VS_LIBREOFFICE, "x")))
    else:
        print(_line("libreoffice_convert_s", "soffice not found",
                    f"target <= {TARGET_VS_LIBREOFFICE:g}x: NOT measured"))
    if big_builds:
        big_s = [r.seconds for r in big_builds]
        print(_line(f"build_process_s ({big_pages} pages)", _process_stats(big_builds),
                    _verdict(statistics.median(big_s), TARGET_BIG_BUILD_S, " s")))
    print(_line("check_maxrss_mb", f"max {max(r.maxrss_mb for r in checks):10.1f}"))
    print(_line(f"build_maxrss_mb ({example_pages} pages)", f"max {max(r.maxrss_mb for r in builds):10.1f}"))
    if big_builds:
        print(_line(f"build_maxrss_mb ({big_pages} pages)", f"max {max(r.maxrss_mb for r in big_builds):10.1f}"))
    pdf_kb = len(pdf_bytes) / 1024
    print(_line(f"pdf_size_kb ({example_pages} pages)", f"{pdf_kb:14.1f}", _verdict(pdf_kb, TARGET_PDF_KB, " KB")))
    if big_builds:
        print(_line(f"pdf_size_kb ({big_pages} pages)", f"{big_pdf_kb:14.1f}"))
    print(_line("docx_size_kb", f"{docx_kb:14.1f}"))
    print(_line("weasyprint_import_s (loader)", _stats(imports["loader"])))
    print(_line("weasyprint_import_s (plain)", _stats(imports["plain"])))
    same = pdf_bytes == plain_pdf_bytes and metadata == plain_metadata
    print(_line("pdf_same_without_loader", f"{'yes' if same else 'NO'}: {len(pdf_bytes)} and {len(plain_pdf_bytes)}"
                f" bytes, metadata {'identical' if metadata == plain_metadata else 'DIFFERENT'}"))

    times = in_process(input_path, args.runs)
    print()
    print("in process, after one warm-up run:")
    for name, values in times.items():
        print(_line(name, _stats(values)))
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())

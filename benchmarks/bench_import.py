"""`reportgen import` of a 40-page DOCX: seconds to read, recognise and write the input.

Prints figures; never asserts.

    .venv/bin/python benchmarks/bench_import.py [--pages 40] [--runs 5]

The DOCX is reportgen's own rendering of the 2011 example with its summary
repeated until the PDF of the same document has the pages asked for, so it
holds every kind of paragraph the example has (four heading levels, run-in
headings, signature) at a realistic density.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_build import DEFAULT_INPUT, write_big_input  # the same long report as the 86-page build


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=40)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    os.environ.setdefault("REPORTGEN_ARCHIVE", tempfile.mkdtemp())
    from pypdf import PdfReader

    from reportgen.build import build
    from reportgen.importer import import_report

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        repeat, pages, result = 4, 0, None
        while pages < args.pages:
            source = write_big_input(DEFAULT_INPUT, folder, repeat)
            result = build(source, out_dir=folder / "out")
            pages = len(PdfReader(str(result.files["pdf"])).pages)
            repeat = max(repeat + 1, round(repeat * args.pages / pages + 0.5))
        docx = result.files["docx"]
        import_report(docx)  # warm: imports
        times = []
        for _ in range(args.runs):
            start = time.perf_counter()
            imported = import_report(docx)
            times.append(time.perf_counter() - start)
        print(f"docx                     {pages} pages, {docx.stat().st_size / 1024:.0f} KB, "
              f"{len(result.document.paragraphs)} paragraphs")
        print(f"import_s                 median {statistics.median(times):6.3f}  min {min(times):6.3f}")
        print(f"yaml_kb                  {len(imported.yaml.encode()) / 1024:6.0f}")


if __name__ == "__main__":
    main()

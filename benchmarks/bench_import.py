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
import copy
import os
import statistics
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def write_long_input(folder: Path, repeat: int) -> Path:
    from ruamel.yaml import YAML

    yaml = YAML()
    yaml.width = 100_000
    data = yaml.load((ROOT / "inputs" / "nanchang-waiqiao" / "2011.yaml").read_text(encoding="utf-8"))
    data.pop("ledger_files")
    data["summary"]["sections"] = [copy.deepcopy(s) for _ in range(repeat) for s in data["summary"]["sections"]]
    path = folder / "2011.yaml"
    with path.open("w", encoding="utf-8") as handle:
        yaml.dump(data, handle)
    # The text reads figures from the ledger: keep it beside.
    text = path.read_text(encoding="utf-8").replace("office:", "ledger_files: [2011-ledger.csv]\noffice:", 1)
    path.write_text(text, encoding="utf-8")
    (folder / "2011-ledger.csv").write_bytes((ROOT / "inputs" / "nanchang-waiqiao" / "2011-ledger.csv").read_bytes())
    return path


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
            source = write_long_input(folder, repeat)
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

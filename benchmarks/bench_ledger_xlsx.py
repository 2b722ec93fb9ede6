"""Reading a 20,000-row .xlsx ledger (python-calamine): target <= 1 s.

Prints figures and the target beside them; never asserts.

    .venv/bin/python benchmarks/bench_ledger_xlsx.py [--rows 20000] [--runs 5]

The workbook is written with openpyxl (write-only) from the same generator as
bench_ledger.py's CSV: types, dimensions, real dates and numbers in cells.
`read_workbook_s` is the workbook alone (every row validated into a record);
`read_ledger_s` adds the catalogue checks, as a build does.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_ledger import write_case  # the same generated ledger as the CSV benchmark

TARGET_S = 1.0


def to_xlsx(csv_path: Path, xlsx_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("台账")
    with csv_path.open(encoding="utf-8", newline="") as handle:
        rows = csv.reader(handle)
        header = next(rows)
        sheet.append(header)
        for row in rows:
            cells: list[object] = []
            for name, text in zip(header, row, strict=True):
                if not text:
                    cells.append(None)
                elif name == "日期":
                    cells.append(dt.date.fromisoformat(text))
                elif name in ("批次", "人数"):
                    cells.append(int(text))
                elif name == "金额（万元）":
                    cells.append(float(text))
                else:
                    cells.append(text)
            sheet.append(cells)
    book.save(xlsx_path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    from reportgen.catalogue import load_catalogue
    from reportgen.ledger import read_ledger
    from reportgen.ledger.workbook import read_workbook
    from reportgen.load import load_input
    from reportgen.validate import validate

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        source = write_case(folder, args.rows)
        to_xlsx(folder / "ledger.csv", folder / "ledger.xlsx")
        source.write_text(source.read_text(encoding="utf-8").replace("ledger.csv", "ledger.xlsx"), encoding="utf-8")
        loaded = load_input(source)
        report = validate(loaded)
        catalogue = load_catalogue(report.catalogue, folder)
        read_workbook(folder / "ledger.xlsx", [])  # warm: imports
        workbook_times, workbook_cpu, ledger_times = [], [], []
        for _ in range(args.runs):
            start, cpu = time.perf_counter(), time.process_time()
            problems: list = []
            records = read_workbook(folder / "ledger.xlsx", problems)
            workbook_times.append(time.perf_counter() - start)
            workbook_cpu.append(time.process_time() - cpu)
            assert not problems and len(records) == args.rows
            start = time.perf_counter()
            read_ledger(report, loaded.source, catalogue, folder)
            ledger_times.append(time.perf_counter() - start)
        size = (folder / "ledger.xlsx").stat().st_size / 1024
    best = statistics.median(workbook_times)
    print(f"xlsx                     {args.rows} rows, {size:.0f} KB")
    print(f"read_workbook_s          median {best:6.3f}  min {min(workbook_times):6.3f}  target <= {TARGET_S} s "
          f"({'met' if best <= TARGET_S else 'MISSED'})")
    print(f"read_workbook_cpu_s      median {statistics.median(workbook_cpu):6.3f}  min {min(workbook_cpu):6.3f}"
          f"  (load average {os.getloadavg()[0]:.1f}: wall time includes waiting for a core)")
    print(f"read_ledger_s            median {statistics.median(ledger_times):6.3f}  min {min(ledger_times):6.3f}")


if __name__ == "__main__":
    main()

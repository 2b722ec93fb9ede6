"""Title breaking [GB/T 9704-2012 7.3.1]: the word segmenter's start-up, and the
dynamic programming over break points for titles of 40 to 200 characters.

Prints figures (median of the runs, milliseconds) and whether the target is met
(a 200-character title in <= 50 ms, its words already found); never fails on a time.

    .venv/bin/python benchmarks/bench_titles.py [--runs N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

CLAUSE = ("南昌市人民政府办公厅转发市外事侨务办公室关于进一步加强和规范全市因公出国（境）管理工作的若干意见"
          "及2012年度全市外事侨务工作要点和南昌市国际友好城市发展规划（2012—2020年）实施方案的通知")
TARGET_MS = 50.0


def title_of(length: int) -> str:
    return (CLAUSE * (length // len(CLAUSE) + 1))[:length]


def segmenter_start_up(runs: int) -> list[float]:
    """Importing rjieba in a fresh process: what the first title that needs breaking costs."""
    code = "import time; t = time.perf_counter(); import rjieba; rjieba.cut('外事'); print(time.perf_counter() - t)"
    return [float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout)
            for _ in range(runs)]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as cache:
        os.environ["REPORTGEN_CACHE"] = cache  # a cold words cache, then a warm one
        from reportgen.compose.title import _boundaries, break_title

        starts = segmenter_start_up(args.runs)
        print(f"segmenter_start_up_ms          median {statistics.median(starts) * 1000:8.1f}  "
              f"min {min(starts) * 1000:8.1f}  (once per build whose title needs breaking and is not cached)")
        for length in (40, 100, 200):
            title = title_of(length)
            _boundaries.cache_clear()
            start = time.perf_counter()
            break_title(title, 20, "南昌市人民政府办公厅")
            cold = (time.perf_counter() - start) * 1000
            times = []
            for _ in range(args.runs):
                _boundaries.cache_clear()  # the words come from the cache file, as in a new build
                start = time.perf_counter()
                lines = break_title(title, 20, "南昌市人民政府办公厅")
                times.append((time.perf_counter() - start) * 1000)
            verdict = ""
            if length == 200:
                verdict = f"target <= {TARGET_MS:g} ms: {'met' if statistics.median(times) <= TARGET_MS else 'NOT met'}"
            print(f"break_title_ms ({length:3} chars)    median {statistics.median(times):8.1f}  min {min(times):8.1f}"
                  f"  first {cold:8.1f}  lines {len(lines):2}  {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

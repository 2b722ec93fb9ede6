"""100 reports in one `reportgen build DIR/` against 100 separate `reportgen build` runs.

Prints figures and the targets beside them; never asserts.

    .venv/bin/python benchmarks/bench_batch.py [--count 100] [--jobs N]

The inputs are the shipped examples, copied into folders of their own with the
office renamed (so no two write the same output file), in equal numbers. Both
sides use every core: the batch with its worker processes, the separate runs
`--jobs` at a time (as `xargs -P` would), so the difference is what the batch
saves: Python start-up, the WeasyPrint import and the font look-up per report.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_RATIO = 0.5
TARGET_BATCH_S = 25.0


def write_inputs(folder: Path, count: int) -> list[Path]:
    sources = sorted((ROOT / "inputs").rglob("*.yaml"))
    inputs: list[Path] = []
    copy = 0
    while len(inputs) < count:
        for source in sources:
            if len(inputs) == count:
                break
            target_dir = folder / f"{source.parent.name}-{copy}"
            if not target_dir.exists():
                shutil.copytree(source.parent, target_dir)
                for yaml in target_dir.glob("*.yaml"):
                    text = yaml.read_text(encoding="utf-8")
                    yaml.write_text(re.sub(r"^office: (.+)$", rf"office: \1（副本{copy}）", text, flags=re.M),
                                    encoding="utf-8")
            inputs.append(target_dir / source.name)
        copy += 1
    return inputs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100)
    parser.add_argument("--jobs", type=int, default=len(os.sched_getaffinity(0)))
    args = parser.parse_args()
    reportgen = [sys.executable, "-m", "reportgen"]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        inputs = write_inputs(folder / "in", args.count)
        env = {**os.environ, "REPORTGEN_ARCHIVE": str(folder / "no-archive")}

        start = time.perf_counter()
        done = subprocess.run([*reportgen, "build", str(folder / "in"), "-o", str(folder / "batch"),
                               "-j", str(args.jobs)], cwd=folder, env=env, capture_output=True, text=True)
        batch = time.perf_counter() - start
        if done.returncode != 0:
            raise SystemExit(f"batch failed:\n{done.stderr[-3000:]}")

        def one(path: Path) -> None:
            result = subprocess.run([*reportgen, "build", str(path), "-o", str(folder / "single")],
                                    cwd=folder, env=env, capture_output=True, text=True)
            if result.returncode != 0:
                raise SystemExit(f"{path} failed:\n{result.stderr[-2000:]}")

        start = time.perf_counter()
        with ThreadPoolExecutor(args.jobs) as pool:
            list(pool.map(one, inputs))
        separate = time.perf_counter() - start

    n = len(inputs)
    ratio = batch / separate
    print(f"reports                  {n}  ({args.jobs} at a time on {os.cpu_count()} cores)")
    print(f"{'':24} {'total s':>9} {'per report s':>13}")
    print(f"{'batch (build DIR/)':24} {batch:9.1f} {batch / n:13.2f}  target <= {TARGET_BATCH_S:.0f} s "
          f"({'met' if batch <= TARGET_BATCH_S else 'MISSED'})")
    print(f"{'separate CLI runs':24} {separate:9.1f} {separate / n:13.2f}")
    print(f"batch / separate         {ratio:9.2f}  target <= {TARGET_RATIO} "
          f"({'met' if ratio <= TARGET_RATIO else 'MISSED'})")


if __name__ == "__main__":
    main()

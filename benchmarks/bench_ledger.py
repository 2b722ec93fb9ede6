"""A year with a ledger of 10,000 activities: how long the figures and the build take.

Prints figures and the target beside them; never asserts.

    .venv/bin/python benchmarks/bench_ledger.py [--records N] [--runs N]

It writes a CSV ledger of N generated records (types and dimensions from the
shipped foreign-affairs catalogue) and an input whose text reads totals,
breakdowns and countries from it, then times, each as a fresh process:
`reportgen check` (load, ledger, figures, compose) and `reportgen build`
(DOCX and PDF). Peak memory is the process's max RSS from os.wait4.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGET_WHOLE_S = 3.0

TYPES = {
    "接待来访": {"渠道": ["党宾外宾", "友城", "侨胞港澳"]},
    "因公出国审批": {"结果": ["批准", "把关"]},
    "外专邀请": {},
    "友城交流": {"领域": ["经济", "文化教育", "农业", "政府", "其他"]},
    "侨胞捐赠": {},
}
COUNTRIES = ["日本", "韩国", "德国", "美国", "法国", "英国", "老挝", "越南", "芬兰", "挪威", "西班牙", "加拿大"]

INPUT = """\
office: 基准测试外事办公室
year: 2011
date: 2012-02-27
ledger_files: [ledger.csv]
summary:
  sections:
    - heading: 对外交流。
      run_in: true
      paragraphs:
        - "{{ year }}年共接待党宾、外宾{{ figures.tally('接待来访', 渠道='党宾外宾') }}，友城渠道{{ figures.tally('接待来访', 渠道='友城') }}，侨胞港澳{{ figures.tally('接待来访', 渠道='侨胞港澳') }}。"
        - "批准出访{{ figures.tally('因公出国审批', 结果='批准').text('、') }}，其中市领导{{ figures.tally('因公出国审批', 结果='批准', tag='市领导').text(unit='人') }}；把关{{ figures.tally('因公出国审批', 结果='把关') }}。"
        - "来访最多的国家：{% for country, n in figures.countries('接待来访')[:5] %}{{ country }}{{ n }}批{% if not loop.last %}、{% endif %}{% endfor %}。"
        - "侨胞捐赠{{ figures.tally('侨胞捐赠').amount_text }}；外专邀请{{ figures.tally('外专邀请') }}。"
plan:
  sections:
    - heading: 继续做好对外交流工作。
      paragraphs: ["配合市委、市政府重点工作，做好外宾邀请与接待工作。"]
"""


def write_case(folder: Path, records: int, seed: int = 2011) -> Path:
    rng = random.Random(seed)
    dims = sorted({d for values in TYPES.values() for d in values})
    with (folder / "ledger.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["类型", "日期", "对方", "国家或地区", "批次", "人数", "金额（万元）", "标签", *dims])
        for i in range(records):
            kind = rng.choice(list(TYPES))
            row_dims = {d: rng.choice(v) for d, v in TYPES[kind].items()}
            writer.writerow([
                kind, f"2011-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}", f"团组{i}", rng.choice(COUNTRIES),
                1, rng.randint(1, 40), f"{rng.randint(0, 500) / 10:.1f}" if kind == "侨胞捐赠" else "",
                "市领导" if rng.random() < 0.05 else "", *[row_dims.get(d, "") for d in dims],
            ])
    path = folder / "2011.yaml"
    path.write_text(INPUT, encoding="utf-8")
    return path


def run(command: list[str], cwd: Path) -> tuple[float, float]:
    """Seconds and max RSS (MB) of one fresh process."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    stderr = process.stderr.read().decode() if process.stderr else ""
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{stderr}")
    return seconds, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        started = time.perf_counter()
        source = write_case(folder, args.records)
        print(f"ledger        {args.records} records written in {time.perf_counter() - started:.2f} s")
        for label, extra in (("check", []), ("build", ["-o", str(folder / "out")])):
            figures = [run([sys.executable, "-m", "reportgen", label, str(source), *extra], folder)
                       for _ in range(args.runs)]
            seconds = statistics.median(s for s, _ in figures)
            memory = max(m for _, m in figures)
            note = f"  target <= {TARGET_WHOLE_S} s ({'met' if seconds <= TARGET_WHOLE_S else 'MISSED'})" \
                if label == "build" else ""
            print(f"{label:<13} median {seconds:6.2f} s  min {min(s for s, _ in figures):6.2f} s  "
                  f"max RSS {memory:6.1f} MB{note}")


if __name__ == "__main__":
    main()

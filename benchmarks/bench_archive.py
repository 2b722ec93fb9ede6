"""How fast the archive answers with 1,000 reports in it: search, list, verify.

Generates N reports' worth of text (about 5,000 Chinese characters each; a
few mention 老挝 or 友城) and commits each as a revision through the store
API (reportgen.archive.store_revision) — no PDFs are rendered. Then times the
commands' library calls. Prints figures with the targets beside them and
never asserts, like bench_build.py:

    .venv/bin/python benchmarks/bench_archive.py [--reports 1000] [--runs 20] [--keep DIR]

"query" figures are on an opened archive; "open+query" figures include
opening it (index check and the scan of every revision folder for ones the
index lacks), which is what each `reportgen archive …` command pays on top
of Python's start-up.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

TARGET_SEARCH_MS = 50
TARGET_LIST_MS = 100
CHARS_PER_REPORT = 5000

# Words of a year-end report; none contains 老挝 or 友城, which are mixed in on purpose.
_VOCABULARY = (
    "认真贯彻落实 科学发展观 对外开放 前沿优势 解放思想 真抓实干 对外交流 为侨服务 机关建设 较大发展 经济社会 "
    "又好又快 积极贡献 接待 外宾 代表团 总领事 海外侨胞 港澳同胞 重点工作 嘉宾邀请 服务开放型经济 外专邀请 "
    "审批工作 企业 院校 引资引智 商务旅行卡 投资 开发区 生物医药 项目推介会 牵线搭桥 因公出国 审核力度 "
    "出访团组 把关 支柱产业 重大项目 绿色通道 如期成行 交流合作 教育 文化 体育 卫生 侨务 侨资企业 归侨侨眷 "
    "权益保护 信访 调研 宣传 干部队伍 党风廉政 制度建设 学习培训 效能 督查 档案 保密 安全 应急 预案 统计 "
    "国际会议 展览 签约 备忘录 考察 回访 座谈会 协调 落实 推进 完善 加强 提升 拓展 深化 巩固 创新"
)
_WORDS = _VOCABULARY.split()
_SPECIAL = {"老挝": 37, "友城": 23}  # word: every n-th report mentions it


def report_text(rng: random.Random, number: int) -> str:
    paragraphs: list[str] = []
    paragraph: list[str] = []
    size = 0  # characters so far, counting the "。" and the line break of each paragraph
    while size < CHARS_PER_REPORT:
        word = rng.choice(_WORDS) + ("，" if rng.random() < 0.15 else "")
        paragraph.append(word)
        size += len(word)
        if len(paragraph) > 40:
            paragraphs.append("".join(paragraph) + "。")
            paragraph = []
            size += 2
    if paragraph:
        paragraphs.append("".join(paragraph) + "。")
    for word, every in _SPECIAL.items():
        if number % every == 0:
            where = rng.randrange(len(paragraphs))
            paragraphs[where] = paragraphs[where][:-1] + f"，与{word}有关方面加强交流。"
    return "\n".join(paragraphs)


def populate(root: Path, reports: int) -> tuple[float, int]:
    from reportgen.archive import store_revision

    rng = random.Random(2011)
    offices = [f"第{n:02d}市外事侨务办公室" for n in range(1, 51)]
    chars = 0
    start = time.perf_counter()
    for number in range(reports):
        office = offices[number % len(offices)]
        year = 1990 + number // len(offices)
        text = report_text(rng, number)
        chars += len(text)
        yaml = f"office: {office}\nyear: {year}\ndate: {year + 1}-02-27\nsummary:\n  paragraphs:\n" + "".join(
            f'    - "{line}"\n' for line in text.splitlines()
        )
        store_revision(root, office=office, year=year, title=f"{office}{year}年工作总结和{year + 1}年工作打算",
                       files={f"input/{year}.yaml": yaml.encode("utf-8")}, input=f"input/{year}.yaml", text=text)
    return time.perf_counter() - start, chars


def timed(func: Callable[[], object], runs: int) -> tuple[list[float], object]:
    func()  # warm-up: page cache, SQLite's statement cache
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = func()
        times.append((time.perf_counter() - start) * 1000)
    return times, result


def line(name: str, times: list[float], limit: float | None = None, extra: str = "") -> str:
    median = statistics.median(times)
    text = f"{name:<34} median {median:8.2f} ms  max {max(times):8.2f} ms"
    if limit is not None:
        text += f"  target < {limit:g} ms ({'met' if median < limit else 'MISSED'})"
    return f"{text}  {extra}".rstrip()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmark the reportgen archive (prints figures).")
    parser.add_argument("--reports", type=int, default=1000, help="reports to generate (default 1000)")
    parser.add_argument("--runs", type=int, default=20, help="timed runs per figure (default 20)")
    parser.add_argument("--keep", type=Path, help="build the archive here and keep it (default: a temp folder)")
    args = parser.parse_args(argv)

    from reportgen.archive import Archive

    with tempfile.TemporaryDirectory(prefix="reportgen-bench-archive-") as tmp:
        root = args.keep or Path(tmp) / "archive"
        seconds, chars = populate(root, args.reports)
        size_mb = (root / "index.sqlite3").stat().st_size / 1e6
        print(f"archive  {args.reports} reports, {chars / 1e6:.1f} M characters, index {size_mb:.1f} MB, at {root}")
        print(f"python   {sys.version.split()[0]}  sqlite {__import__('sqlite3').sqlite_version}")
        print(f"{'archiving (store_revision each)':<34} {seconds:8.2f} s total  "
              f"{seconds / args.reports * 1000:6.1f} ms per report")
        print()

        with Archive.open(root) as archive:
            print(f"index    {'FTS5 trigram' if archive.index.fts else 'instr() only (no trigram in this SQLite)'}")
            for query, office, year in (("老挝", None, None), ("友城", None, None), ("加强交流", None, None),
                                        ("与老挝有关", None, None), ("友城", "第07市", None), ("老挝", None, 2005),
                                        ("创新", None, None), ("科学发展观", None, None)):
                times, result = timed(lambda q=query, o=office, y=year: archive.search(q, o, y), args.runs)
                label = f"search {query}" + (f" --office {office}" if office else "") + (
                    f" --year {year}" if year else "")
                print(line(label, times, TARGET_SEARCH_MS, f"{result.total} reports"))
            times, rows = timed(lambda: archive.list(), args.runs)
            print(line("list (all)", times, TARGET_LIST_MS, f"{len(rows)} revisions"))
            times, rows = timed(lambda: archive.list("第07市"), args.runs)
            print(line("list --office 第07市", times, TARGET_LIST_MS, f"{len(rows)} revisions"))

        def open_and(query: Callable[[Archive], object]) -> Callable[[], object]:
            def run() -> object:
                with Archive.open(root) as archive:
                    return query(archive)
            return run

        print()
        times, _ = timed(open_and(lambda a: None), args.runs)
        print(line("open (check index, scan folders)", times))
        times, result = timed(open_and(lambda a: a.search("老挝")), args.runs)
        print(line("open+search 老挝", times, TARGET_SEARCH_MS))
        times, result = timed(open_and(lambda a: a.search("友城")), args.runs)
        print(line("open+search 友城", times, TARGET_SEARCH_MS))
        times, result = timed(open_and(lambda a: a.search("加强交流")), args.runs)
        print(line("open+search 加强交流", times, TARGET_SEARCH_MS))
        times, rows = timed(open_and(lambda a: a.list()), args.runs)
        print(line("open+list (all)", times, TARGET_LIST_MS))

        verify_runs = max(1, min(args.runs, 3))
        times, report = timed(open_and(lambda a: a.verify()), verify_runs)
        print(line("verify (every digest)", times, None, f"{report.files} files, {len(report.findings)} findings"))
        times, count = timed(open_and(lambda a: a.reindex()), verify_runs)
        print(line("reindex", times, None, f"{count} revisions"))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Every bound on what reportgen reads, computes and prints, in one place (docs/limits.md).

A mistaken or hostile input must not hang reportgen, exhaust the machine's
memory or flood the screen. Each bound is a `Limit` here; the code that
enforces it reads it from this module when it checks (so tests can lower it
with monkeypatch) and, when it is exceeded, raises `Limit.error()`: a
ReportError (exit status 2, nothing written) whose message names the bound
and says how to get under it.

Besides the limits, this module holds the two ways they are enforced that
more than one stage needs: reading a file the user named (only a regular
file, only up to its size limit: a FIFO would block forever, /dev/zero never
ends) and a time limit on work done inside a library (`time_limit`).
"""

from __future__ import annotations

import contextlib
import contextvars
import math
import os
import signal
import stat
import threading
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from reportgen.errors import Problem, ReportError, describe_os_error


class LimitError(ReportError):
    """A bound of this module was exceeded (exit status 2, like any input problem)."""


@dataclass(frozen=True)
class Limit:
    value: int | float
    what: str  # what is measured, in Chinese: "YAML 文件的大小"
    unit: str  # "字节", "行", "秒", … ("字节" is shown as KB or MB)
    fix: str  # how to get under the limit

    def shown(self, amount: int | float) -> str:
        if self.unit == "字节":
            return _bytes(amount)
        return f"{amount:g} {self.unit}" if isinstance(amount, float) else f"{amount} {self.unit}"

    def error(self, actual: int | float | None = None, *, file: str | Path | None = None,
              line: int | None = None, column: int | None = None, field: str | None = None,
              detail: str = "") -> LimitError:
        """The error to raise; `actual` is the measured amount when it is known."""
        amount = f"（{self.shown(actual)}）" if actual is not None else ""
        message = f"{self.what}{detail}超过上限{amount}：上限为 {self.shown(self.value)}"
        return LimitError(Problem(message, file=str(file) if file is not None else None, line=line,
                                  column=column, field=field, hint=self.fix))

    def check(self, actual: int | float, **where) -> None:
        if actual > self.value:
            raise self.error(actual, **where)


def _bytes(amount: int | float) -> str:
    if amount >= 1_000_000:
        return f"{amount / 1_000_000:.4g} MB"
    if amount >= 1_000:
        return f"{amount / 1_000:.4g} KB"
    return f"{amount:g} 字节"


# --- the report's own files --------------------------------------------------------------

INPUT_BYTES = Limit(
    500_000, "YAML 文件的大小", "字节",
    "一年的报告通常只有几十 KB，请检查是否选错了文件；台账记录很多时，请放进 CSV 文件（ledger_files）。")
YAML_DEPTH = Limit(
    50, "YAML 的嵌套层数", "层",
    "报告的内容最多嵌套十几层（四级标题、附件中的表格）；请检查缩进、“- ”或括号是否多写了。")
YAML_NODES = Limit(
    20_000, "YAML 中的条目数（键、值和列表项）", "个",
    "台账记录很多时，请放进 CSV 文件（ledger_files）；否则请把文件拆开。")
TEXT_CHARS = Limit(
    5_000, "一段文字的长度", "字",
    "请把它分成几段（每段写成 paragraphs 中的一项）。")
TITLE_CHARS = Limit(
    200, "标题的长度", "字",
    "公文标题应准确简要地概括主要内容（GB/T 9704-2012 7.3.1），请缩短。")
OFFICE_CHARS = Limit(
    60, "发文机关名称（office）的长度", "字",
    "office 只写发文机关的全称，如“南昌市外事侨务办公室”。")
NUMBER_DIGITS = Limit(
    100, "数字的位数", "位",
    "报告中的数字不会这么大；请检查是否多写了数字，或文字中 ** 和 * 的写法。")
DOCUMENT_CHARS = Limit(
    100_000, "报告的总字数", "字",
    "年度报告通常在两万字以内；请检查文字中的 {{ }} 表达式，或把报告拆成几份。")

# --- ledgers -----------------------------------------------------------------------

# Amounts are added up exactly in Decimal's 28 digits: a million records of up
# to 10^12 万元 (10^16 元) with 2 decimals stay exact; 10^26 did not even round.
AMOUNT_WAN = Limit(
    10**12, "金额", "万元",
    "金额以万元为单位，请检查是否把元写成了万元，或多写了几个 0。")

LEDGER_BYTES = Limit(
    200_000_000, "台账文件的大小", "字节",
    "请检查是否选错了文件；记录确实很多时，请按年度拆分台账。")
LEDGER_ROWS = Limit(
    1_000_000, "台账的记录数", "行",
    "请按年度拆分台账，或在表格软件中汇总后用 declared 申报合计。")
# An .xlsx is a ZIP, whose directory zipfile reads whole before anything can be
# measured (a 200 MB ledger of empty entries: over a gigabyte): counted first, as a DOCX's is.
WORKBOOK_ENTRIES = Limit(
    10_000, "Excel 台账压缩包中的文件数", "个",
    "一个 Excel 台账通常只有十几个部件；文件可能是恶意构造的，或不是 Excel 文件。请在 Excel 或 WPS 中另存一份再试。")

# --- expressions in the input's text ({{ … }}, run in the sandbox of compose/text.py) ----

EXPR_VALUE = Limit(
    100_000, "表达式得出的文字或列表的长度", "个字符或项",
    "请检查文字中的 * 、+ 、replace、center、indent、format 等写法是否重复或填充得过多。")
EXPR_STEPS = Limit(
    1_000_000, "文字中表达式的运算步数（循环的每一轮、每次调用和运算）", "步",
    "请检查 {% for %} 循环是否套得太多层，或宏（macro）是否在反复调用自己。")
EXPR_OUTPUT = Limit(
    1_000_000, "文字中表达式写出的文字总量（含循环和宏中的文字）", "字",
    "请检查 {% for %} 循环是否套得太多层，或循环写出的内容是否过多。")
EXPR_SECONDS = Limit(
    0.5, "文字中表达式的计算时间", "秒",
    "请检查 {% for %} 循环是否套得太多层，或宏（macro）是否在反复调用自己。")
# The figures' own functions (figures.tally, …) take time in proportion to the
# ledger, not to the expression: counted only here, with room for a large ledger.
EXPR_FIGURES_SECONDS = Limit(
    60.0, "文字中表达式的计算时间（含台账统计）", "秒",
    "请减少文字中 figures 的调用次数（例如用 {% set %} 保存一次统计的结果再多处使用），或拆分台账。")

# --- documents read by `lint` and `archive import` (DOCX, PDF) --------------------------

DOCUMENT_FILE_BYTES = Limit(
    200_000_000, "DOCX 或 PDF 文件的大小", "字节",
    "一份报告（连同扫描的页面）不会这么大；请检查是否选错了文件。")
ZIP_ENTRIES = Limit(
    10_000, "DOCX 压缩包中的文件数", "个",
    "一份 DOCX 通常只有几十个部件；文件可能是恶意构造的，或不是 Word 文档。")
PART_BYTES = Limit(
    32_000_000, "文件中一个部件（DOCX）或数据流（PDF）解压后的大小", "字节",
    "文件可能是恶意构造的“压缩炸弹”；若是正常文件，请在 Word、WPS 或 PDF 阅读器中另存一份再试。")
DOCX_PARAGRAPHS = Limit(
    20_000, "DOCX 的段落数", "段",
    "一份报告不会有这么多段落；请检查文件，或在 Word、WPS 中把它拆成几份。")
PDF_PAGES = Limit(
    500, "PDF 的页数", "页",
    "一份报告不会有这么多页；请检查文件，或把它拆成几份。")
READ_SECONDS = Limit(
    120.0, "读取文件的时间", "秒",
    "文件可能过于复杂或是恶意构造的；若是正常文件，请在 Word、WPS 或 PDF 阅读器中另存一份再试。")

# --- what is printed -----------------------------------------------------------------

SHOWN_PROBLEMS = Limit(
    100, "列出的问题数", "处",
    "先改正列出的这些，再运行一次即可看到其余的。")


# --- problems: the first ones kept, the rest counted -----------------------------------------


class CappedProblems(list):
    """A problem list that keeps the first SHOWN_PROBLEMS and counts the rest (`omitted`).

    A million bad ledger rows make three million problems: held in memory they
    take gigabytes, printed they are hundreds of MB nobody reads.
    """

    def __init__(self, problems: Iterable[Problem] = ()):
        super().__init__()
        self.omitted = 0
        self.extend(problems)

    def append(self, problem: Problem) -> None:
        if len(self) < SHOWN_PROBLEMS.value:
            super().append(problem)
        else:
            self.omitted += 1

    def extend(self, problems: Iterable[Problem]) -> None:
        for problem in problems:
            self.append(problem)

    def __iadd__(self, problems: Iterable[Problem]) -> CappedProblems:
        self.extend(problems)
        return self

    @property
    def full(self) -> bool:
        """No more problems are kept: callers may count instead of building them."""
        return len(self) >= SHOWN_PROBLEMS.value

    def error(self) -> ReportError:
        return ReportError(list(self), omitted=self.omitted)


# --- files the user names ------------------------------------------------------------------


def open_file(path: Path, what: str, size: Limit) -> BinaryIO:
    """`path` opened for reading in binary, if it is a regular file within `size`.

    Otherwise a ReportError in Chinese: missing, a folder, a pipe or device
    (which would block or never end), unreadable, or too large. `what` names
    the file in the messages ("台账文件").
    """
    name = str(path)
    try:
        # O_NONBLOCK: opening a FIFO must not wait for a writer; fstat then refuses it.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise ReportError(Problem(f"找不到{what}", file=name, hint="请检查文件路径是否正确。")) from None
    except OSError as err:
        raise ReportError(Problem(f"无法读取{what}：{describe_os_error(err)}", file=name)) from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise ReportError(Problem(f"这是一个目录（文件夹），不是{what}", file=name,
                                      hint="请写出文件夹中那个文件的名称。"))
        if not stat.S_ISREG(info.st_mode):
            raise ReportError(Problem(f"这不是普通文件（而是管道、设备或套接字），不能作为{what}读取", file=name,
                                      hint="请指定一个保存在磁盘上的文件。"))
        size.check(info.st_size, file=name)
        os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_file(path: Path, what: str, size: Limit) -> bytes:
    """The bytes of a regular file, at most `size` of them (a file in /proc says it is empty and is not)."""
    with open_file(path, what, size) as handle:
        try:
            data = handle.read(int(size.value) + 1)
        except OSError as err:
            raise ReportError(Problem(f"无法读取{what}：{describe_os_error(err)}", file=str(path))) from None
    size.check(len(data), file=str(path))
    return data


# --- time ------------------------------------------------------------------------------


class _Expired(BaseException):
    """Raised inside the timed work. A BaseException, so that a library's
    `except Exception` cannot swallow it on its way out."""


_deadline: contextvars.ContextVar[float] = contextvars.ContextVar("reportgen_deadline", default=math.inf)


@contextlib.contextmanager
def time_limit(limit: Limit, file: str | Path | None = None) -> Iterator[None]:
    """Stop the work inside after `limit.value` seconds with `limit.error()`.

    On the main thread a timer signal interrupts it wherever it is (inside a
    PDF parser, say); on other threads (the web editor's) it stops at the next
    `check_time()`, which the page and paragraph loops call.
    """
    seconds = float(limit.value)
    token = _deadline.set(time.monotonic() + seconds)
    state = {"armed": False}

    def expire(signum, frame):
        if state["armed"]:
            raise _Expired

    previous = None
    if threading.current_thread() is threading.main_thread() and signal.getitimer(signal.ITIMER_REAL)[0] == 0:
        previous = signal.signal(signal.SIGALRM, expire)
        state["armed"] = True
        signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    except _Expired:
        raise limit.error(file=file) from None
    finally:
        if state["armed"]:
            state["armed"] = False
            signal.setitimer(signal.ITIMER_REAL, 0)
        if previous is not None:
            signal.signal(signal.SIGALRM, previous)
        _deadline.reset(token)


def check_time() -> None:
    """Inside `time_limit`: stop if the time is up (a no-op outside one)."""
    if time.monotonic() > _deadline.get():
        raise _Expired

"""Hostile and extreme input (issue 9): every case ends in a Chinese message at its line,
exit status 2 (1 and a log file for a bug), nothing written, and in bounded time.

Bounds are tested with the limits lowered (limits.py reads them when it checks), so the
inputs stay small; benchmarks/bench_hostile.py runs the same cases at full size and
measures them. Cases with their own files: test_hostile_documents.py (lint, import,
extract), test_hostile_paginate.py (faces and line breaks, for the paginate stage).
"""

from __future__ import annotations

import dataclasses
import os
import re
import signal
import subprocess
import sys
import threading
import time
import tracemalloc
from dataclasses import dataclass
from pathlib import Path

import pytest
from ruamel.yaml.composer import Composer

from reportgen import limits, publish
from reportgen.cli import main
from reportgen.compose import sandbox
from tests.conftest import ROOT
from tests.test_archive_store import dead_pid
from tests.variants import line_of

VALID = ROOT / "tests" / "fixtures" / "bad" / "_valid.yaml"
PARAGRAPH = '"{{ year }}年，共计接待党宾、外宾28批368人次。"'
HEADER = "类型,日期,对方,国家或地区,批次,人数,金额（万元）,标签,渠道\n"
GOOD_ROW = "接待来访,2011-04-12,英国代表团,英国,1,12,,,党宾外宾\n"
# A refusal takes well under a second; this only catches a hang or a blow-up coming back.
SECONDS = 10.0


@dataclass
class Run:
    status: int
    out: str
    err: str
    seconds: float


def run(capsys, *args: str | Path) -> Run:
    started = time.monotonic()
    status = main([str(arg) for arg in args])
    seconds = time.monotonic() - started
    captured = capsys.readouterr()
    assert seconds < SECONDS, f"took {seconds:.1f} s"
    assert "Traceback" not in captured.err
    return Run(status, captured.out, captured.err, seconds)


def lower(monkeypatch, name: str, value) -> None:
    monkeypatch.setattr(limits, name, dataclasses.replace(getattr(limits, name), value=value))


def write_input(folder: Path, text: str | None = None, *, paragraph: str | None = None,
                extra: str = "") -> Path:
    text = text if text is not None else VALID.read_text(encoding="utf-8")
    if paragraph is not None:
        assert PARAGRAPH in text
        text = text.replace(PARAGRAPH, paragraph)
    if extra:
        text = text.replace("\nplan:", f"\n{extra}\nplan:", 1)
    path = folder / "2011.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def files_under(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*")) if folder.exists() else []


def refused(capsys, tmp_path: Path, path: Path, *phrases: str) -> Run:
    """`build` refuses `path` with exit 2, saying every phrase, writing nothing."""
    out = tmp_path / "out"
    result = run(capsys, "build", path, "-o", out, "--format", "docx")
    assert result.status == 2, result.err
    for phrase in phrases:
        assert phrase in result.err, result.err
    assert "未生成任何文件" in result.err
    assert files_under(out) == []
    return result


# --- the YAML --------------------------------------------------------------------------


def test_an_input_over_the_size_limit(capsys, tmp_path, monkeypatch):
    lower(monkeypatch, "INPUT_BYTES", 200)
    path = write_input(tmp_path)
    result = refused(capsys, tmp_path, path, "YAML 文件的大小超过上限", "上限为 200 字节", "ledger_files")
    assert str(path) in result.err


@pytest.mark.parametrize("nested", [
    "a: " + "[" * 5000 + "]" * 5000,
    "a: " + "{a: " * 5000 + "1" + "}" * 5000,
    "- " * 5000 + "x",
    "".join("  " * i + "a:\n" for i in range(600)) + "  " * 600 + "x",  # 5,000 would be 25 MB of indentation
    "a: " + "[" * 60 + "]" * 60,  # just over the limit: the composer would not crash, it must not run either
])
def test_yaml_nested_5000_deep_is_refused_before_the_composer_recurses(capsys, tmp_path, monkeypatch, nested):
    path = tmp_path / "2011.yaml"
    path.write_text(nested + "\n", encoding="utf-8")
    # Before: the composer, which recurses once per level, is never entered (not a timed assertion).
    composed, compose = [], Composer.compose_document
    monkeypatch.setattr(Composer, "compose_document", lambda self: composed.append(self) or compose(self))
    result = refused(capsys, tmp_path, path, "YAML 的嵌套层数超过上限", "上限为 50 层")
    line = int(re.search(r"第 (\d+) 行", result.err).group(1))
    assert line <= 51  # where the 51st level opens, not the end of the file
    assert composed == []


def test_too_many_yaml_nodes(capsys, tmp_path, monkeypatch):
    lower(monkeypatch, "YAML_NODES", 100)
    path = write_input(tmp_path, extra="sister_cities:\n" + "  - {city: 甲市, country: 日本}\n" * 40)
    refused(capsys, tmp_path, path, "YAML 中的条目数（键、值和列表项）超过上限", "CSV")


def test_a_number_of_4400_digits_in_the_yaml(capsys, tmp_path):
    # Python refuses int() of over 4,300 digits, inside ruamel, with a traceback.
    path = write_input(tmp_path, extra="declared:\n  - {type: 外专邀请, persons: " + "9" * 4400 + "}")
    result = refused(capsys, tmp_path, path, "数字的位数超过上限（4400 位）：上限为 100 位")
    assert f"第 {line_of(path, '9999')} 行" in result.err


def test_a_paragraph_over_the_text_limit_at_its_line(capsys, tmp_path, monkeypatch):
    lower(monkeypatch, "TEXT_CHARS", 40)
    path = write_input(tmp_path, paragraph='"' + "很长的一段话" * 10 + '"')
    result = refused(capsys, tmp_path, path, "一段文字的长度超过上限（60 字）：上限为 40 字", "分成几段")
    assert f"第 {line_of(path, '很长的一段话')} 行" in result.err


def test_a_paragraph_grown_by_an_expression_over_the_text_limit(capsys, tmp_path, monkeypatch):
    lower(monkeypatch, "TEXT_CHARS", 40)
    path = write_input(tmp_path, paragraph="\"{{ '很长' * 30 }}\"")
    result = refused(capsys, tmp_path, path, "一段文字的长度超过上限")
    assert f"第 {line_of(path, '很长')} 行" in result.err


def test_a_title_over_its_limit(capsys, tmp_path, monkeypatch):
    lower(monkeypatch, "TITLE_CHARS", 30)
    path = write_input(tmp_path, extra="title: " + "关于进一步做好外事工作的通知" * 3)
    result = refused(capsys, tmp_path, path, "标题的长度超过上限（42 字）：上限为 30 字", "7.3.1")
    assert f"第 {line_of(path, 'title:')} 行" in result.err


def test_an_office_over_its_limit(capsys, tmp_path):
    office = "南昌市外事侨务办公室" * 7  # 70 characters
    path = write_input(tmp_path, VALID.read_text(encoding="utf-8").replace("南昌市外事侨务办公室", office, 1))
    refused(capsys, tmp_path, path, "发文机关名称（office）的长度超过上限（70 字）：上限为 60 字")


def test_a_report_over_the_document_limit(capsys, tmp_path, monkeypatch):
    lower(monkeypatch, "DOCUMENT_CHARS", 100)
    path = write_input(tmp_path)
    refused(capsys, tmp_path, path, "报告的总字数超过上限", "上限为 100 字")


# --- expressions in the text ---------------------------------------------------------------

GROWTH = [
    ("{{ 'x' * 10**9 }}", "表达式得出的文字或列表的长度超过上限（1000000000 个字符或项）"),
    ("{{ [1] * 10**9 }}", "表达式得出的文字或列表的长度超过上限（1000000000 个字符或项）"),
    ("{{ 10 ** (10 ** 8) }}", "数字的位数超过上限"),
    ("{{ 'x' | indent(10**9) }}", "表达式得出的文字或列表的长度超过上限"),
    ("{{ 'x' | center(10**9) }}", "表达式得出的文字或列表的长度超过上限"),
    ("{{ 'x'.ljust(10**9) }}", "表达式得出的文字或列表的长度超过上限"),
    ("{{ '{:>1000000000}'.format(1) }}", "表达式得出的文字或列表的长度超过上限"),
    ("{{ '%1000000000d' % 1 }}", "表达式得出的文字或列表的长度超过上限"),
    ("{{ '%*d' % (10**9, 1) }}", "从数值中取宽度的写法不被允许"),
    ("{{ ('x' * 1000) | replace('x', 'x' * 1000) | replace('x', 'x' * 1000) }}",
     "表达式得出的文字或列表的长度超过上限"),
    ("{{ [1] | batch(10**9, 0) | list }}", "表达式得出的文字或列表的长度超过上限"),
    ("{% set s = 'x' * 50000 %}{{ (s ~ s ~ s) | length }}", "表达式得出的文字或列表的长度超过上限"),
    ("{{ ([('x' * 50000)] * 3) | join }}", "表达式得出的文字或列表的长度超过上限"),
    ("{{ [[1] * 1000] * 1000 | sum(start=[]) }}", "sum 过滤器只能把数相加"),
    ("{{ ('x'.encode() * 10**9) | length }}", "表达式得出的文字或列表的长度超过上限（1000000000 个字符或项）"),
    # each item within bounds, ten gigabytes together once the generator is read
    ("{{ ('x' * 1000) | list | map('center', 100000) | join | length }}", "表达式得出的文字或列表的长度超过上限"),
    ("{% include 'x' %}", "文字中不能引用其他模板"),
]


# Python's allocations while an expression is refused stay within this (a few MB are
# taken; the largest value the sandbox lets through, EXPR_VALUE, is 0.4 MB).
REFUSAL_BYTES = 20_000_000


@pytest.mark.parametrize(("expression", "phrase"), GROWTH)
def test_expressions_that_would_take_gigabytes_are_refused_before_they_run(capsys, tmp_path, expression, phrase):
    path = write_input(tmp_path, paragraph=f'"{expression}"')
    # Before they run: measured in memory, not in seconds that depend on the machine's load.
    tracemalloc.start()
    try:
        result = refused(capsys, tmp_path, path, phrase)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert f"第 {line_of(path, expression[:12])} 行" in result.err
    assert peak < REFUSAL_BYTES, f"{peak / 1e6:.0f} MB allocated before the refusal"


def test_a_loop_of_a_billion_rounds_stops_at_the_time_limit(capsys, tmp_path, monkeypatch):
    lower(monkeypatch, "EXPR_SECONDS", 0.3)
    loops = ("{% for a in 'x' * 1000 %}{% for b in 'x' * 1000 %}{% for c in 'x' * 1000 %}"
             "{% endfor %}{% endfor %}{% endfor %}")
    path = write_input(tmp_path, paragraph=f'"{loops}"')
    result = refused(capsys, tmp_path, path, "文字中表达式的计算时间超过上限", "上限为 0.3 秒", "{% for %}")
    assert result.seconds < 3


def test_a_spent_budget_is_said_once_not_for_every_later_text(capsys, tmp_path, monkeypatch):
    lower(monkeypatch, "EXPR_STEPS", 50)
    text = VALID.read_text(encoding="utf-8").replace(PARAGRAPH, "\"{% for a in 'x' * 100 %}{% endfor %}\"")
    text = text.replace('配合市委、市政府重点工作', "{{ year }}配合市委、市政府重点工作")
    result = refused(capsys, tmp_path, write_input(tmp_path, text), "运算步数（循环的每一轮、每次调用和运算）超过上限")
    assert result.err.count("超过上限") == 1


def test_loop_rounds_count_as_steps(capsys, tmp_path, monkeypatch):
    lower(monkeypatch, "EXPR_STEPS", 1000)
    loops = "{% for a in 'x' * 100 %}{% for b in 'x' * 100 %}{% endfor %}{% endfor %}"
    path = write_input(tmp_path, paragraph=f'"{loops}"')
    refused(capsys, tmp_path, path, "文字中表达式的运算步数（循环的每一轮、每次调用和运算）超过上限")


def test_text_written_by_loops_into_a_variable_counts(capsys, tmp_path, monkeypatch):
    lower(monkeypatch, "EXPR_OUTPUT", 10_000)
    body = "{% set x %}{% for a in 'x' * 100 %}{% for b in 'x' * 100 %}长文字{% endfor %}{% endfor %}{% endset %}"
    path = write_input(tmp_path, paragraph=f'"{body}{{{{ x | length }}}}"')
    refused(capsys, tmp_path, path, "文字中表达式写出的文字总量（含循环和宏中的文字）超过上限")


PRINTED = [
    ("{{ figures | pprint }}", "pprint 过滤器写出的是程序内部的表示"),
    ("{{ figures }}", "表达式的结果是程序内部的对象（不是文字或数字）"),
    ("{{ '%s' % figures }}", "表达式的结果是程序内部的对象（不是文字或数字）"),
    ("{{ figures | string }}", "表达式的结果是程序内部的对象（不是文字或数字）"),
    ("{{ figures.countries('接待来访') }}", "表达式的结果是一组值（列表），不能直接写进报告"),
    ("{{ none }}", "表达式的结果是“None”"),
    ("{{ 1e400 }}", "数字太大"),
    ("{{ 1e400 - 1e400 }}", "数字太大"),  # was "name 'nan' is not defined"
    ("{{ figures.amount('abc') }}", "无法计算的数"),  # was "[<class 'decimal.ConversionSyntax'>]"
    ("{{ figures.percent(1, 'nan') }}", "“nan”不是一个有限的数"),  # was printed as "NaN%"
    ("{{ (1.0e308 * 10) }}", "不是有限的数"),
    ("{{ 1 / 0 }}", "除数为零"),
    ("{{ 2.0 ** 10000 }}", "数值太大"),
    ("{{ figures.tally() }}", "缺少参数 type"),
    ("{{ ''.__class__ }}", "不能访问“__class__”"),
]


@pytest.mark.parametrize(("expression", "phrase"), PRINTED)
def test_what_cannot_be_printed_into_a_report_is_an_error_in_chinese(capsys, tmp_path, expression, phrase):
    path = write_input(tmp_path, paragraph=f'"{expression}"')
    result = refused(capsys, tmp_path, path, phrase)
    assert f"第 {line_of(path, expression[:8])} 行" in result.err
    for internal in ("<class", "Figures", "FigureView", "SourceMap", "Record("):
        assert internal not in result.err


def test_no_message_of_an_expression_is_empty_or_a_python_repr():
    for err in (MemoryError(), ValueError(), KeyError("x"), RuntimeError(""), TypeError("unsupported operand "
                "type(s) for +: 'int' and 'str'")):
        text = sandbox.describe(err)
        assert text and "<class" not in text
        assert re.search(r"[\u4e00-\u9fff]", text), text


def test_expressions_a_report_uses_still_work(capsys, tmp_path):
    text = ("\"{{ year }}年（{{ '%d' % year }}，{{ year ~ '年' }}），{{ figures.tally('接待来访') }}，"
            "{{ ['甲', '乙'] | join('、') }}，{% for c in '丙丁' %}{{ c }}{% endfor %}。\"")
    path = write_input(tmp_path, paragraph=text)
    result = run(capsys, "check", path)
    assert result.status == 0, result.err


@pytest.mark.parametrize("written", ['"甲\\uFFFE乙"', "\"{{ '甲\\\\uFFFE乙' }}\"", "\"{{ '甲\\\\x0b乙' }}\""])
def test_a_character_xml_cannot_hold_is_blamed_on_the_yaml_line(capsys, tmp_path, written):
    path = write_input(tmp_path, paragraph=written)
    result = refused(capsys, tmp_path, path, "U+")
    assert f"{path}，第 {line_of(path, '甲')} 行" in result.err
    assert "report.xml.j2" not in result.err


# --- ledgers --------------------------------------------------------------------------------


def ledger_input(folder: Path, csv_text: str, name: str = "ledger.csv") -> Path:
    (folder / name).write_text(csv_text, encoding="utf-8")
    return write_input(folder, extra=f"ledger_files: [{name}]")


@pytest.mark.parametrize(("header", "phrase"), [
    ("类型,日期,人数,人次,渠道\n", "表头中第 3 列和第 4 列都是“人数”和“人次”"),
    ("类型,日期,人数,渠道,渠道\n", "表头中第 4 列和第 5 列都是“渠道”"),
])
def test_duplicate_ledger_headers_are_an_error_at_the_header(capsys, tmp_path, header, phrase):
    path = ledger_input(tmp_path, header + "接待来访,,3,4,友城\n")
    result = refused(capsys, tmp_path, path, phrase, "不知道该用哪一列")
    assert "ledger.csv，第 1 行" in result.err


@pytest.mark.parametrize(("separator", "name"), [("\f", "分页符"), ("\u2028", "行分隔符"), ("\x1e", "记录分隔符")])
def test_a_record_separator_in_a_cell_is_an_error_at_its_line(capsys, tmp_path, separator, name):
    rows = GOOD_ROW + f"接待来访,,甲{separator}乙,,1,2,,,友城\n" + GOOD_ROW + "接待来访,,某团,,1,十二,,,友城\n"
    path = ledger_input(tmp_path, HEADER + rows)
    result = refused(capsys, tmp_path, path, f"单元格中有{name}", "（字段 对方）")
    assert "ledger.csv，第 3 行：台账记录有误：单元格中有" in result.err
    # The rows after it keep their line numbers (a split record shifted them all).
    assert "ledger.csv，第 5 行：台账记录有误：人数“十二”请用阿拉伯数字书写（如 40多、1.6万）" in result.err


def test_a_value_under_no_header_is_an_error(capsys, tmp_path):
    path = ledger_input(tmp_path, HEADER + "接待来访,,某团,,1,2,,,友城,多出来的\n")
    refused(capsys, tmp_path, path, "ledger.csv，第 2 行", "第 10 列有内容“多出来的”，但这一列没有表头")


SYSTEM_FILE = "root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n" * 20


@pytest.mark.parametrize(("name", "field", "phrase"), [
    ("passwd.csv", "ledger_files: [passwd.csv]", "这不是台账表格：表头（第一行）中没有“类型”列"),
    ("meminfo", "ledger_files: [meminfo]", "这不是台账文件：文件中没有 activities"),
    ("meminfo", "previous: meminfo", "这不是上年的输入文件：文件中没有 office、year"),
    ("catalogue.yaml", "catalogue: catalogue.yaml", "这不是活动类型目录：文件中没有 types"),
])
def test_a_referenced_file_that_is_not_an_input_is_said_so_in_one_line(capsys, tmp_path, name, field, phrase):
    text = SYSTEM_FILE if name.endswith(".csv") else "MemTotal: 16384 kB\nMemFree: 1024 kB\nroot_secret: x\n"
    (tmp_path / name).write_text(text, encoding="utf-8")
    path = write_input(tmp_path, extra=field)
    result = refused(capsys, tmp_path, path, phrase)
    for secret in ("root:x", "daemon", "MemTotal", "root_secret"):
        assert secret not in result.err
    assert len(result.err.strip().splitlines()) <= 3  # the heading, the one problem, its hint


def test_a_ledger_over_the_row_limit_stops_at_that_row(capsys, tmp_path, monkeypatch):
    lower(monkeypatch, "LEDGER_ROWS", 5)
    path = ledger_input(tmp_path, HEADER + GOOD_ROW * 50)
    refused(capsys, tmp_path, path, "ledger.csv，第 7 行：台账的记录数超过上限：上限为 5 行")


def test_messages_printed_are_the_first_ones_and_a_count(capsys, tmp_path, monkeypatch):
    lower(monkeypatch, "SHOWN_PROBLEMS", 5)
    path = ledger_input(tmp_path, HEADER + "接待来访,2011-02-30,某团,,1,十二,-5,,友城\n" * 50)
    result = refused(capsys, tmp_path, path, "发现 150 处问题", "另有 145 处问题未列出")
    assert result.err.count("台账记录有误") == 5


def test_an_amount_of_1e26_wan_with_a_statistics_attachment(capsys, tmp_path):
    extra = "attachments:\n  - title: 统计表\n    statistics: [{type: 侨胞捐赠}]"
    path = ledger_input(tmp_path, HEADER + "侨胞捐赠,2011-03-01,某侨胞,,1,1,1e26,,\n")
    path.write_text(path.read_text(encoding="utf-8").replace("\nplan:", f"\n{extra}\nplan:", 1), encoding="utf-8")
    refused(capsys, tmp_path, path, "ledger.csv，第 2 行", "“1E+26”超过上限 1000000000000 万元", "元写成了万元")
    path = write_input(tmp_path, extra=extra + "\nactivities:\n  - {type: 侨胞捐赠, amount: 1e26}")
    refused(capsys, tmp_path, path, "金额（万元）“1E+26”超过上限")


# --- files and folders ------------------------------------------------------------------------


def test_a_directory_or_fifo_given_as_the_input(capsys, tmp_path):
    folder = tmp_path / "folder.yaml"
    folder.mkdir()  # `build` takes a folder for a batch; `check` reads one file
    result = run(capsys, "check", folder)
    assert result.status == 2 and "这是一个目录（文件夹），不是输入文件" in result.err
    fifo = tmp_path / "fifo.yaml"
    os.mkfifo(fifo)
    # Opening it for reading would wait for a writer forever: run where a wait can be seen.
    outcome: list = []
    worker = threading.Thread(target=lambda: outcome.append(_outcome(
        lambda: refused(capsys, tmp_path, fifo, "这不是普通文件（而是管道、设备或套接字）"))), daemon=True)
    worker.start()
    worker.join(SECONDS)
    assert not worker.is_alive(), "still waiting for a writer to the FIFO"
    (result,) = outcome
    if isinstance(result, BaseException):
        raise result
    assert result.seconds < 3


def _outcome(work):
    try:
        return work()
    except BaseException as err:  # handed to the test's thread, raised there
        return err


@pytest.mark.parametrize("make", ["file", "under-a-file"])
def test_output_naming_a_regular_file(capsys, tmp_path, make):
    blocker = tmp_path / "blocker"
    blocker.write_text("保留", encoding="utf-8")
    out = blocker if make == "file" else blocker / "sub" / "dir"
    result = run(capsys, "build", write_input(tmp_path), "-o", out, "--format", "docx")
    assert result.status == 2
    assert "是一个文件，不是文件夹" in result.err
    assert blocker.read_text(encoding="utf-8") == "保留"


def test_output_where_no_folder_can_be_made(capsys, tmp_path):
    result = run(capsys, "build", write_input(tmp_path), "-o", "/proc/self/reportgen", "--format", "docx")
    assert result.status == 2
    assert "没有在“/proc/self”中写入的权限" in result.err and "未生成任何文件" in result.err


def test_a_title_of_80_characters_builds_twice_with_the_full_title_inside(capsys, tmp_path):
    import docx

    # 240 bytes: the second build's backup name used to add 14 more and fail with ENAMETOOLONG.
    title = "关于进一步加强和改进外事侨务工作的意见" * 4 + "（草案）"  # 80 characters
    path = write_input(tmp_path, extra=f"title: {title}")
    out = tmp_path / "out"
    for _ in range(2):
        result = run(capsys, "build", path, "-o", out, "--format", "docx")
        assert result.status == 0, result.err
    (written,) = [p for p in files_under(out) if p.is_file()]
    assert len(written.name.encode("utf-8")) <= 255
    assert written.stem == title
    text = "".join(p.text for p in docx.Document(str(written)).paragraphs)
    assert title in text.replace("\n", "")


def test_file_names_are_cut_by_bytes_not_only_characters():
    assert publish.safe_name("总" * 100) == "总" * 80
    assert len(publish.safe_name("𠀀" * 100).encode("utf-8")) <= publish.MAX_NAME_BYTES
    paths = publish.output_paths(Path("out"), "𠀀" * 100, 2011, "𠀀" * 100, ("docx", "pdf"))
    for path in paths.values():
        assert all(len(part.encode("utf-8")) <= 255 for part in path.parts)


# --- after a kill -------------------------------------------------------------------------------


def test_part_and_bak_files_of_a_killed_build_are_removed_at_the_next_write(tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    gone, alive = dead_pid(), os.getppid()
    leftovers = [folder / f".报告.rg{gone}-abc123.part", folder / f".报告.rg{gone}.docx.bak"]
    running = [folder / f".报告.rg{alive}-def456.part"]
    for path in leftovers + running:
        path.write_bytes(b"x")
    publish.write_all({folder / "报告.docx": b"new"})
    assert sorted(p.name for p in folder.iterdir()) == sorted(["报告.docx", running[0].name])


def test_a_killed_archived_build_leaves_a_temporary_folder_that_the_next_one_removes(tmp_path, monkeypatch):
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    monkeypatch.setattr("tempfile.tempdir", None)
    code = ("import time; from reportgen.publish import temporary_folder\n"
            "with temporary_folder('archive') as folder:\n"
            "    (folder / 'input.yaml').write_text('x'); print(folder, flush=True); time.sleep(60)\n")
    process = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True,
                               env={**os.environ, "TMPDIR": str(tmp_path)})
    left = Path(process.stdout.readline().strip())
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert left.is_dir() and left.name.startswith(publish.TEMPORARY_PREFIX)
    with publish.temporary_folder("archive") as mine:
        assert not left.exists()
        assert mine.exists()
    assert not mine.exists()


# --- the last resort ------------------------------------------------------------------------------


def test_an_unexpected_exception_is_a_chinese_message_and_a_log_file(capsys, tmp_path, monkeypatch):
    import reportgen.build as build_module

    def broken(*args, **kwargs):
        raise RuntimeError("某个意外的缺陷")

    monkeypatch.setattr(build_module, "compose_input", broken)
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    monkeypatch.setattr("tempfile.tempdir", None)
    result = run(capsys, "check", write_input(tmp_path))
    assert result.status == 1
    assert "reportgen 内部出错" in result.err and "维护者" in result.err
    log = Path(re.search(r"详细信息已写入 (\S+?\.log)", result.err).group(1))
    assert log.parent == tmp_path
    text = log.read_text(encoding="utf-8")
    assert "Traceback" in text and "某个意外的缺陷" in text and "reportgen check" in text

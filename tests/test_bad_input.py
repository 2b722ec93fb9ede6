"""Bad input: one run reports every problem of the file in Chinese, naming the file,
the line (and column where it applies) and the field; exit status 2; nothing written.

Each fixture in tests/fixtures/bad/ is a near-copy of tests/fixtures/bad/_valid.yaml with
one defect (or two, where the case is about reporting several at once); its first line
is a comment saying what the defect is. Inputs that are not text (a PNG header, a NUL
byte, a raw control character) are written by the tests into tmp_path instead.

Expected lines and columns are computed from the fixture's text, never typed in.
"""

from __future__ import annotations

import difflib
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from reportgen.cli import main

REPO = Path(__file__).resolve().parents[1]
BAD = Path(__file__).resolve().parent / "fixtures" / "bad"
VALID = BAD / "_valid.yaml"

# text of the input -> (1-based line, 1-based column or None when only the line is expected)
Where = Callable[[str], tuple[int, int | None]]


def _lines(text: str) -> list[str]:
    # Not str.splitlines(): it also splits at \x0b, \x1c, \x85 …, which YAML does not.
    return text.split("\n")


def at(needle: str, *, nth: int = 1, col: str | None = None) -> Where:
    """The line of the nth line containing `needle`; the column where `col` starts in it."""

    def where(text: str) -> tuple[int, int | None]:
        lines = _lines(text)
        hits = [i for i, line in enumerate(lines, 1) if needle in line]
        assert len(hits) >= nth, f"fixture has no {nth}. line containing {needle!r}"
        line = hits[nth - 1]
        return line, (lines[line - 1].index(col) + 1 if col is not None else None)

    return where


def first_key(text: str) -> tuple[int, int | None]:
    """Where the top-level mapping starts: a missing field can only be reported there."""
    for i, line in enumerate(_lines(text), 1):
        if line.strip() and not line.lstrip().startswith("#"):
            return i, len(line) - len(line.lstrip()) + 1
    raise AssertionError("fixture has no content")


@dataclass(frozen=True)
class Expect:
    """One problem: where it is, a phrase of its message, and the field it names."""

    where: Where | None  # None: no line applies (e.g. an empty file)
    phrase: str
    field: str | None = None


@dataclass(frozen=True)
class Case:
    name: str
    expects: tuple[Expect, ...]
    hints: tuple[str, ...] = ()  # phrases expected anywhere in the output (hint lines)
    make: Callable[[], bytes] | None = None  # None: the fixture BAD/<name>.yaml
    near_copy: bool = True  # differs from _valid.yaml in a few lines only


def _valid_with(old: str, new: str) -> Callable[[], bytes]:
    def make() -> bytes:
        text = VALID.read_text(encoding="utf-8")
        assert text.count(old) == 1
        return text.replace(old, new).encode("utf-8")

    return make


def _png() -> bytes:
    # The first bytes of a 1×1 PNG: the signature and the start of the IHDR chunk.
    return b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06"


PARA0 = "summary.sections[0].sections[0].paragraphs[0]"

CASES = [
    # --- YAML syntax ---------------------------------------------------------------
    Case("syntax_bad_indent", (Expect(at("run_in: true", col="run_in"), "缩进不一致"),)),
    Case(
        "syntax_unclosed_quote",
        (Expect(at('- "配合', col='"'), "引号没有闭合"),),
    ),
    Case(
        "syntax_unclosed_quote_mid",
        (Expect(at('- "今年以来', col='"'), "引号"),),
    ),
    Case("syntax_tab", (Expect(at("\t", col="\t"), "制表符"),)),
    # --- wrong type --------------------------------------------------------------------
    Case("type_year_chinese", (Expect(at("year:", col="year"), "年度应为整数", "year"),)),
    Case(
        "type_paragraphs_mapping",
        (Expect(at("paragraphs:", col="paragraphs"), "段落应为列表", "summary.paragraphs"),),
    ),
    # --- unknown key -------------------------------------------------------------------
    Case(
        "unknown_key_sumary",
        (Expect(at("sumary:", col="sumary"), "未知字段“sumary”", "sumary"),),
        hints=("是不是“summary”",),
    ),
    Case(
        "unknown_key_heding",
        (Expect(at("heding:", col="heding"), "未知字段“heding”", "plan.sections[0].heding"),),
        hints=("是不是“heading”",),
    ),
    # --- missing required field --------------------------------------------------------
    Case("missing_office", (Expect(first_key, "缺少必填字段“office”", "office"),)),
    Case("missing_date", (Expect(first_key, "缺少必填字段“date”", "date"),)),
    # --- dates ---------------------------------------------------------------------
    Case(
        "date_feb30",
        (Expect(at("date:", col="date"), "成文日期“2012-02-30”", "date"),),
    ),
    Case(
        "date_feb30_chinese",
        (Expect(at("date:", col="date"), "不是日历上存在的日期", "date"),),
    ),
    Case("date_mingnian", (Expect(at("date:", col="date"), "成文日期“明年”不是有效的日期", "date"),)),
    Case("date_before_year", (Expect(at("date:", col="date"), "早于报告年度", "date"),)),
    # --- not a YAML mapping at all -------------------------------------------------
    Case("empty", (Expect(None, "文件是空的"),), near_copy=False),
    Case(
        "not_yaml_png",
        (Expect(lambda text: (1, None), "不是 UTF-8 编码的文本"),),
        make=_png,
        near_copy=False,
    ),
    Case(
        "nul_byte",
        (Expect(at("\x00"), "二进制"),),
        make=_valid_with("认真贯彻", "认真\x00贯彻"),
    ),
    Case(
        "top_level_list",
        (Expect(at("- office:", col="-"), "最外层应是“键: 值”形式的映射"),),
        near_copy=False,
    ),
    # --- YAML features that have no place in a report ------------------------------
    Case(
        "alias_bomb",
        (Expect(at("*a", col="*"), "不支持 YAML 别名"),),
        near_copy=False,
    ),
    Case("duplicate_key", (Expect(at("year:", nth=2, col="year"), "重复的键"),)),
    # --- control characters --------------------------------------------------------
    Case(
        "control_char_raw",
        (Expect(at("\x0b"), "控制字符"),),
        make=_valid_with("认真贯彻", "认真\x0b贯彻"),
    ),
    Case(
        "control_char_escape",
        (Expect(at("认真\\v"), "控制字符", "summary.paragraphs[0]"),),
    ),
    # --- structure ---------------------------------------------------------------------
    Case(
        "run_in_no_stop",
        (
            Expect(
                at("交流层面进一步拓宽", col="heading"),
                "应以“。”结尾",
                "summary.sections[0].sections[0].heading",
            ),
        ),
    ),
    Case(
        "nested_5_levels",
        (
            Expect(
                at("第五层标题", col="heading"),
                "标题层次超过 4 层",
                "summary.sections[0].sections[0].sections[0].sections[0]",
            ),
        ),
    ),
    # --- several problems in one file ----------------------------------------------
    Case(
        "two_problems",
        (
            Expect(at("date:", col="date"), "成文日期“明年”不是有效的日期", "date"),
            Expect(at("sumary:", col="sumary"), "未知字段“sumary”", "sumary"),
        ),
    ),
    Case(
        "two_problems_schema_and_structure",
        (
            Expect(at("date:", col="date"), "早于报告年度", "date"),
            Expect(at("sumary:", col="sumary"), "未知字段“sumary”", "sumary"),
        ),
    ),
    # --- {{ }} in the input's own text (compose stage) ------------------------------
    Case(
        "jinja_undefined_name",
        (Expect(at("undefined_name", col='"'), "文字中引用了不存在的值", PARA0),),
    ),
    Case(
        "jinja_unclosed",
        (Expect(at("{{ year 年", col='"'), "写法有误", PARA0),),
    ),
]


def _params(command: str) -> list:
    return [pytest.param(case, id=case.name) for case in CASES]


# --- helpers ---------------------------------------------------------------------------


def _input(case: Case, tmp_path: Path) -> tuple[Path, str]:
    """The input file of `case` and its text (bytes that are not UTF-8 replaced)."""
    if case.make is None:
        path = BAD / f"{case.name}.yaml"
    else:
        path = tmp_path / "in" / f"{case.name}.yaml"
        path.parent.mkdir()
        path.write_bytes(case.make())
    return path, path.read_bytes().decode("utf-8", errors="replace")


def _run(args: list[str], capsys) -> tuple[int, str, str]:
    capsys.readouterr()
    rc = main(args)
    captured = capsys.readouterr()
    return rc, captured.out, captured.err


def _everything_under(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*")) if folder.exists() else []


@pytest.fixture
def cwd(tmp_path, monkeypatch) -> Path:
    """An empty working directory, so stray relative writes would be seen too."""
    folder = tmp_path / "cwd"
    folder.mkdir()
    monkeypatch.chdir(folder)
    return folder


def _assert_reported(case: Case, path: Path, text: str, rc: int, out: str, err: str) -> None:
    assert rc == 2, f"exit status {rc}\nstdout:\n{out}\nstderr:\n{err}"
    assert "Traceback" not in err
    assert str(path) in err
    lines = err.splitlines()
    for expect in case.expects:
        if expect.where is None:
            head = f"{path}："
            matching = [x for x in lines if head in x and expect.phrase in x]
            assert matching, f"no line with {head!r} and {expect.phrase!r}:\n{err}"
            assert all("第 " not in x for x in matching), "a line number where none applies"
            continue
        line, col = expect.where(text)
        head = f"{path}，第 {line} 行" + (f"第 {col} 列" if col is not None else "")
        field = f"（字段 {expect.field}）" if expect.field else ""
        matching = [x for x in lines if head in x and expect.phrase in x and field in x]
        assert matching, f"no line with {head!r}, {expect.phrase!r} and {field!r}:\n{err}"
    for hint in case.hints:
        assert hint in err
    if len(case.expects) > 1:
        assert f"发现 {len(case.expects)} 处问题，未生成任何文件" in err
    else:
        assert "未生成任何文件" in err


# --- the cases, through both commands ----------------------------------------------------


@pytest.mark.parametrize("case", _params("build"))
def test_build_rejects_bad_input(case: Case, tmp_path, cwd, capsys):
    path, text = _input(case, tmp_path)
    out_dir = tmp_path / "out"
    rc, out, err = _run(["build", str(path), "-o", str(out_dir)], capsys)
    _assert_reported(case, path, text, rc, out, err)
    assert _everything_under(out_dir) == []
    assert _everything_under(cwd) == []


@pytest.mark.parametrize("case", _params("check"))
def test_check_rejects_bad_input(case: Case, tmp_path, cwd, capsys):
    path, text = _input(case, tmp_path)
    rc, out, err = _run(["check", str(path)], capsys)
    _assert_reported(case, path, text, rc, out, err)
    assert _everything_under(cwd) == []
    # The same message as `build` gives for the same file.
    out_dir = tmp_path / "out"
    _, _, build_err = _run(["build", str(path), "-o", str(out_dir)], capsys)
    assert err == build_err
    assert _everything_under(out_dir) == []


# --- more on single cases ----------------------------------------------------------------


def test_duplicate_key_message_names_the_key(cwd, capsys):
    path = BAD / "duplicate_key.yaml"
    line, _ = at("year:", nth=2)(path.read_text(encoding="utf-8"))
    rc, _, err = _run(["check", str(path)], capsys)
    assert rc == 2
    problem = next(x for x in err.splitlines() if f"第 {line} 行" in x)
    assert "year" in problem


def test_alias_bomb_is_refused_before_expansion(tmp_path, cwd, capsys):
    # 9 levels of 9 aliases: expanding it would build 9**9 (387 million) strings.
    merge = tmp_path / "merge_key.yaml"
    merge.write_text(
        "office: &office 南昌市外事侨务办公室\nyear: 2011\ndate: 2012-02-27\n"
        "plan:\n  <<: *office\n",
        encoding="utf-8",
    )
    for path in (BAD / "alias_bomb.yaml", merge):
        for args in (["check", str(path)], ["build", str(path), "-o", str(tmp_path / "out")]):
            rc, _, err = _run(args, capsys)
            assert rc == 2, err
            assert "别名" in err
            assert str(path) in err
    assert _everything_under(tmp_path / "out") == []


def test_real_process_exits_2(tmp_path, cwd):
    path = BAD / "unknown_key_sumary.yaml"
    line, col = at("sumary:", col="sumary")(path.read_text(encoding="utf-8"))
    out_dir = tmp_path / "out"
    result = subprocess.run(
        [sys.executable, "-m", "reportgen", "build", str(path), "-o", str(out_dir)],
        cwd=cwd, capture_output=True, text=True, encoding="utf-8", timeout=60,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
    )
    assert result.returncode == 2, result.stderr
    assert f"{path}，第 {line} 行第 {col} 列：未知字段“sumary”" in result.stderr
    assert "Traceback" not in result.stderr
    assert _everything_under(out_dir) == []
    assert _everything_under(cwd) == []


# --- the fixtures differ from a valid input only by their defect ---------------------------

def test_valid_input_builds(tmp_path, cwd, capsys):
    rc, out, err = _run(["check", str(VALID)], capsys)
    assert rc == 0, err
    assert "格式正确" in out
    out_dir = tmp_path / "out"
    rc, out, err = _run(["build", str(VALID), "-o", str(out_dir), "--format", "docx"], capsys)
    assert rc == 0, err
    files = [p for p in _everything_under(out_dir) if p.is_file()]
    assert [p.suffix for p in files] == [".docx"], files
    assert str(files[0]) in out


@pytest.mark.parametrize(
    "case", [c for c in CASES if c.make is None and c.near_copy], ids=lambda c: c.name
)
def test_fixture_is_a_near_copy_of_the_valid_input(case: Case):
    # Line 1 of every fixture is the comment naming its defect.
    valid = _lines(VALID.read_text(encoding="utf-8"))[1:]
    bad = _lines((BAD / f"{case.name}.yaml").read_text(encoding="utf-8"))[1:]
    changed = [x for x in difflib.ndiff(valid, bad) if x[:2] in ("- ", "+ ")]
    assert 1 <= len(changed) <= 6, "\n".join(changed)


def test_every_fixture_has_a_case():
    named = {c.name for c in CASES if c.make is None} | {VALID.stem}
    assert {p.stem for p in BAD.glob("*.yaml")} == named

"""The archive's commands through reportgen.archive.cli (add_commands, run) on a parser built here.

tests/test_archive_cli.py runs the same commands through `reportgen` itself,
once reportgen/cli.py has them wired in.
"""

from __future__ import annotations

import pytest

from reportgen.archive.cli import add_commands, run
from reportgen.cli import _Parser
from tests.test_archive_import import old_docx  # noqa: F401 (a fixture)
from tests.test_archive_store import OFFICE, add

KUNMING = "昆明市外事办公室"


def parser():
    main = _Parser(prog="reportgen")
    commands = main.add_subparsers(dest="command", title="命令", metavar="命令", parser_class=_Parser)
    add_commands(commands)
    return main


def cli(*argv) -> int:
    return run(parser().parse_args([str(arg) for arg in argv]))


@pytest.fixture()
def root(tmp_path, monkeypatch):
    """A small archive, found through REPORTGEN_ARCHIVE as staff would set it."""
    root = tmp_path / "archive"
    add(root, year=2010, text="接待老挝万象市代表团来访。")
    add(root, year=2011, text="友城工作扎实推进，新结友城一个。")
    add(root, year=2011, text="友城工作扎实推进，新结友城两个。")
    add(root, office=KUNMING, year=2011, text="赴老挝考察。")
    monkeypatch.setenv("REPORTGEN_ARCHIVE", str(root))
    return root


# --- help and arguments ----------------------------------------------------------------


@pytest.mark.parametrize("argv", [
    ["archive", "--help"], ["archive", "list", "--help"], ["archive", "show", "--help"],
    ["archive", "search", "--help"], ["archive", "verify", "--help"], ["archive", "reindex", "--help"],
    ["archive", "import", "--help"], ["extract", "--help"],
])
def test_help_is_in_chinese(argv, capsys):
    with pytest.raises(SystemExit) as caught:
        parser().parse_args(argv)
    assert caught.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("用法：") and "显示本帮助并退出" in out
    assert "usage:" not in out and "options:" not in out and "positional arguments" not in out


@pytest.mark.parametrize(("argv", "message"), [
    (["archive"], "缺少参数"),
    (["archive", "show", OFFICE, "去年"], "年度应是四位数字，如 2011，而不是“去年”"),
    (["archive", "show", OFFICE, "2011", "--revision", "0"], "应是正整数"),
    (["archive", "import", "x.pdf", "--year", "2009"], "缺少参数"),
    (["archive", "search"], "缺少参数"),
])
def test_bad_arguments_exit_2_in_chinese(argv, message, capsys):
    with pytest.raises(SystemExit) as caught:
        parser().parse_args(argv)
    assert caught.value.code == 2
    assert message in capsys.readouterr().err


# --- list, show, search ----------------------------------------------------------------


def test_list(root, capsys):
    assert cli("archive", "list") == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split("  ")[:3] for line in lines[:-1]] == [
        [OFFICE, "2010 年", "第 1 版"], [OFFICE, "2011 年", "第 1 版"], [OFFICE, "2011 年", "第 2 版"],
        [KUNMING, "2011 年", "第 1 版"],
    ]
    assert lines[-1] == "共 3 份报告，4 个版本。"
    assert cli("archive", "list", "--office", "昆明", "--year", "2011") == 0
    assert capsys.readouterr().out.splitlines()[-1] == "共 1 份报告，1 个版本。"
    assert cli("archive", "list", "--year", "1999") == 0
    assert capsys.readouterr().out == "归档中没有符合条件的报告。\n"


def test_the_archive_root_flag_wins_over_the_environment(root, tmp_path, capsys):
    other = tmp_path / "其他归档"
    add(other, office="上海市外事办公室", year=2015)
    assert cli("archive", "list", "--archive-root", other) == 0
    assert "上海市外事办公室" in capsys.readouterr().out


def test_a_missing_archive_is_exit_2_and_says_how_to_choose_one(tmp_path, capsys):
    assert cli("archive", "list", "--archive-root", tmp_path / "没有") == 2
    err = capsys.readouterr().err
    assert "归档目录" in err and "不存在" in err and "REPORTGEN_ARCHIVE" in err
    assert not (tmp_path / "没有").exists()


def test_search_marks_the_match_with_office_year_and_revision(root, capsys):
    assert cli("archive", "search", "友城") == 0
    out = capsys.readouterr().out.splitlines()
    assert out == [
        f"{OFFICE}  2011 年  第 2 版  生成（本版 2 处，另有 1 个较早版本也含此词）",
        "  【友城】工作扎实推进，新结友城两个。",  # the first match is marked, all are counted
        "共 1 份报告含“友城”。",
    ]
    assert cli("archive", "search", "老挝", "--office", "昆明") == 0
    assert capsys.readouterr().out.splitlines()[:2] == [f"{KUNMING}  2011 年  第 1 版  生成（本版 1 处）",
                                                        "  赴【老挝】考察。"]
    assert cli("archive", "search", "友城工作", "--year", "2011", "--all") == 0
    assert capsys.readouterr().out.splitlines()[-1] == "共 2 个版本含“友城工作”。"
    assert cli("archive", "search", "老挝", "--limit", "1") == 0
    assert capsys.readouterr().out.splitlines()[-1] == "共 2 份报告含“老挝”，只显示前 1 份。"
    assert cli("archive", "search", "上海") == 0
    assert capsys.readouterr().out == "没有找到“上海”。\n"


def test_show(root, capsys):
    assert cli("archive", "show", OFFICE, "2011") == 0
    out = capsys.readouterr().out
    assert out.startswith(f"{OFFICE} 2011 年 第 2 版（共 2 版：1、2）\n")
    assert "来源：reportgen 生成" in out and "input/2011.yaml" in out and "SHA-256" in out
    assert str(root / OFFICE / "2011" / "r2") in out
    assert cli("archive", "show", "昆明", "2011", "--revision", "1") == 0  # part of the name will do
    assert capsys.readouterr().out.startswith(f"{KUNMING} 2011 年 第 1 版")


@pytest.mark.parametrize(("argv", "message"), [
    (["上海市外事办公室", "2011"], f"归档中没有机关“上海市外事办公室”\n    归档中的机关：{OFFICE}、{KUNMING}。"),
    (["南昌", "2013"], f"归档中没有{OFFICE} 2013 年的报告\n    该机关已归档的年度：2010、2011。"),
    ([OFFICE, "2011", "--revision", "7"], f"{OFFICE} 2011 年没有第 7 版\n    现有的版本：1、2。"),
    (["市外事", "2011"], "“市外事”可能指多个机关"),
])
def test_show_unknown_office_year_or_revision_is_exit_2(root, argv, message, capsys):
    assert cli("archive", "show", *argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("出错了：\n") and message in err


# --- verify, reindex, import, extract ---------------------------------------------------


def test_verify_exit_status(root, capsys):
    assert cli("archive", "verify") == 0
    assert capsys.readouterr().out == "已核对 4 个版本、8 个文件：全部完好。\n"
    changed = root / OFFICE / "2011" / "r1" / "text.txt"
    changed.write_text("被人改过", encoding="utf-8")
    missing = root / KUNMING / "2011" / "r1" / "input" / "2011.yaml"
    missing.unlink()
    assert cli("archive", "verify") == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "已核对 4 个版本、8 个文件，发现 2 处问题："
    assert out[1].startswith(f"  {changed}：内容已改变（应为 SHA-256 ")
    assert out[2].startswith(f"  {missing}：缺失（应为 SHA-256 ")


def test_a_deleted_index_is_rebuilt_and_said_on_stderr(root, capsys):
    (root / "index.sqlite3").unlink()
    assert cli("archive", "search", "老挝") == 0
    captured = capsys.readouterr()
    assert captured.err == "注意：索引文件不存在，已从归档文件重建索引（4 个版本）\n"
    assert "共 2 份报告含“老挝”。" in captured.out


def test_reindex(root, capsys):
    assert cli("archive", "reindex") == 0
    assert capsys.readouterr().out == f"已从归档文件重建索引：4 个版本（{root / 'index.sqlite3'}）。\n"


def test_import(root, old_docx, capsys):  # noqa: F811 (the fixture)
    assert cli("archive", "import", old_docx, "--office", KUNMING, "--year", "2009", "--title", "2009年工作总结") == 0
    assert capsys.readouterr().out == f"已导入为 {KUNMING} 2009 年 第 1 版：{root / KUNMING / '2009' / 'r1'}\n"
    assert cli("archive", "import", old_docx, "--office", KUNMING, "--year", "2009") == 2
    assert "未重复导入" in capsys.readouterr().err
    assert cli("archive", "search", "缅甸") == 0
    assert f"{KUNMING}  2009 年  第 1 版  导入" in capsys.readouterr().out


def test_import_into_a_new_archive_creates_it(tmp_path, old_docx, capsys):  # noqa: F811
    root = tmp_path / "新归档"
    assert cli("archive", "import", old_docx, "--office", KUNMING, "--year", "2009", "--archive-root", root) == 0
    assert (root / KUNMING / "2009" / "r1" / "original.docx").read_bytes() == old_docx.read_bytes()
    assert capsys.readouterr().err == ""  # a first index is no news


def test_extract_errors_are_exit_2(tmp_path, example_pdf, capsys):
    assert cli("extract", example_pdf, "-o", tmp_path / "out") == 2
    assert "没有嵌入输入文件" in capsys.readouterr().err
    assert cli("extract", tmp_path / "没有.pdf") == 2
    assert "找不到文件" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()

"""The `reportgen` command, where its files land, how they are written, and the PDF fonts."""

from __future__ import annotations

import dataclasses
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import reportgen.render.docx as docx_renderer
from reportgen.build import build
from reportgen.cli import main
from reportgen.errors import FontError, ReportError
from reportgen.fonts import resolve_fonts
from reportgen.layout import STANDARD, FontFace, FontRole
from reportgen.publish import MAX_NAME_CHARS, output_paths, safe_name, write_all
from tests.conftest import ROOT
from tests.variants import write_variant

NESTED = ROOT / "tests" / "fixtures" / "compose" / "nested.yaml"
OFFICE = "南昌市外事侨务办公室"
TITLE = "南昌市外事侨务办公室2011年工作总结和2012年工作打算"
FANDOL_KAI = Path("/usr/local/share/fonts/reportgen-fandol/FandolKai-Regular.otf")
NO_FONTS = dataclasses.replace(
    STANDARD, fonts={role: FontFace("不存在", ("NoSuchFontXYZ",)) for role in STANDARD.fonts}
)


def expected_file(out: Path, ext: str) -> Path:
    return out / OFFICE / "2011" / f"{TITLE}.{ext}"


def all_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


# --- check -----------------------------------------------------------------------


def test_check_says_the_input_is_right(capsys):
    # That it imports no renderer (WeasyPrint included): tests/test_startup_imports.py, in a fresh interpreter.
    assert main(["check", str(NESTED)]) == 0
    (first,) = capsys.readouterr().out.splitlines()
    assert first.startswith(f"{NESTED}：格式正确（{OFFICE}，2011 年")


def test_the_kept_stylesheet_lets_its_temporary_folder_go_at_exit(tmp_path):
    """render/pdf keeps WeasyPrint's font configuration for the next build; it holds a
    temporary folder that it removes when it goes, which fails (leaving the folder and a
    traceback) once the interpreter tears modules down. It must go at exit, before that."""
    code = ("import atexit, sys; from pathlib import Path; from reportgen.build import build; "
            "from reportgen.render import pdf; "
            "build(Path(sys.argv[1]), out_dir=Path(sys.argv[2]), formats=('pdf',)); "
            "folders = [s.font_config._folder for s in pdf._STYLES.values()]; "
            "assert folders and all(f.exists() for f in folders); "
            "atexit._run_exitfuncs(); "
            "print(len(pdf._STYLES), sum(f.exists() for f in folders))")
    result = subprocess.run([sys.executable, "-c", code, str(NESTED), str(tmp_path / "out")], cwd=ROOT,
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["0", "0"]
    assert "Traceback" not in result.stderr and "Exception ignored" not in result.stderr


def test_check_reports_a_bad_input_with_status_2(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text(NESTED.read_text(encoding="utf-8").replace("office: ", "ofice: "), encoding="utf-8")
    assert main(["check", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "bad.yaml，第 3 行第 1 列：未知字段“ofice”" in err
    assert "是不是“office”？" in err


# --- help -------------------------------------------------------------------------


@pytest.mark.parametrize("argv", [["--help"], ["-h"], ["build", "--help"], ["check", "--help"]])
def test_help_is_in_chinese(argv, capsys):
    with pytest.raises(SystemExit) as caught:
        main(argv)
    assert caught.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("用法：")
    for word in ("选项", "显示本帮助并退出"):
        assert word in out
    assert "usage:" not in out and "options:" not in out and "show this help" not in out


def test_build_help_lists_its_options(capsys):
    with pytest.raises(SystemExit):
        main(["build", "--help"])
    out = capsys.readouterr().out
    for text in ("--format 格式", "--templates 目录", "--fonts 目录", "输入.yaml", "参数"):
        assert text in out


def test_build_help_says_usage_once(capsys):
    with pytest.raises(SystemExit):
        main(["build", "--help"])
    out = capsys.readouterr().out
    assert out.startswith("用法：reportgen build [-h]")
    assert "用法：用法：" not in out


def test_no_command_prints_help_and_returns_2(capsys):
    assert main([]) == 2
    out = capsys.readouterr().out
    assert out.startswith("用法：reportgen") and "build" in out and "check" in out


# --- build -------------------------------------------------------------------------


def test_build_docx_writes_office_year_title_and_prints_the_path(tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["build", str(NESTED), "-o", str(out), "--format", "docx"]) == 0
    docx = expected_file(out, "docx")
    assert all_files(out) == [docx]
    assert docx.read_bytes()[:2] == b"PK"
    stdout = capsys.readouterr().out
    assert stdout.splitlines() == ["已生成：", f"  {docx}"]


def test_build_both_formats(tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["build", str(NESTED), "-o", str(out), "--fonts", str(tmp_path / "no-fonts")]) == 0
    docx, pdf = expected_file(out, "docx"), expected_file(out, "pdf")
    assert all_files(out) == sorted([docx, pdf])
    assert docx.read_bytes()[:2] == b"PK"
    assert pdf.read_bytes()[:5] == b"%PDF-"
    stdout = capsys.readouterr().out
    assert "PDF 字体：" in stdout
    assert stdout.splitlines()[-3:] == ["已生成：", f"  {docx}", f"  {pdf}"]


def test_build_pdf_only_writes_only_the_pdf(tmp_path):
    out = tmp_path / "out"
    assert main(["build", str(NESTED), "-o", str(out), "--format", "pdf", "--fonts", str(tmp_path / "no-fonts")]) == 0
    pdf = expected_file(out, "pdf")
    assert all_files(out) == [pdf]
    assert pdf.read_bytes()[:5] == b"%PDF-"


def test_unknown_format_is_refused_in_chinese(tmp_path, capsys):
    out = tmp_path / "out"
    with pytest.raises(SystemExit) as caught:
        main(["build", str(NESTED), "-o", str(out), "--format", "xls"])
    assert caught.value.code == 2
    err = capsys.readouterr().err
    assert "命令行参数有误" in err
    assert "格式只能是 docx、pdf 或 docx,pdf，而不是“xls”" in err
    assert not out.exists()


def test_unknown_format_message_has_no_english(tmp_path, capsys):
    with pytest.raises(SystemExit):
        main(["build", str(NESTED), "-o", str(tmp_path / "out"), "--format", "xls"])
    assert "argument" not in capsys.readouterr().err


def test_build_of_a_bad_input_writes_nothing_and_returns_2(tmp_path, capsys):
    bad = write_variant(tmp_path, NESTED, name="bad.yaml", replace={"全年共计接待": "{{ yera }}"})
    out = tmp_path / "out"
    assert main(["build", str(bad), "-o", str(out), "--format", "docx"]) == 2
    assert "不存在的值" in capsys.readouterr().err
    assert not out.exists()


def test_build_with_a_missing_templates_folder_returns_2(tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["build", str(NESTED), "-o", str(out), "--format", "docx", "--templates", str(tmp_path / "nope")]) == 2
    assert "模板目录" in capsys.readouterr().err
    assert not out.exists()


# --- writing files atomically -----------------------------------------------------------


def test_a_failed_rebuild_leaves_the_previous_docx_untouched(tmp_path, monkeypatch):
    out = tmp_path / "out"
    first = build(NESTED, out_dir=out, formats=("docx",))
    docx = first.files["docx"]
    assert docx == expected_file(out, "docx")
    before = docx.read_bytes()

    def broken(*args, **kwargs):
        raise RuntimeError("renderer crashed")

    monkeypatch.setattr(docx_renderer, "render_docx", broken)
    with pytest.raises(RuntimeError, match="renderer crashed"):
        build(NESTED, out_dir=out, formats=("docx",))
    assert docx.read_bytes() == before
    assert all_files(out) == [docx]
    assert not list(out.rglob("*.part"))


def test_a_pdf_failure_keeps_the_already_rendered_docx_from_replacing_the_old_one(tmp_path, monkeypatch):
    out = tmp_path / "out"
    docx = build(NESTED, out_dir=out, formats=("docx",)).files["docx"]
    before = docx.read_bytes()
    # Make the new DOCX differ, so a premature write would show.
    changed = write_variant(tmp_path, NESTED, name="changed.yaml", replace={"全年共计接待": "今年共计接待"})
    import reportgen.render.pdf as pdf_renderer

    def broken(*args, **kwargs):
        raise RuntimeError("pdf crashed")

    monkeypatch.setattr(pdf_renderer, "render_pdf", broken)
    with pytest.raises(RuntimeError, match="pdf crashed"):
        build(changed, out_dir=out, formats=("docx", "pdf"))
    assert docx.read_bytes() == before
    assert all_files(out) == [docx]


def test_write_all_writes_nothing_when_one_target_cannot_be_created(tmp_path):
    blocker = tmp_path / "blocker"
    blocker.write_text("a regular file, not a folder")
    good = tmp_path / "good" / "report.docx"
    bad = blocker / "sub" / "report.pdf"
    with pytest.raises(ReportError, match="无法写入输出文件：路径中有一部分是文件而不是文件夹"):
        write_all({good: b"docx bytes", bad: b"pdf bytes"})
    assert not good.exists()
    assert not bad.exists()
    assert not list(tmp_path.rglob("*.part"))
    assert blocker.read_text() == "a regular file, not a folder"


def test_write_all_replaces_existing_files(tmp_path):
    target = tmp_path / "a" / "b" / "report.docx"
    write_all({target: b"old"})
    write_all({target: b"new"})
    assert target.read_bytes() == b"new"
    assert [p.name for p in target.parent.iterdir()] == ["report.docx"]


# --- safe file names -----------------------------------------------------------------


@pytest.mark.parametrize(("text", "expected"), [
    ("../x", "_x"),
    ("a/b", "a_b"),
    ("a\\b", "a_b"),
    ("", "_"),
    ("..", "_"),
    ("  ", "_"),
    ('标题:*?"<>|', "标题_______"),
    ("x\x00y", "x_y"),
])
def test_safe_name(text, expected):
    assert safe_name(text) == expected


def test_safe_name_never_gives_a_separator_or_dot_dot():
    for text in ("../x", "../../etc/passwd", "..\\..\\x", "/abs/path", ".hidden", "x/.."):
        name = safe_name(text)
        assert "/" not in name and "\\" not in name
        assert name not in ("", ".", "..")


def test_safe_name_truncates_long_titles_to_80_characters():
    assert MAX_NAME_CHARS == 80
    assert safe_name("总" * 100) == "总" * 80
    assert len(safe_name("a" * 300)) == 80


def test_output_paths_stay_inside_the_output_folder(tmp_path):
    out = tmp_path / "out"
    paths = output_paths(out, "../../外办", 2011, "../../../etc/x", ("docx", "pdf"))
    for fmt, path in paths.items():
        assert path.resolve().is_relative_to(out.resolve())
        assert path.parent == out / "_.._外办" / "2011"
        assert path.name == f"_.._.._etc_x.{fmt}"


def test_build_with_a_hostile_title_and_office_writes_inside_the_output_folder(tmp_path):
    path = write_variant(tmp_path, NESTED, name="hostile.yaml", set={"office": "a/b", "title": "../../逃逸"})
    out = tmp_path / "out"
    result = build(path, out_dir=out, formats=("docx",))
    assert result.files["docx"] == out / "a_b" / "2011" / "_.._逃逸.docx"
    assert all_files(tmp_path / "out") == [result.files["docx"]]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["hostile.yaml", "out"]


# --- fonts ---------------------------------------------------------------------------


def test_no_cjk_face_raises_a_font_error_saying_what_to_install():
    with pytest.raises(FontError) as caught:
        resolve_fonts(NO_FONTS, None)
    message = str(caught.value)
    assert "Fandol" in message and "fonts/" in message
    for role in NO_FONTS.fonts:
        assert role.value in message


def test_building_without_fonts_writes_nothing_at_all(tmp_path):
    out = tmp_path / "out"
    with pytest.raises(FontError):
        build(NESTED, out_dir=out, profile=NO_FONTS)
    assert all_files(out) == []


def test_cli_reports_missing_fonts_with_status_2(tmp_path, capsys, monkeypatch):
    import reportgen.build as build_module

    original = build_module.build
    monkeypatch.setattr(build_module, "build", lambda *a, **k: original(*a, **{**k, "profile": NO_FONTS}))
    out = tmp_path / "out"
    assert main(["build", str(NESTED), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert "未生成任何文件" in err and "Fandol" in err
    assert all_files(out) == []


def test_standard_profile_resolves_every_role_to_a_fandol_substitute():
    fonts = resolve_fonts(STANDARD, None)
    assert set(fonts) == set(STANDARD.fonts) == set(FontRole) - {FontRole.LATIN}
    for font in fonts.values():
        assert font.file.is_file()
    assert {role: font.describe() for role, font in fonts.items()} == {
        FontRole.XIAOBIAOSONG: "小标宋：未找到 方正小标宋简体，以 FandolSong Bold 代替",
        FontRole.FANGSONG: "仿宋：未找到 仿宋_GB2312，以 FandolFang 代替",
        FontRole.HEITI: "黑体：未找到 黑体，以 FandolHei 代替",
        FontRole.KAITI: "楷体：未找到 楷体_GB2312，以 FandolKai 代替",
        FontRole.SONGTI: "宋体：未找到 宋体，以 FandolSong 代替",
    }
    assert fonts[FontRole.XIAOBIAOSONG].file.name == "FandolSong-Bold.otf"
    assert fonts[FontRole.SONGTI].file.name == "FandolSong-Regular.otf"


@pytest.mark.skipif(not FANDOL_KAI.is_file(), reason="Fandol fonts not installed")
def test_faces_in_the_user_fonts_folder_come_first(tmp_path):
    folder = tmp_path / "fonts"
    folder.mkdir()
    copy = folder / "FandolKai-Regular.otf"
    shutil.copy(FANDOL_KAI, copy)
    (folder / "broken.ttf").write_bytes(b"not a font at all")
    fonts = resolve_fonts(STANDARD, folder)
    assert fonts[FontRole.KAITI].file == copy
    assert fonts[FontRole.KAITI].family == "FandolKai"
    assert all(font.file.parent != folder for role, font in fonts.items() if role is not FontRole.KAITI)


def test_a_missing_user_fonts_folder_falls_back_to_the_system(tmp_path):
    fonts = resolve_fonts(STANDARD, tmp_path / "no-such-folder")
    assert fonts[FontRole.KAITI].file == FANDOL_KAI


def test_a_rename_failing_midway_puts_the_earlier_files_back(tmp_path):
    # The DOCX is renamed into place, then the PDF's rename fails (its target is
    # a folder): the folder must hold the last good DOCX again, not a mix.
    docx_path, pdf_path = tmp_path / "r.docx", tmp_path / "r.pdf"
    docx_path.write_bytes(b"old")
    pdf_path.mkdir()
    with pytest.raises(ReportError, match="无法写入输出文件"):
        write_all({docx_path: b"new", pdf_path: b"new"})
    assert docx_path.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.docx", "r.pdf"]

"""The archive through the `reportgen` command itself: build --archive, archive …, extract.

Needs reportgen/cli.py to have the archive wired in: reportgen.archive.cli's
add_commands() and run(), and --archive and --archive-root on build.
"""

from __future__ import annotations

import pytest

from reportgen.cli import main
from tests.conftest import EXAMPLE
from tests.test_archive_store import OFFICE


@pytest.fixture(scope="module")
def archived(tmp_path_factory):
    """`reportgen build EXAMPLE --archive`, once for the module."""
    base = tmp_path_factory.mktemp("cli")
    root, output = base / "archive", base / "output"
    code = main(["build", str(EXAMPLE), "-o", str(output), "--archive", "--archive-root", str(root)])
    return code, root, output


def test_build_archive_writes_the_revision_and_the_outputs(archived):
    code, root, output = archived
    assert code == 0
    revision = root / OFFICE / "2011" / "r1"
    assert sorted(p.name for p in revision.iterdir()) == ["input", "manifest.json", "report.docx", "report.pdf",
                                                          "text.txt"]
    assert sorted(p.suffix for p in (output / OFFICE / "2011").iterdir()) == [".docx", ".pdf"]


def test_the_archive_commands_are_commands_of_reportgen(archived, capsys):
    _, root, _ = archived
    assert main(["archive", "list", "--archive-root", str(root)]) == 0
    assert f"{OFFICE}  2011 年  第 1 版  生成" in capsys.readouterr().out
    assert main(["archive", "search", "友城", "--year", "2011", "--archive-root", str(root)]) == 0
    assert "【友城】" in capsys.readouterr().out
    assert main(["archive", "show", OFFICE, "2011", "--archive-root", str(root)]) == 0
    assert "input/2011.yaml" in capsys.readouterr().out
    assert main(["archive", "verify", "--archive-root", str(root)]) == 0
    assert main(["archive", "show", OFFICE, "2010", "--archive-root", str(root)]) == 2


def test_archive_root_from_the_environment(archived, monkeypatch, capsys):
    _, root, _ = archived
    monkeypatch.setenv("REPORTGEN_ARCHIVE", str(root))
    assert main(["archive", "list"]) == 0
    assert OFFICE in capsys.readouterr().out


def test_extract_then_check_the_extracted_yaml(archived, tmp_path, capsys):
    _, root, _ = archived
    pdf = root / OFFICE / "2011" / "r1" / "report.pdf"
    assert main(["extract", str(pdf), "-o", str(tmp_path / "取出")]) == 0
    assert (tmp_path / "取出" / "2011.yaml").read_bytes() == EXAMPLE.read_bytes()
    assert main(["check", str(tmp_path / "取出" / "2011.yaml")]) == 0  # its ledger came out beside it
    assert main(["extract", str(pdf), "-o", str(tmp_path / "取出")]) == 2  # never over existing files
    assert "未覆盖" in capsys.readouterr().err


def test_build_archive_needs_both_formats(tmp_path, capsys):
    root = tmp_path / "archive"
    assert main(["build", str(EXAMPLE), "-o", str(tmp_path / "out"), "--format", "docx", "--archive",
                 "--archive-root", str(root)]) == 2
    assert "归档需要同时生成 DOCX 和 PDF" in capsys.readouterr().err
    assert not root.exists() and not (tmp_path / "out").exists()


@pytest.mark.parametrize("argv", [["--help"], ["archive", "--help"], ["extract", "--help"], ["build", "--help"]])
def test_help_lists_the_archive(argv, capsys):
    with pytest.raises(SystemExit) as caught:
        main(argv)
    assert caught.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("用法：")
    if argv == ["--help"]:
        assert "archive" in out and "extract" in out
    if argv == ["build", "--help"]:
        assert "--archive" in out and "--archive-root" in out

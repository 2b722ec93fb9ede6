"""An index that cannot be used or written, an archive folder that cannot be written: a Chinese
message that says what to fix, or a work-around that says what it did; never a traceback."""

from __future__ import annotations

import os
import shlex
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import docx
import pytest

from reportgen.archive import Archive
from reportgen.archive import index as index_module
from reportgen.archive import service as service_module
from reportgen.archive import store as store_module
from reportgen.errors import ReportError
from tests.conftest import ROOT
from tests.test_archive_store import OFFICE, add, revision_dirs

KUNMING = "昆明市外事办公室"
FALLBACK = service_module.FALLBACK_INDEX_NAME


@pytest.fixture()
def root(tmp_path):
    root = tmp_path / "archive"
    add(root, year=2010, text="接待老挝万象市代表团来访。")
    add(root, office=KUNMING, year=2011, text="友城工作扎实推进。")
    return root


def years(archive, query):
    return sorted(hit.row.year for hit in archive.search(query).hits)


# --- the index's name taken by a folder --------------------------------------------------


def test_a_folder_where_the_index_belongs_moves_the_index_beside_it(root):
    index = root / "index.sqlite3"
    index.unlink()
    index.mkdir()
    (index / "别人的文件.txt").write_text("不能动", encoding="utf-8")

    with Archive.open(root) as archive:
        (note,) = archive.notes
        assert f"索引文件的位置“{index}”是一个目录，索引改放在“{root / FALLBACK}”" in note
        assert "请移走或删除" in note
        assert years(archive, "友城") == [2011] and len(archive.list()) == 2
    add(root, year=2012, text="又一年的友城工作。")  # a writer uses the index beside it too
    with Archive.open(root) as archive:
        assert len(archive.notes) == 1  # said every time, until the folder is gone
        assert years(archive, "友城") == [2011, 2012]
    assert (index / "别人的文件.txt").read_text(encoding="utf-8") == "不能动"

    shutil.rmtree(index)
    with Archive.open(root) as archive:
        assert archive.notes == []  # moved back, nothing to rebuild
        assert years(archive, "友城") == [2011, 2012]
    assert index.is_file() and not (root / FALLBACK).exists()


def test_a_folder_named_like_the_index_through_the_command_line(root, capsys):
    from reportgen.cli import main

    (root / "index.sqlite3").unlink()
    (root / "index.sqlite3").mkdir()
    assert main(["archive", "search", "老挝", "--archive-root", str(root)]) == 0
    captured = capsys.readouterr()
    assert "共 1 份报告含“老挝”。" in captured.out
    assert captured.err.startswith("注意：索引文件的位置") and "Traceback" not in captured.err
    assert main(["archive", "reindex", "--archive-root", str(root)]) == 0
    assert f"（{root / FALLBACK}）" in capsys.readouterr().out


# --- an index file this process cannot write ----------------------------------------------


@pytest.fixture()
def read_only_index(monkeypatch):
    """Open index.sqlite3 read-only, as for a file its user may not write (the tests run as root,
    whom permissions do not stop): SQLite then refuses every write with SQLITE_READONLY."""
    real_connect = index_module._connect

    def connect(path):
        if path.name != "index.sqlite3":
            return real_connect(path)  # a rebuild's new file, beside it
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30, isolation_level=None)
        db.execute("PRAGMA busy_timeout = 30000")
        return db

    monkeypatch.setattr(index_module, "_connect", connect)


def test_a_revision_archived_while_the_index_cannot_be_written_is_indexed_later(root, read_only_index, monkeypatch):
    archived = add(root, year=2012, text="只读索引时归档的友城工作。")

    assert archived.path.is_dir() and f"{OFFICE}/2012/r1" in revision_dirs(root)
    (note,) = archived.notes
    assert note.startswith("第 1 版已归档，但未能编入检索索引（索引文件不可写：attempt to write a readonly database）")
    assert "reportgen archive reindex" in note
    with Archive.open(root) as archive:  # still read-only: readers answer, and say what is missing
        assert years(archive, "友城") == [2011]
        assert archive.notes and "尚未编入检索索引" in archive.notes[0]

    monkeypatch.undo()  # the permissions fixed
    with Archive.open(root) as archive:
        assert archive.notes == ["索引中缺少 1 个版本（归档进程在提交之后、写入索引之前中断），已从归档文件补入"]
        assert years(archive, "友城") == [2011, 2012]


def test_reindex_replaces_an_index_file_it_cannot_write(root, read_only_index):
    with Archive.open(root) as archive:
        assert archive.reindex() == 2  # a new file renamed over it: the folder is writable
    with Archive.open(root) as archive:
        assert years(archive, "老挝") == [2010]


# --- an archive folder this user cannot write ------------------------------------------------

_CLI = "import sys; from reportgen.cli import main; sys.exit(main(sys.argv[1:]))"


def run_without_write_access(root: Path, *argv: str) -> subprocess.CompletedProcess:
    """`reportgen ARGV` where the archive folder cannot be written.

    As a normal user: every folder and file made read-only (EACCES). As root, whom
    permissions do not stop: the folder bind-mounted read-only in a mount namespace
    of its own (EROFS, as for a backup disk), or a skip where that is not allowed.
    """
    command = [sys.executable, "-c", _CLI, *argv, "--archive-root", str(root)]
    if os.geteuid() != 0:
        for folder, _dirs, files in os.walk(root):
            for name in files:
                os.chmod(os.path.join(folder, name), 0o444)
            os.chmod(folder, 0o555)
    else:
        unshare = shutil.which("unshare")
        probe = unshare and subprocess.run([unshare, "-m", "true"], capture_output=True)
        if not probe or probe.returncode != 0:
            pytest.skip("running as root, and no mount namespace for a read-only folder (unshare -m)")
        mount = f"mount --bind -o ro {shlex.quote(str(root))} {shlex.quote(str(root))}"
        command = [unshare, "-m", "sh", "-c", f'{mount} && exec "$@"', "sh", *command]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120)


@pytest.fixture()
def writable_again(root):
    yield root
    for folder, _dirs, _files in os.walk(root):
        os.chmod(folder, 0o755)


CANNOT_WRITE = ("没有权限写入归档", "归档目录所在的磁盘是只读的，无法写入")


def test_a_read_only_archive_is_searched_with_an_index_made_in_memory(writable_again):
    root = writable_again
    (root / "index.sqlite3").unlink()
    done = run_without_write_access(root, "archive", "search", "友城")
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert done.stderr.startswith("注意：索引文件不存在，而归档目录不可写（")
    assert "本次在内存中临时建立了索引（2 个版本）。" in done.stderr
    assert "请让能写入归档目录的用户运行 reportgen archive reindex。" in done.stderr
    assert f"{KUNMING}  2011 年  第 1 版" in done.stdout
    assert not (root / "index.sqlite3").exists()

    verified = run_without_write_access(root, "archive", "verify")
    assert verified.returncode == 0 and "全部完好" in verified.stdout, verified.stderr
    assert verified.stderr.count("注意：") == 1 and "本次在内存中临时建立了索引" in verified.stderr


def test_a_read_only_archive_with_its_index_answers_without_a_word(writable_again):
    done = run_without_write_access(writable_again, "archive", "search", "老挝")
    assert (done.returncode, done.stderr) == (0, "")
    assert "共 1 份报告含“老挝”。" in done.stdout


@pytest.mark.parametrize("command", ["reindex", "import"])
def test_writing_into_a_read_only_archive_says_what_to_fix(writable_again, tmp_path, command):
    root = writable_again
    if command == "import":
        document = docx.Document()
        document.add_paragraph("二〇〇九年工作总结：与老挝琅勃拉邦缔结友城。")
        document.save(tmp_path / "旧报告.docx")
        argv = ["archive", "import", str(tmp_path / "旧报告.docx"), "--office", OFFICE, "--year", "2009"]
    else:
        argv = ["archive", "reindex"]
    done = run_without_write_access(root, *argv)
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    assert any(message in done.stderr for message in CANNOT_WRITE), done.stderr
    assert "请检查归档目录的权限" in done.stderr and "--archive-root" in done.stderr
    assert len(revision_dirs(root)) == 2


def test_a_lock_that_cannot_be_taken_leaves_nothing_behind(root, monkeypatch):
    def denied(path, *args, **kwargs):
        raise PermissionError(13, "Permission denied", str(path))

    import filelock

    monkeypatch.setattr(filelock.FileLock, "acquire", denied)
    with pytest.raises(store_module.ArchiveNotWritable, match="没有权限写入归档"):
        add(root, year=2013)
    assert store_module.staging_folders(root) == [] and len(revision_dirs(root)) == 2
    with pytest.raises(ReportError, match="没有权限写入归档"), Archive.open(root) as archive:
        archive.reindex()

"""The writers' lock (filelock) and the window between a commit and its index insert.

A commit writes a pending marker before its rename and removes it after the
index insert; a process killed in between leaves the marker, and the next
opener indexes the revision without scanning the revision folders.
"""

from __future__ import annotations

import os
import selectors
import signal
import threading
import time

import pytest
from filelock import FileLock, Timeout

from reportgen.archive import Archive
from reportgen.archive import service as service_module
from reportgen.archive import store as store_module
from reportgen.errors import ReportError
from tests.test_archive_store import OFFICE, add, revision_dirs, run_python

CAUGHT_UP = "索引中缺少 1 个版本（归档进程在提交之后、写入索引之前中断），已从归档文件补入"


def wait_for_line(child, prefix: str, timeout: float = 120) -> str:
    with selectors.DefaultSelector() as waiting:
        waiting.register(child.stdout, selectors.EVENT_READ)
        assert waiting.select(timeout=timeout), f"the child never printed {prefix}"
    line = child.stdout.readline()
    assert line.startswith(prefix), child.stderr.read()
    return line


def kill(child) -> None:
    os.kill(child.pid, signal.SIGKILL)
    child.wait(timeout=30)
    child.stdout.close()
    child.stderr.close()


def markers(root) -> list[str]:
    folder = root / store_module.PENDING_DIR
    return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []


# --- the lock ----------------------------------------------------------------------------

_HOLDER = """
    import sys, time
    from pathlib import Path
    from reportgen.archive import store
    with store.locked(Path(sys.argv[1])):
        print("LOCKED", flush=True)
        time.sleep(300)
"""


def test_the_lock_shuts_out_other_processes_and_dies_with_its_holder(tmp_path):
    root = tmp_path / "archive"
    root.mkdir()
    child = run_python(_HOLDER, str(root))
    wait_for_line(child, "LOCKED")
    other = FileLock(root / store_module.LOCK_NAME)  # what another process's lock object sees
    with pytest.raises(Timeout):
        other.acquire(timeout=0.3)
    kill(child)  # kill -9: the system releases the lock
    other.acquire(timeout=5)
    other.release()
    with store_module.locked(root):
        pass


def test_the_lock_is_reentrant_in_a_thread_and_other_threads_wait(tmp_path):
    root = tmp_path / "archive"
    root.mkdir()
    order = []
    with store_module.locked(root), store_module.locked(root):  # a commit's `after` may take it again
        def other_thread():
            with store_module.locked(root):
                order.append("other")

        thread = threading.Thread(target=other_thread)
        thread.start()
        time.sleep(0.3)
        order.append("first")  # the other thread is still waiting
    thread.join(timeout=30)
    assert order == ["first", "other"]


def test_a_lock_held_too_long_is_a_chinese_error(tmp_path, monkeypatch):
    root = tmp_path / "archive"
    root.mkdir()
    child = run_python(_HOLDER, str(root))
    try:
        wait_for_line(child, "LOCKED")
        monkeypatch.setattr(store_module, "LOCK_TIMEOUT_SECONDS", 0.2)
        with pytest.raises(ReportError, match="归档正被另一个进程写入"):
            add(root)
    finally:
        kill(child)
    assert revision_dirs(root) == []


def test_a_lock_file_that_is_a_folder_is_a_chinese_error(tmp_path):
    root = tmp_path / "archive"
    (root / store_module.LOCK_NAME).mkdir(parents=True)
    with pytest.raises(ReportError, match="无法锁定归档目录") as caught:
        add(root)
    assert ".lock 应是归档目录中的一个普通文件" in str(caught.value)
    assert revision_dirs(root) == []


# --- killed between the commit and the index insert --------------------------------------

_KILLED_AFTER_COMMIT = """
    import sys, time
    from pathlib import Path
    from reportgen.archive import service
    from tests.test_archive_store import add
    def stuck(self, ref, manifest, text):  # committed: folder renamed into place, not yet indexed
        print("COMMITTED", ref.key, flush=True)
        time.sleep(300)
    service.Archive.record = stuck
    add(Path(sys.argv[1]), text="被中断的归档：友城")
"""


def test_a_process_killed_between_commit_and_index_insert_is_indexed_by_the_next_opener(tmp_path, monkeypatch):
    root = tmp_path / "archive"
    add(root, year=2010, text="早先的报告")
    child = run_python(_KILLED_AFTER_COMMIT, str(root))
    key = wait_for_line(child, "COMMITTED").split()[1]
    kill(child)

    assert key == f"{OFFICE}/2011/r1" and (root / key / "manifest.json").is_file()
    assert len(markers(root)) == 1
    monkeypatch.setattr(store_module, "scan", lambda root: pytest.fail("the opener scanned every folder"))
    with Archive.open(root) as archive:  # the lock died with the process
        assert archive.notes == [CAUGHT_UP]
        (hit,) = archive.search("友城").hits
        assert (hit.row.path, hit.snippet) == (key, "被中断的归档：【友城】")
        assert [(row.year, row.revision) for row in archive.list()] == [(2010, 1), (2011, 1)]
    assert markers(root) == []
    monkeypatch.undo()
    with Archive.open(root) as archive:
        assert archive.notes == []  # once only
        assert archive.verify().ok and archive.notes == []
    assert add(root).revision == 2


_KILLED_BEFORE_RENAME = """
    import sys, time
    from pathlib import Path
    from reportgen.archive import store
    from tests.test_archive_store import add
    def stuck(source, target):  # marker written, folder not renamed yet
        print("MARKED", flush=True)
        time.sleep(300)
    store._move_into_place = stuck
    add(Path(sys.argv[1]), text="没有提交的版本")
"""


def test_a_marker_whose_commit_never_happened_is_dropped(tmp_path):
    root = tmp_path / "archive"
    add(root, year=2010)
    child = run_python(_KILLED_BEFORE_RENAME, str(root))
    wait_for_line(child, "MARKED")
    kill(child)
    assert len(markers(root)) == 1 and revision_dirs(root) == [f"{OFFICE}/2010/r1"]

    with Archive.open(root) as archive:
        assert archive.notes == []
        assert [(row.year, row.revision) for row in archive.list()] == [(2010, 1)]
        assert archive.search("没有提交").total == 0
    assert markers(root) == []
    assert add(root).revision == 1  # the number it would have had is free


def test_a_marker_cut_off_mid_write_is_dropped(tmp_path):
    root = tmp_path / "archive"
    add(root)
    (root / store_module.PENDING_DIR / "12345-cut").write_bytes(b"\xe5\x8d")  # half a character
    (root / store_module.PENDING_DIR / "12345-odd").write_bytes(b"../../etc/2011/r1")
    with Archive.open(root) as archive:
        assert archive.notes == [] and len(archive.list()) == 1
    assert markers(root) == []


def test_a_commit_whose_index_insert_failed_stays_pending(tmp_path, monkeypatch):
    root = tmp_path / "archive"
    monkeypatch.setattr(service_module.Archive, "record", lambda self, ref, manifest, text: False)
    archived = add(root, text="暂未编入索引的友城")
    monkeypatch.undo()
    assert archived.path.is_dir() and len(markers(root)) == 1
    with Archive.open(root, sync=False) as archive:  # a writer: leaves the catching up to readers
        assert archive.list() == []
    with Archive.open(root) as archive:
        assert archive.notes == [CAUGHT_UP]
        assert archive.search("友城").total == 1


def test_a_reader_waits_for_a_commit_in_progress(tmp_path, monkeypatch):
    """A marker seen while its commit is still running is looked at again under the lock."""
    root = tmp_path / "archive"
    add(root, year=2010)
    real_record = service_module.Archive.record
    reached, release = threading.Event(), threading.Event()

    def slow_record(self, ref, manifest, text):
        reached.set()
        release.wait(30)
        return real_record(self, ref, manifest, text)

    monkeypatch.setattr(service_module.Archive, "record", slow_record)
    writer = threading.Thread(target=add, args=(root,), kwargs={"text": "进行中的提交"})
    writer.start()
    assert reached.wait(30) and len(markers(root)) == 1
    seen = []

    def read():
        with Archive.open(root) as archive:  # a connection belongs to the thread that made it
            seen.append((archive.notes, archive.search("进行中的提交").total))

    reader = threading.Thread(target=read)
    reader.start()
    time.sleep(0.3)
    assert not seen  # waiting for the lock, not indexing the revision behind the writer's back
    release.set()
    writer.join(30)
    reader.join(30)
    assert seen == [([], 1)]  # the writer indexed it itself
    assert markers(root) == []


def test_a_file_where_the_markers_go_is_a_chinese_error(tmp_path):
    root = tmp_path / "archive"
    add(root, year=2010)
    (root / store_module.PENDING_DIR).rmdir()  # empty: the commit's marker is gone
    (root / store_module.PENDING_DIR).write_text("不是文件夹", encoding="utf-8")
    with pytest.raises(ReportError, match=r"“\.pending”应是一个文件夹"):
        add(root)
    assert revision_dirs(root) == [f"{OFFICE}/2010/r1"] and store_module.staging_folders(root) == []
    with Archive.open(root) as archive:  # readers are not troubled by it
        assert archive.notes == [] and len(archive.list()) == 1

"""The archive on disk: numbering, never overwriting, manifests, verify, path safety, crashes, races.

No PDF is rendered here: revisions are written through store_revision with
small generated files. The helpers at the top are shared by the other
test_archive_* modules.
"""

from __future__ import annotations

import dataclasses
import errno
import hashlib
import json
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from reportgen.archive import Archive, archive_root, previous_year_input, store_revision
from reportgen.archive import store as store_module
from reportgen.archive.manifest import Manifest, profile_digest, template_digest
from reportgen.compose.templates import shipped_templates_dir
from reportgen.errors import ReportError
from reportgen.layout import STANDARD
from reportgen.units import Mm, Pt
from tests.conftest import ROOT

OFFICE = "南昌市外事侨务办公室"


def add(root: Path, office: str = OFFICE, year: int = 2011, text: str = "今年以来，我办认真贯彻落实。", **kwargs):
    """Archive a small generated report (input/<year>.yaml + text) as the next revision."""
    if "files" not in kwargs:
        kwargs["files"] = {f"input/{year}.yaml": f"office: {office}\nyear: {year}\n".encode()}
        kwargs["input"] = f"input/{year}.yaml"
    return store_revision(root, office=office, year=year, title=f"{office}{year}年工作总结和{year + 1}年工作打算",
                          text=text, **kwargs)


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def revision_dirs(root: Path) -> list[str]:
    """Committed revision folders, found by hand (not by the store under test); staging folders excluded."""
    found = (p.relative_to(root) for p in root.glob("*/*/r*") if p.is_dir())
    return sorted(p.as_posix() for p in found if not p.parts[0].startswith(".") and re.fullmatch(r"r\d+", p.parts[2]))


def run_python(code: str, *args: str, **kwargs) -> subprocess.Popen:
    # cwd: the checkout, so that `reportgen` is the source tree (as tests/test_cli_and_publish.py does).
    return subprocess.Popen([sys.executable, "-c", textwrap.dedent(code), *args], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kwargs)


def dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


# --- numbering, layout, never overwriting ------------------------------------------


def test_revisions_are_numbered_and_never_overwritten(tmp_path):
    root = tmp_path / "archive"
    first = add(root, text="第一版的文字")
    r1 = root / OFFICE / "2011" / "r1"
    assert first.revision == 1 and first.path == r1
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in r1.rglob("*") if p.is_file()}

    second = add(root, text="第二版的文字")

    assert second.revision == 2 and second.path == root / OFFICE / "2011" / "r2"
    assert {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in r1.rglob("*") if p.is_file()} == before
    assert sorted(p.relative_to(r1).as_posix() for p in r1.rglob("*")) == [
        "input", "input/2011.yaml", "manifest.json", "text.txt",
    ]
    assert (second.path / "text.txt").read_text(encoding="utf-8") == "第二版的文字"
    assert [m.revision for m in (first.manifest, second.manifest)] == [1, 2]
    assert add(root, year=2012).revision == 1  # numbered per office and year


def test_folders_made_by_hand_keep_their_numbers(tmp_path):
    root = tmp_path / "archive"
    add(root)
    folder = root / OFFICE / "2011"
    (folder / "r3").mkdir()  # empty: rename(2) would silently replace it
    (folder / "r5").mkdir()
    (folder / "r5" / "note.txt").write_text("手工放的", encoding="utf-8")

    assert add(root).revision == 6
    assert not any((folder / "r3").iterdir())
    assert (folder / "r5" / "note.txt").read_text(encoding="utf-8") == "手工放的"


def test_a_taken_number_is_skipped_not_overwritten(tmp_path, monkeypatch):
    """Even if the claim goes wrong (no lock on some system), the rename refuses a taken folder."""
    root = tmp_path / "archive"
    first = add(root, text="原来的")
    monkeypatch.setattr(store_module, "revisions_in", lambda folder: [])  # every claim says "1"

    second = add(root, text="后来的")

    assert second.revision == 2
    assert (first.path / "text.txt").read_text(encoding="utf-8") == "原来的"
    assert json.loads((second.path / "manifest.json").read_bytes())["revision"] == 2


def test_bad_year_is_refused_before_anything_is_written(tmp_path):
    root = tmp_path / "archive"
    for year in (99, 12011, True):
        with pytest.raises(ReportError, match="年度"):
            add(root, year=year)
    assert not root.exists()


# --- manifest ------------------------------------------------------------------------


def test_manifest_lists_every_file_with_its_digest(tmp_path):
    archived = add(tmp_path / "archive", template_digest="t" * 64, profile_digest="p" * 64)
    raw = (archived.path / "manifest.json").read_bytes()
    data = json.loads(raw)

    assert list(data) == sorted(data)  # sorted keys
    assert OFFICE.encode() in raw  # UTF-8, not \\u escapes
    assert data["files"] == {name: hashlib.sha256((archived.path / name).read_bytes()).hexdigest()
                             for name in ("input/2011.yaml", "text.txt")}
    assert {k: data[k] for k in ("office", "year", "revision", "imported", "source_name", "input")} == {
        "office": OFFICE, "year": 2011, "revision": 1, "imported": False, "source_name": None,
        "input": "input/2011.yaml",
    }
    assert data["title"] == f"{OFFICE}2011年工作总结和2012年工作打算"
    assert data["template_digest"] == "t" * 64 and data["profile_digest"] == "p" * 64
    assert data["reportgen_version"] == "0.1.0"
    assert data["created"].endswith("Z") and len(data["created"]) == len("2024-05-01T08:30:00Z")
    assert Manifest.from_json(raw, "x") == archived.manifest


def test_damaged_manifest_is_a_chinese_error():
    for raw in (b"{", b"[]", json.dumps({"office": "x"}).encode(), b"\xff"):
        with pytest.raises(ReportError, match="归档清单"):
            Manifest.from_json(raw, "manifest.json")


def test_template_digest_follows_the_templates_used(tmp_path):
    shipped = template_digest(None)
    assert shipped == template_digest(None) and len(shipped) == 64
    same = tmp_path / "same"
    same.mkdir()
    (same / "report.xml.j2").write_bytes((shipped_templates_dir() / "report.xml.j2").read_bytes())
    assert template_digest(same) == shipped  # an override identical to the shipped file changes nothing
    changed = tmp_path / "changed"
    changed.mkdir()
    (changed / "report.xml.j2").write_bytes((shipped_templates_dir() / "report.xml.j2").read_bytes() + b"\n")
    assert template_digest(changed) != shipped


def test_profile_digest_follows_the_profile():
    assert profile_digest(STANDARD) == profile_digest(dataclasses.replace(STANDARD))
    assert profile_digest(STANDARD) != profile_digest(dataclasses.replace(STANDARD, line_pitch=Pt(28)))
    moved = dataclasses.replace(STANDARD.standard, margin_top=Mm(36))
    assert profile_digest(STANDARD) != profile_digest(dataclasses.replace(STANDARD, standard=moved))


# --- verify ----------------------------------------------------------------------------


def test_verify_catches_a_changed_byte_a_missing_file_and_an_extra_one(tmp_path):
    root = tmp_path / "archive"
    first, second = add(root, text="甲"), add(root, text="乙")
    with Archive.open(root) as archive:
        clean = archive.verify()
    assert clean.ok and clean.revisions == 2 and clean.files == 4

    target = first.path / "input" / "2011.yaml"
    data = bytearray(target.read_bytes())
    data[3] ^= 0x01  # one bit of one byte
    target.write_bytes(bytes(data))
    (second.path / "text.txt").unlink()
    (first.path / "备注.txt").write_text("后来放进去的", encoding="utf-8")

    with Archive.open(root) as archive:
        report = archive.verify()
    assert not report.ok
    found = {(f.path, f.problem) for f in report.findings}
    assert found == {(target, "changed"), (second.path / "text.txt", "missing"), (first.path / "备注.txt", "extra")}
    changed = next(f for f in report.findings if f.problem == "changed")
    assert changed.expected == first.manifest.files["input/2011.yaml"]
    assert changed.actual == hashlib.sha256(bytes(data)).hexdigest()
    assert "内容已改变" in str(changed) and changed.expected in str(changed) and changed.actual in str(changed)
    missing = next(f for f in report.findings if f.problem == "missing")
    assert "缺失" in str(missing)


def test_verify_reports_a_damaged_or_missing_manifest(tmp_path):
    root = tmp_path / "archive"
    first, second = add(root), add(root)
    (first.path / "manifest.json").write_text("{", encoding="utf-8")
    (second.path / "manifest.json").unlink()
    with Archive.open(root) as archive:
        report = archive.verify()
    assert sorted(f.path for f in report.findings) == [first.path / "manifest.json", second.path / "manifest.json"]
    assert all(f.problem == "manifest" for f in report.findings)


# --- path safety -----------------------------------------------------------------------


@pytest.mark.parametrize("office", [
    "../x", "../../逃出去", "a/../../b", "..", "/etc/passwd", "C:\\Windows\\x", ".hidden", "index.sqlite3", "  ",
])
def test_office_names_cannot_write_outside_the_archive(tmp_path, office):
    root = tmp_path / "archive"
    if not office.strip():
        with pytest.raises(ReportError, match="机关名称是空的"):
            add(root, office=office)
        return
    archived = add(root, office=office)

    assert archived.path.resolve().is_relative_to(root.resolve())
    assert sorted(p.name for p in tmp_path.iterdir()) == ["archive"]
    assert (root / "index.sqlite3").is_file()  # an office called index.sqlite3 did not take its place
    office_dir = archived.path.parent.parent
    assert office_dir.parent == root and not office_dir.name.startswith(".")
    assert archived.manifest.office == office  # the real name is kept in the manifest and the index
    with Archive.open(root) as archive:
        assert [row.office for row in archive.list()] == [office]
        assert archive.show(office, 2011).ref.path == archived.path


def test_an_unusable_archive_root_is_a_chinese_error(tmp_path, monkeypatch):
    not_a_folder = tmp_path / "归档"
    not_a_folder.write_text("一个文件", encoding="utf-8")
    with pytest.raises(ReportError, match="不是目录"):
        add(not_a_folder)

    def denied(*args, **kwargs):  # as for staff without write access (the tests run as root, so simulate it)
        raise PermissionError(errno.EACCES, "Permission denied", str(tmp_path / "archive"))

    monkeypatch.setattr(store_module.tempfile, "mkdtemp", denied)
    with pytest.raises(ReportError, match="没有权限写入归档") as caught:
        add(tmp_path / "archive")
    assert caught.value.problems[0].file == str(tmp_path / "archive")


def test_archive_root_flag_then_environment_then_default(monkeypatch):
    monkeypatch.delenv("REPORTGEN_ARCHIVE", raising=False)
    assert archive_root(None) == Path("output/archive")
    monkeypatch.setenv("REPORTGEN_ARCHIVE", "/srv/归档")
    assert archive_root(None) == Path("/srv/归档")
    assert archive_root("其他目录") == Path("其他目录")
    monkeypatch.setenv("REPORTGEN_ARCHIVE", "  ")
    assert archive_root(None) == Path("output/archive")


# --- crashes: nothing half-written ----------------------------------------------------


def test_a_failed_commit_leaves_no_half_revision(tmp_path, monkeypatch):
    root = tmp_path / "archive"

    def disk_full(source, target):
        assert sorted(p.name for p in source.iterdir()) == ["input", "manifest.json", "text.txt"]
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(store_module, "_move_into_place", disk_full)
    with pytest.raises(OSError):
        add(root)
    monkeypatch.undo()

    assert revision_dirs(root) == []
    assert store_module.staging_folders(root) == []  # the staging folder went with the error
    with Archive.open(root) as archive:
        assert archive.list() == [] and archive.verify().ok
    assert add(root).revision == 1


def stray_staging(root: Path, pid: int) -> Path:
    """What a process killed in the middle of archiving leaves behind."""
    folder = root / f".tmp-{pid}-k1ll3d"
    (folder / "revision").mkdir(parents=True)
    (folder / "revision" / "input.yaml").write_bytes(b"office: x\n")
    (folder / "revision" / "manifest.json").write_bytes(b'{"office": "x", "rev')  # cut off mid-write
    return folder


def test_a_killed_process_leaves_a_staging_folder_that_is_ignored_then_cleared(tmp_path):
    root = tmp_path / "archive"
    add(root, year=2010)
    killed = stray_staging(root, dead_pid())
    live = stray_staging(root, os.getppid())  # a process still at work: its folder must stay

    with Archive.open(root) as archive:
        assert [(row.year, row.revision) for row in archive.list()] == [(2010, 1)]
        report = archive.verify()
    assert report.ok and set(report.staging) == {killed, live}

    assert add(root).revision == 1  # the next commit is numbered as if nothing happened...
    assert not killed.exists() and live.exists()  # ...and clears the dead process's debris


# --- concurrency -----------------------------------------------------------------------

_COMMITTER = """
    import sys, time
    from pathlib import Path
    from tests.test_archive_store import add
    root, name, count, go = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3]), Path(sys.argv[4])
    while not go.exists():
        time.sleep(0.005)
    for n in range(count):
        add(root, text=f"{name}-{n}")
"""


def test_two_processes_committing_at_once_all_land(tmp_path):
    root = tmp_path / "archive"
    go = tmp_path / "go"
    count = 12
    children = [run_python(_COMMITTER, str(root), name, str(count), str(go)) for name in ("甲进程", "乙进程")]
    go.touch()  # both start together
    for child in children:
        _, err = child.communicate(timeout=120)
        assert child.returncode == 0, err

    folder = root / OFFICE / "2011"
    assert sorted(int(p.name[1:]) for p in folder.iterdir()) == list(range(1, 2 * count + 1))
    texts = sorted((folder / f"r{n}" / "text.txt").read_text(encoding="utf-8") for n in range(1, 2 * count + 1))
    assert texts == sorted(f"{name}-{n}" for name in ("甲进程", "乙进程") for n in range(count))
    with Archive.open(root) as archive:
        assert archive.notes == []  # every commit reached the index itself
        assert [row.revision for row in archive.list()] == list(range(1, 2 * count + 1))
        assert archive.verify().ok
        assert archive.search("甲进程").total == 1 and archive.search("乙进程", all_revisions=True).total == count
    assert store_module.staging_folders(root) == []


# --- the previous year's input, for year-on-year figures -------------------------------


def test_previous_year_input_is_the_latest_built_revision_of_last_year(tmp_path):
    root = tmp_path / "archive"
    assert previous_year_input(root, OFFICE, 2012) is None  # no archive at all
    add(root, files={"input/2011.yaml": b"first"}, input="input/2011.yaml")
    latest = add(root, files={"input/2011.yaml": b"second", "input/2011-ledger.csv": b"ledger"},
                 input="input/2011.yaml")
    add(root, imported=True, files={"original.pdf": b"%PDF-1.4"})  # imports have no YAML
    add(root, office=f"{OFFICE}.", files={"input/2011.yaml": b"another office, same folder"},  # safe_name drops "."
        input="input/2011.yaml")

    found = previous_year_input(root, OFFICE, 2012)
    assert found == latest.path / "input" / "2011.yaml" and found.read_bytes() == b"second"
    assert (found.parent / "2011-ledger.csv").read_bytes() == b"ledger"  # the files it reads are beside it
    assert previous_year_input(root, OFFICE, 2011) is None
    assert previous_year_input(root, "昆明市外事办公室", 2012) is None


def test_a_manifest_cannot_point_outside_its_revision(tmp_path):
    root = tmp_path / "archive"
    (tmp_path / "secret.yaml").write_text("office: x", encoding="utf-8")
    evil = add(root, files={"input/2011.yaml": b"x"}, input="input/2011.yaml")
    manifest = json.loads((evil.path / "manifest.json").read_bytes())
    manifest["files"]["../../../../secret.yaml"] = "0" * 64
    manifest["input"] = "../../../../secret.yaml"
    (evil.path / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")

    assert previous_year_input(root, OFFICE, 2012) is None
    with Archive.open(root) as archive:
        (finding,) = archive.verify().findings
    assert finding.problem == "manifest" and "不合法" in str(finding)
    with pytest.raises(ValueError):
        store_revision(root, office=OFFICE, year=2011, title="t", text="", files={"../x": b""})


def test_verify_names_a_file_it_cannot_read_and_goes_on(tmp_path, monkeypatch):
    root = tmp_path / "archive"
    first, second = add(root, text="甲"), add(root, text="乙")
    (first.path / "text.txt").unlink()
    (first.path / "text.txt").mkdir()  # a folder where a file should be: IsADirectoryError
    real = store_module.sha256_file

    def unreadable(path):
        if path == second.path / "input" / "2011.yaml":  # as for a file its user may not read
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(store_module, "sha256_file", unreadable)
    with Archive.open(root) as archive:
        report = archive.verify()
    assert {(f.path, f.problem) for f in report.findings} == {
        (first.path / "text.txt", "unreadable"), (second.path / "input" / "2011.yaml", "unreadable")}
    assert all("无法读取（" in str(f) for f in report.findings)

"""The editor's file handling without a server: round-trip YAML, the CSV grid, the workspace's walls."""

from __future__ import annotations

import datetime as dt
import difflib
import os

import pytest

from reportgen.web.ledger_grid import LedgerGrid
from reportgen.web.sessions import open_document
from reportgen.web.workspace import ChangedOnDisk, OutsideWorkspace, Workspace, digest
from reportgen.web.yamldoc import parse_path
from tests.web.conftest import INPUTS

INPUT_FILES = sorted(INPUTS.glob("*/*.yaml"))


def changed_lines(before: bytes, after: bytes) -> list[str]:
    diff = difflib.unified_diff(before.decode().splitlines(), after.decode().splitlines(), lineterm="", n=0)
    return [line for line in diff if line[:1] in "+-" and line[:3] not in ("+++", "---")]


@pytest.mark.parametrize("path", INPUT_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_untouched_file_is_written_back_byte_for_byte(path):
    raw = path.read_bytes()
    doc = open_document(raw, path.name)
    assert doc.exact
    assert doc.dump() == raw


def test_editing_one_paragraph_changes_that_line_only_and_keeps_its_quotes():
    raw = (INPUTS / "nanchang-waiqiao" / "2011.yaml").read_bytes()
    doc = open_document(raw, "2011.yaml")
    doc.set(("summary", "paragraphs", 0), "今年以来，我办工作取得了较大发展。")
    diff = changed_lines(raw, doc.dump())
    assert len(diff) == 2
    assert diff[0].startswith("-    - \"今年以来")
    assert diff[1] == '+    - "今年以来，我办工作取得了较大发展。"'


def test_new_key_goes_where_the_schema_puts_it_and_dates_stay_dates():
    raw = (INPUTS / "nanchang-waiqiao" / "2011.yaml").read_bytes()
    doc = open_document(raw, "2011.yaml")
    doc.set(("recipient",), "南昌市人民政府")
    doc.set(("date",), dt.date(2012, 3, 1))
    text = doc.dump().decode()
    lines = text.splitlines()
    assert lines.index("date: 2012-03-01") < lines.index("recipient: 南昌市人民政府")
    assert "# 南昌市外事侨务办公室 2011年工作总结" in text  # the comments stay


def test_a_new_text_with_a_line_break_is_a_block_scalar():
    doc = open_document(b"office: x\nyear: 2011\n", "x.yaml")
    doc.set(("title",), "第一行\n第二行")
    assert doc.dump().decode().endswith("title: |-\n  第一行\n  第二行\n")


def test_crlf_and_bom_are_kept():
    raw = "\ufeff# 注释\r\noffice: 某办\r\nyear: 2011\r\n".encode()
    doc = open_document(raw, "x.yaml")
    assert doc.dump() == raw
    doc.set(("office",), "另一个办")
    assert doc.dump() == "\ufeff# 注释\r\noffice: 另一个办\r\nyear: 2011\r\n".encode()


def test_a_file_load_refuses_is_refused_with_the_same_chinese_message():
    from reportgen.errors import ReportError

    with pytest.raises(ReportError) as caught:
        open_document(b"office: x\nyear: 2011\n  bad: [\n", "bad.yaml")
    assert caught.value.problems[0].file == "bad.yaml"
    assert "YAML 格式错误" in caught.value.problems[0].message


@pytest.mark.parametrize("text, path", [
    ("summary.sections[2].heading", ("summary", "sections", 2, "heading")),
    ("office", ("office",)),
    ("sister_cities[0]", ("sister_cities", 0)),
])
def test_field_paths_read_back_what_format_path_writes(text, path):
    from reportgen.load import format_path

    assert parse_path(text) == path
    assert format_path(path) == text


@pytest.mark.parametrize("bad", ["a..b", "a[x]", "a]", "[0"])
def test_malformed_field_paths_are_refused(bad):
    with pytest.raises(ValueError):
        parse_path(bad)


# --- the CSV ledger -------------------------------------------------------------------------


LEDGER = INPUTS / "nanchang-waiqiao" / "2011-ledger.csv"


def test_untouched_ledger_is_written_back_byte_for_byte():
    raw = LEDGER.read_bytes()
    assert LedgerGrid.parse("l.csv", raw, digest(raw)).dump() == raw


def test_editing_one_cell_changes_that_record_only():
    raw = LEDGER.read_bytes()
    grid = LedgerGrid.parse("l.csv", raw, digest(raw))
    grid.set_cell(0, grid.header.index("人数"), "13")
    diff = changed_lines(raw, grid.dump())
    assert diff == ["-接待来访,2011-04-12,英国访赣贸易投资代表团,英国,1,12,,,党宾外宾,,",
                    "+接待来访,2011-04-12,英国访赣贸易投资代表团,英国,1,13,,,党宾外宾,,"]


def test_a_ledger_longer_than_the_grid_is_refused_not_cut_short(monkeypatch):
    """Saving a grid that held only the first rows would drop the others from the file."""
    from reportgen.web import ledger_grid

    monkeypatch.setattr(ledger_grid, "MAX_ROWS", 3)
    raw = "类型,人数\n甲,1\n乙,2\n丙,3\n".encode()
    assert LedgerGrid.parse("l.csv", raw, None).dump() == raw
    with pytest.raises(ledger_grid.TooManyRows, match="超过 3 行"):
        LedgerGrid.parse("l.csv", raw + "丁,4\n".encode(), None)


def test_quoting_blank_lines_and_line_endings_of_other_records_are_kept():
    raw = '类型,对方,人数\r\n接待来访,"某团, 甲",3\r\n\r\n"接待来访","乙",4\r\n'.encode()
    grid = LedgerGrid.parse("l.csv", raw, None)
    assert [r.line for r in grid.rows] == [2, 4]
    grid.set_cell(1, 2, "5")
    grid.add_row(["外专邀请", "丙", "1"])
    assert grid.dump() == '类型,对方,人数\r\n接待来访,"某团, 甲",3\r\n\r\n接待来访,乙,5\r\n外专邀请,丙,1\r\n'.encode()
    grid.delete_row(0)
    assert grid.dump().decode().splitlines()[1:] == ["", "接待来访,乙,5", "外专邀请,丙,1"]


def test_ledger_problems_land_on_their_cells_and_totals_skip_bad_rows():
    from reportgen.catalogue import load_catalogue

    raw = LEDGER.read_bytes()
    grid = LedgerGrid.parse("l.csv", raw, None)
    catalogue = load_catalogue("foreign-affairs", LEDGER.parent)
    persons = grid.header.index("人数")
    channel = grid.header.index("渠道")
    grid.set_cell(0, persons, "十二")
    grid.set_cell(1, channel, "党宾")
    problems, result = grid.check(catalogue, 2011)
    where = {(p.row, p.column): p.problem.message for p in problems}
    assert where[(0, persons)] == "台账记录有误：人数“十二”请用阿拉伯数字书写（如 40多、1.6万）"
    assert where[(1, channel)] == "渠道“党宾”不是可选的值"
    totals = dict((name, text) for name, _, text in result.totals)
    assert totals["接待来访"]  # the other rows still add up


# --- the workspace's walls ------------------------------------------------------------------


@pytest.fixture
def ws(tmp_path) -> Workspace:
    root = tmp_path / "ws"
    (root / "office").mkdir(parents=True)
    (root / "office" / "2011.yaml").write_text("office: 某办\nyear: 2011\n", encoding="utf-8")
    (tmp_path / "secret.yaml").write_text("office: 机密\n", encoding="utf-8")
    return Workspace(root)


@pytest.mark.parametrize("bad", [
    "../secret.yaml", "office/../../secret.yaml", "/etc/passwd", "", "./../secret.yaml",
    "C:/Windows/win.ini", "office\\2011.yaml", "office/\x00.yaml",
])
def test_paths_outside_the_workspace_are_refused(ws, bad):
    with pytest.raises(OutsideWorkspace):
        ws.resolve(bad)


def test_symlinks_leading_outside_are_refused(ws, tmp_path):
    os.symlink(tmp_path / "secret.yaml", ws.root / "office" / "link.yaml")
    os.symlink(tmp_path, ws.root / "dirlink")
    with pytest.raises(OutsideWorkspace):
        ws.resolve("office/link.yaml")
    with pytest.raises(OutsideWorkspace):
        ws.resolve("dirlink/secret.yaml")
    # and they are not listed either
    listed = [i.path for f in ws.folders() for i in f.inputs]
    assert listed == ["office/2011.yaml"]


def test_a_symlink_inside_is_read_but_never_written_through(ws):
    os.symlink(ws.root / "office" / "2011.yaml", ws.root / "office" / "alias.yaml")
    assert ws.read("office/alias.yaml").startswith(b"office")
    with pytest.raises(OutsideWorkspace):
        ws.save("office/alias.yaml", b"x", digest(ws.read("office/alias.yaml")))


def test_save_keeps_the_previous_version_and_refuses_a_file_changed_since(ws):
    first = ws.read("office/2011.yaml")
    base = ws.save("office/2011.yaml", "office: 某办\nyear: 2012\n".encode(), digest(first))
    assert [ws.read_version("office/2011.yaml", v.stamp) for v in ws.versions("office/2011.yaml")] == [first]
    (ws.root / "office" / "2011.yaml").write_bytes(b"office: someone else\n")
    with pytest.raises(ChangedOnDisk):
        ws.save("office/2011.yaml", b"mine\n", base)
    assert ws.read("office/2011.yaml") == b"office: someone else\n"
    assert ws.free_name("office/2011.yaml", "我的修改") == "office/2011（我的修改）.yaml"
    with pytest.raises(OutsideWorkspace):
        ws.read_version("office/2011.yaml", "../../secret.yaml")
    assert not any(p.name.endswith(".part") for p in (ws.root / "office").iterdir())


def test_the_workspace_lists_offices_years_and_ledgers():
    folders = {f.path: f for f in Workspace(INPUTS).folders()}
    nanchang = folders["nanchang-waiqiao"]
    office = "南昌市外事侨务办公室"
    assert [(i.office, i.year) for i in nanchang.inputs] == [(office, 2011), (office, 2012)]
    assert nanchang.ledgers == ("nanchang-waiqiao/2011-ledger.csv", "nanchang-waiqiao/2012-ledger.csv")
    assert nanchang.latest().year == 2012


def test_stale_preview_drafts_are_removed_and_nothing_else(ws):
    old = ws.root / "office" / ".~reportgen-draft-abc.yaml"
    new = ws.root / "office" / ".~reportgen-draft-new.yaml"
    other = ws.root / "office" / ".hidden.yaml"
    for path in (old, new, other):
        path.write_text("x", encoding="utf-8")
    os.utime(old, (0, 0))
    assert ws.remove_stale_drafts(".~reportgen-draft-") == 1
    assert not old.exists() and new.exists() and other.exists()


def test_the_oldest_tab_is_forgotten_by_the_preview_too():
    from reportgen.web.sessions import MAX_SESSIONS, Sessions

    forgotten = []
    sessions = Sessions(on_evict=forgotten.append)
    raw = (INPUTS / "kunming-waiban" / "2019.yaml").read_bytes()
    first = sessions.open("a.yaml", raw)
    for _ in range(MAX_SESSIONS):
        sessions.open("a.yaml", raw)
    assert forgotten == [first.id] and sessions.get(first.id) is None

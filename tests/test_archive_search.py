"""The index: Chinese substrings of any length, filters, snippets, and an index that is never trusted blindly."""

from __future__ import annotations

import shutil
import sqlite3

import pytest

from reportgen.archive import Archive
from reportgen.archive import index as index_module
from reportgen.archive import store as store_module
from reportgen.errors import ReportError
from tests.test_archive_store import OFFICE, add

KUNMING = "昆明市外事办公室"
FILLER = "认真贯彻落实科学发展观，解放思想、真抓实干，对外交流取得新进展。"

# (office, year, text, imported)
REPORTS = [
    (OFFICE, 2010, FILLER + "接待老挝万象市代表团来访。" + FILLER, False),
    (OFFICE, 2011, FILLER + "友城工作扎实推进，为5家企业申办了APEC商务旅行卡。\n" + FILLER, False),
    (OFFICE, 2012, FILLER * 3, False),
    (KUNMING, 2009, "昆明与老挝琅勃拉邦缔结友城。" + FILLER, True),
    (KUNMING, 2011, FILLER + "赴老挝考察，与老挝有关方面座谈，友城交往日益密切。", False),
    (KUNMING, 2012, "新结友城两个。" + FILLER, False),
]


@pytest.fixture(scope="module")
def archive_root_dir(tmp_path_factory):
    root = tmp_path_factory.mktemp("search") / "archive"
    for office, year, text, imported in REPORTS:
        add(root, office=office, year=year, text=text, imported=imported)
    return root


@pytest.fixture()
def archive(archive_root_dir):
    with Archive.open(archive_root_dir) as opened:
        yield opened


@pytest.fixture()
def private_root(archive_root_dir, tmp_path):
    """A copy to damage."""
    root = tmp_path / "archive"
    shutil.copytree(archive_root_dir, root)
    return root


def found(result) -> list[tuple[str, int]]:
    return [(hit.row.office, hit.row.year) for hit in result.hits]


# --- queries ---------------------------------------------------------------------------


def test_two_character_queries_find_every_report(archive):
    assert found(archive.search("老挝")) == [(KUNMING, 2011), (OFFICE, 2010), (KUNMING, 2009)]  # newest year first
    # Within a year by office name, in code-point order (南 U+5357 before 昆 U+6606).
    assert found(archive.search("友城")) == [(KUNMING, 2012), (OFFICE, 2011), (KUNMING, 2011), (KUNMING, 2009)]


def test_two_character_queries_with_office_and_year_filters(archive):
    assert found(archive.search("老挝", office=KUNMING)) == [(KUNMING, 2011), (KUNMING, 2009)]
    assert found(archive.search("老挝", office="昆明")) == [(KUNMING, 2011), (KUNMING, 2009)]  # part of the name
    assert found(archive.search("友城", year=2011)) == [(OFFICE, 2011), (KUNMING, 2011)]
    assert found(archive.search("友城", office="南昌", year=2011)) == [(OFFICE, 2011)]
    assert found(archive.search("友城", office="南昌", year=2012)) == []


def test_three_character_queries_use_the_trigram_index_with_filters(archive):
    assert archive.index.trigram and archive.index.grams
    assert found(archive.search("友城工作")) == [(OFFICE, 2011)]
    assert found(archive.search("缔结友城")) == [(KUNMING, 2009)]
    assert found(archive.search("与老挝有关")) == [(KUNMING, 2011)]
    assert found(archive.search("真抓实干", office=OFFICE)) == [(OFFICE, 2012), (OFFICE, 2011), (OFFICE, 2010)]
    assert found(archive.search("真抓实干", office=KUNMING, year=2011)) == [(KUNMING, 2011)]
    assert found(archive.search("万象市", year=2011)) == []


def test_one_character_query(archive):
    assert found(archive.search("挝")) == found(archive.search("老挝"))


def test_hits_say_office_year_revision_kind_and_mark_the_match(archive):
    hit = archive.search("老挝", office=KUNMING, year=2011).hits[0]
    assert (hit.row.office, hit.row.year, hit.row.revision, hit.row.kind) == (KUNMING, 2011, 1, "built")
    assert hit.count == 2
    before, _, after = hit.snippet.partition("【老挝】")
    assert before.startswith("…") and len(before) == 1 + 20  # about 20 characters either side
    assert after == "考察，与老挝有关方面座谈，友城交往日益密…"
    assert archive.search("日益密切").hits[0].snippet.endswith("友城交往【日益密切】。")  # the text's end: no "…"
    imported = archive.search("缔结友城").hits[0]
    assert imported.row.kind == "imported" and imported.snippet.startswith("昆明与老挝琅勃拉邦【缔结友城】。")


def test_snippet_shows_line_breaks_as_spaces(archive):
    snippet = archive.search("APEC").hits[0].snippet
    assert "【APEC】商务旅行卡。 认真贯彻" in snippet


def test_latin_letters_match_either_case_on_both_paths(archive):
    for query in ("apec", "Apec", "ap", "AP"):
        result = archive.search(query)
        assert found(result) == [(OFFICE, 2011)], query
        assert "【APEC】" in result.hits[0].snippet or "【AP】" in result.hits[0].snippet


@pytest.mark.parametrize("query", [
    '"友城', "友城 OR 老挝", "AND", "友城*", "NEAR(友城 老挝)", "'; DROP TABLE documents; --",
])
def test_query_syntax_is_taken_literally(archive, query):
    assert archive.search(query).total == 0


def test_an_empty_query_is_a_chinese_error(archive):
    with pytest.raises(ReportError, match="检索词是空的"):
        archive.search("  ")


def test_limit_keeps_the_total(archive):
    result = archive.search("真抓实干", limit=2)
    assert len(result.hits) == 2 and result.total == 6


def test_a_report_shows_once_with_its_newest_matching_revision(private_root):
    add(private_root, year=2010, text="老挝，第二版。")
    add(private_root, year=2010, text="第三版不再提及。")
    with Archive.open(private_root) as archive:
        (hit,) = archive.search("老挝", office=OFFICE).hits
        assert (hit.row.revision, hit.earlier) == (2, 1)
        every = archive.search("老挝", office=OFFICE, all_revisions=True)
        assert [h.row.revision for h in every.hits] == [2, 1] and every.total == 2


def test_list_with_filters(archive):
    assert [(r.office, r.year, r.revision) for r in archive.list()] == sorted(
        (office, year, 1) for office, year, _, _ in REPORTS
    )
    assert [r.year for r in archive.list(office="昆明")] == [2009, 2011, 2012]
    assert [r.office for r in archive.list(year=2011)] == [OFFICE, KUNMING]
    assert archive.list(office="上海") == []


def test_without_trigram_every_query_scans_the_text(private_root, monkeypatch):
    monkeypatch.setattr(index_module, "trigram_supported", lambda: False)  # as on SQLite < 3.34
    with Archive.open(private_root) as archive:
        archive.reindex()
        assert not archive.index.trigram and archive.index.grams
        assert found(archive.search("友城工作")) == [(OFFICE, 2011)]
        assert found(archive.search("老挝", office=KUNMING)) == [(KUNMING, 2011), (KUNMING, 2009)]
        assert found(archive.search("apec")) == [(OFFICE, 2011)]


# --- the index is rebuilt, never trusted -----------------------------------------------


def expected_rows(root):
    with Archive.open(root) as archive:
        return archive.list()


def test_a_deleted_index_is_rebuilt(private_root):
    rows = expected_rows(private_root)
    (private_root / "index.sqlite3").unlink()
    with Archive.open(private_root) as archive:
        assert archive.notes == ["索引文件不存在，已从归档文件重建索引（6 个版本）"]
        assert archive.list() == rows
        assert found(archive.search("老挝", year=2010)) == [(OFFICE, 2010)]


@pytest.mark.parametrize("damage", ["garbage", "truncated", "zeroed pages", "empty"])
def test_a_corrupted_index_is_rebuilt(private_root, damage):
    rows = expected_rows(private_root)
    path = private_root / "index.sqlite3"
    data = path.read_bytes()
    if damage == "garbage":
        path.write_bytes(b"\x89 not a database " * 100)
    elif damage == "truncated":
        path.write_bytes(data[: len(data) // 3])
    elif damage == "zeroed pages":
        path.write_bytes(data[:4096] + b"\x00" * (len(data) - 4096))
    else:
        path.write_bytes(b"")
    with Archive.open(private_root) as archive:
        assert archive.list() == rows
        assert found(archive.search("友城工作")) == [(OFFICE, 2011)]
        assert found(archive.search("老挝", office="昆明")) == [(KUNMING, 2011), (KUNMING, 2009)]
        assert any("已从归档文件重建" in note for note in archive.notes), archive.notes


def test_damage_a_query_runs_into_rebuilds_the_index_and_answers(private_root, monkeypatch):
    """Damage the cheap checks at open cannot see surfaces as sqlite3.DatabaseError in a query."""
    rows = expected_rows(private_root)
    calls = []
    real_rows = index_module.Index.rows

    def damaged_once(self, *args, **kwargs):
        calls.append(self)
        if len(calls) == 1:
            raise sqlite3.DatabaseError("database disk image is malformed")
        return real_rows(self, *args, **kwargs)

    monkeypatch.setattr(index_module.Index, "rows", damaged_once)
    with Archive.open(private_root) as archive:
        assert archive.list() == rows
        assert archive.notes == ["索引文件已损坏（database disk image is malformed），已从归档文件重建索引"]
        assert calls[0] is not calls[1]  # asked again of the rebuilt index


def test_an_index_of_another_schema_version_is_rebuilt(private_root):
    with sqlite3.connect(private_root / "index.sqlite3") as db:
        db.execute("UPDATE meta SET value = '0' WHERE key = 'schema_version'")
    with Archive.open(private_root) as archive:
        assert archive.notes and "格式版本" in archive.notes[0]
        assert len(archive.list()) == len(REPORTS)


def test_verify_rebuilds_an_index_whose_text_was_changed_behind_its_back(private_root):
    with sqlite3.connect(private_root / "index.sqlite3") as db:
        db.execute("UPDATE texts SET text = '被改过的文字' WHERE id IN (SELECT id FROM documents WHERE year = 2010)")
    with Archive.open(private_root) as archive:
        assert archive.verify().ok  # the files are fine...
        assert archive.notes and "已从归档文件重建索引" in archive.notes[0]  # ...the index was not
        assert found(archive.search("老挝", year=2010)) == [(OFFICE, 2010)]


def drop_from_index(root, office, year):
    """Take a revision out of the index, as if its process was killed before the insert (and left no marker)."""
    index = index_module.Index.open(root / "index.sqlite3")
    try:
        index.remove([row.path for row in index.rows(office, year, exact_office=True)])
    finally:
        index.close()


def test_opening_reads_no_revision_folder(private_root, monkeypatch):
    def no_scan(root):
        raise AssertionError("Archive.open scanned the revision folders")

    monkeypatch.setattr(store_module, "scan", no_scan)
    with Archive.open(private_root) as archive:
        assert len(archive.list()) == len(REPORTS)
        assert found(archive.search("友城", year=2011)) == [(OFFICE, 2011), (KUNMING, 2011)]
        assert archive.notes == []


def test_verify_adds_revisions_missing_from_the_index_and_drops_vanished_ones(private_root):
    drop_from_index(private_root, KUNMING, 2012)
    shutil.rmtree(private_root / OFFICE / "2012")
    with Archive.open(private_root) as archive:
        assert archive.notes == []  # opening trusts the index...
        assert archive.verify().ok  # ...verify compares it with every folder
        assert archive.notes == [
            "索引中缺少 1 个版本，已从归档文件补入", "索引中有 1 个版本的目录已不存在，已从索引中删去",
        ]
        assert found(archive.search("新结友城")) == [(KUNMING, 2012)]
        assert (OFFICE, 2012) not in {(r.office, r.year) for r in archive.list()}


def test_a_hit_whose_folder_was_deleted_by_hand_is_dropped(private_root):
    shutil.rmtree(private_root / OFFICE / "2012")
    with Archive.open(private_root) as archive:
        assert found(archive.search("真抓实干", office=OFFICE)) == [(OFFICE, 2011), (OFFICE, 2010)]
        assert archive.notes == ["索引中有 1 个版本的目录已不存在，已从索引中删去"]
    with Archive.open(private_root) as archive:
        assert (OFFICE, 2012) not in {(r.office, r.year) for r in archive.list()}
        assert archive.notes == []


def test_show_of_a_revision_deleted_by_hand(private_root):
    add(private_root, year=2011, text="第二版")
    shutil.rmtree(private_root / OFFICE / "2011" / "r2")
    with Archive.open(private_root) as archive:
        info = archive.show(OFFICE, 2011)
        assert (info.ref.revision, info.revisions) == (1, (1,))
        assert archive.notes == ["索引中有 1 个版本的目录已不存在，已从索引中删去"]


def test_reindex_rebuilds_from_the_files(private_root):
    with Archive.open(private_root) as archive:
        assert archive.reindex() == len(REPORTS)
        assert len(archive.list()) == len(REPORTS)

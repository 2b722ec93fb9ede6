"""The index: Chinese substrings of any length, filters, snippets, and an index that is never trusted blindly."""

from __future__ import annotations

import shutil
import sqlite3

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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
    # 挝 stands only in 老挝: the same three reports, newest year first.
    assert found(archive.search("挝")) == found(archive.search("老挝")) == [(KUNMING, 2011), (OFFICE, 2010),
                                                                        (KUNMING, 2009)]


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


# --- one and two characters from the gram table, checked against a plain substring test --------


def statements(archive) -> list[str]:
    """The SQL the index runs from now on."""
    seen: list[str] = []
    archive.index._db.set_trace_callback(seen.append)
    return seen


@pytest.mark.parametrize("query", ["友城", "老挝", "挝", "友", "Ap", "，与", "5家"])
def test_short_queries_are_answered_from_the_gram_table(archive, query):
    sql = statements(archive)
    result = archive.search(query)
    searches = [s for s in sql if "sort_key" in s]
    assert len(searches) == 1 and "documents_grams MATCH" in searches[0] and "instr(" not in searches[0]
    expected = {(office, year) for office, year, text, _ in REPORTS if query.lower() in text.lower()}
    assert set(found(result)) == expected and expected


def test_chinese_words_that_trigrams_alone_miss():
    """Two-character words at the very start and end of a text, beside punctuation and line breaks,
    and inside longer words, where a trigram tokenizer has no token for them."""
    texts = {
        2001: "友城",  # the whole text: no trigram at all
        2002: "与万象结为友城。",
        2003: "侨务\n工作",  # across a line break, 务\n工 is no word
        2004: "（老挝）",
        2005: "城友",  # the same characters the other way round
        2006: "𠀀𠀁",  # CJK Extension B: two UTF-16 code units each, one character
    }
    index = index_module.Index.build_in_memory(
        index_module.IndexEntry(path=f"x/{year}/r1", office=OFFICE, year=year, revision=1, kind="built",
                                title="t", created="c", text=text) for year, text in texts.items())
    assert index.grams

    def years(query):
        return sorted(hit.row.year for hit in index.search(query).hits)

    assert years("友城") == [2001, 2002]
    assert years("城友") == [2005]
    assert years("友") == [2001, 2002, 2005]
    assert years("工作") == [2003] and years("务工") == [] and years("务") == [2003]
    assert years("老挝") == [2004] and years("（老") == [2004] and years("挝）") == [2004]
    assert years("𠀀𠀁") == [2006] and years("𠀁") == [2006]
    assert years("。") == [2002]
    hit = index.search("友城").hits[0]
    assert hit.row.year == 2002 and hit.snippet == "与万象结为【友城】。"


def test_pair_tokens():
    assert index_module.pair_tokens("友城。") == "友城 城。 友 城 。 "
    assert index_module.pair_tokens("") == "" and index_module.pair_tokens("a") == "a "


# Few characters, so that random texts share words; ASCII letters in both cases; white space and
# the characters FTS syntax gives meaning to.
_ALPHABET = "友城老挝工作交流，。、（）aAbB1 \n\"*'-"


@settings(max_examples=60, deadline=None)
@given(texts=st.lists(st.text(alphabet=_ALPHABET, max_size=30), min_size=1, max_size=6),
       queries=st.lists(st.text(alphabet=_ALPHABET, min_size=1, max_size=6), min_size=1, max_size=12),
       trigram=st.booleans())
def test_every_query_finds_exactly_the_texts_that_contain_it(texts, queries, trigram):
    entries = [index_module.IndexEntry(path=f"x/{2000 + n}/r1", office=OFFICE, year=2000 + n, revision=1,
                                       kind="built", title="t", created="c", text=text)
               for n, text in enumerate(texts)]
    real = index_module.trigram_supported
    index_module.trigram_supported = lambda: trigram and real()  # both the trigram path and the fallback
    try:
        index = index_module.Index.build_in_memory(entries)
    finally:
        index_module.trigram_supported = real
    fold = str.maketrans("AB", "ab")  # ASCII letters match either case, nothing else folds
    for query in queries + [text[:2] for text in texts if text] + [text[-1:] for text in texts if text]:
        result = index.search(query, limit=100)
        expected = sorted((2000 + n for n, text in enumerate(texts) if query.translate(fold) in text.translate(fold)),
                          reverse=True)
        assert [hit.row.year for hit in result.hits] == expected, (query, texts)
        assert result.total == len(expected)
        for hit in result.hits:
            text = texts[hit.row.year - 2000]
            assert hit.count == text.translate(fold).count(query.translate(fold))
            assert "【" + query.translate(fold) in hit.snippet.translate(fold)


def test_a_revision_removed_from_the_index_is_no_longer_found(private_root):
    drop_from_index(private_root, KUNMING, 2012)
    with Archive.open(private_root) as archive:
        assert found(archive.search("新结")) == []  # gram table
        assert found(archive.search("新结友城")) == []  # trigram table
        assert found(archive.search("友城", year=2012)) == []
        assert archive.index.check() is None


def test_the_hits_of_a_common_word_come_in_order_with_their_counts(private_root):
    for text in ("真抓实干，第二版", "第三版"):
        add(private_root, office=KUNMING, year=2011, text=text)
    with Archive.open(private_root) as archive:
        result = archive.search("真抓")
        assert [(h.row.office, h.row.year, h.row.revision, h.earlier) for h in result.hits] == [
            (OFFICE, 2012, 1, 0), (KUNMING, 2012, 1, 0), (OFFICE, 2011, 1, 0), (KUNMING, 2011, 2, 1),
            (OFFICE, 2010, 1, 0), (KUNMING, 2009, 1, 0),
        ]
        assert result.total == 6
        every = archive.search("真抓", all_revisions=True)
        assert [(h.row.office, h.row.year, h.row.revision) for h in every.hits][2:5] == [
            (OFFICE, 2011, 1), (KUNMING, 2011, 2), (KUNMING, 2011, 1)]
        assert every.total == 7


def test_a_new_office_sorts_among_the_others(private_root):
    add(private_root, office="北京市外事办公室", year=2011, text="真抓实干")  # 北 U+5317 before 南 and 昆
    with Archive.open(private_root) as archive:
        assert [hit.row.office for hit in archive.search("真抓实干", year=2011).hits] == [
            "北京市外事办公室", OFFICE, KUNMING]
        assert archive.index.check() is None

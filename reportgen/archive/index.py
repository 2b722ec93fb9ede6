"""The search index: one SQLite file in the archive root, derived from the revisions.

Tables:
- `documents`: one small row per revision (folder, office, year, number, kind,
  title, time) and its sort_key, one integer that orders the hits: newest
  year first, then office (by its place in `offices`, the names in code-point
  order), then newest revision first. Sorting 10,000 hits of a common word by
  an integer, and finding a report's revisions side by side, is a third of the
  time of sorting them by the office's name. The texts live apart, in
  `texts`, so that none of this reads a page of text.
- `documents_fts`: FTS5 with the trigram tokenizer over `texts` (external
  content, the text stored once). Answers queries of three characters or more.
- `documents_grams`: FTS5, contentless, detail=none: for each revision, every
  distinct character and every distinct pair of adjacent characters as one
  token. Answers queries of one or two characters, which trigrams cannot
  (docs/archive.md, and ../shared/spec/pitfalls.md). detail=none keeps only
  which revisions hold a token, no positions: a two-character query is one
  token, so positions would add size and nothing else.

The pair tokens are made here (pair_tokens) and split by FTS5's `ascii`
tokenizer with every printable ASCII character a token character: only ASCII
white space and control characters separate tokens, and ASCII letters fold
to lower case, as the trigram tokenizer folds them.

The index is never the truth: anything wrong with it (missing, not a
database, malformed, another schema version, FTS5 gone from this SQLite)
raises IndexUnusable, and the caller rebuilds it from the files.
"""

from __future__ import annotations

import array
import contextlib
import os
import re
import sqlite3
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

SCHEMA_VERSION = "3"  # 3: texts apart, the gram table, sort keys
BUSY_TIMEOUT_MS = 30_000  # a commit holds the write lock for milliseconds; a rebuild for seconds
TRIGRAM_MIN_SQLITE = (3, 34, 0)  # the trigram tokenizer appeared in SQLite 3.34.0
SNIPPET_CHARS = 20
_SQLITE_MAGIC = b"SQLite format 3\x00"
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
_IDS_PER_QUERY = 500  # SQLite allows 32,766 bound values; stay far below
_UTF32 = "utf-32-le" if sys.byteorder == "little" else "utf-32-be"  # array("I") is native order
_SPACE = ord(" ")

# Every printable ASCII character that is not a letter or digit: token characters
# for the gram table, so that only white space and control characters separate.
_GRAM_PUNCTUATION = "".join(c for c in map(chr, range(33, 127)) if not c.isalnum())
_GRAM_TOKENIZER = "ascii tokenchars " + "'" + _GRAM_PUNCTUATION.replace("'", "''") + "'"

_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE documents (
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL UNIQUE,       -- the revision folder relative to the root
    office TEXT NOT NULL,
    year INTEGER NOT NULL,
    revision INTEGER NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('built', 'imported')),
    title TEXT NOT NULL,
    created TEXT NOT NULL,
    sort_key INTEGER NOT NULL  -- _SORT_KEY
);
CREATE INDEX documents_by_report ON documents (office, year, revision);
CREATE TABLE offices (name TEXT PRIMARY KEY, ordinal INTEGER NOT NULL) WITHOUT ROWID;  -- ordinal: place by name
CREATE TABLE texts (id INTEGER PRIMARY KEY, text TEXT NOT NULL);  -- id: the document's
"""
_TRIGRAM_SCHEMA = ("CREATE VIRTUAL TABLE documents_fts USING fts5("
                   "text, content='texts', content_rowid='id', tokenize='trigram')")
# (3000 - year) << 52 | office's ordinal << 30 | (2^30 - 1 - revision): ascending is the order of the
# hits. Clamped so that a damaged manifest's year or number only sorts oddly; the office bits
# hold 4 million names. A report (office, year) is sort_key >> 30.
_REPORT_SHIFT = 30
_SORT_KEY = ("(max(0, min(2047, 3000 - year)) << 52)"
             " | ((SELECT o.ordinal FROM offices o WHERE o.name = documents.office) << 30)"
             " | max(0, 1073741823 - revision)")
_GRAMS_SCHEMA = ("CREATE VIRTUAL TABLE documents_grams USING fts5(grams, content='', detail=none, tokenize="
                 + '"' + _GRAM_TOKENIZER.replace('"', '""') + '")')


class IndexUnusable(Exception):
    """The index file cannot be trusted; the message (Chinese) says why."""


class IndexNotWritable(Exception):
    """A new index cannot be written where it belongs (read-only folder, full disk); the message (Chinese) says why."""


@dataclass(frozen=True)
class Row:
    """One revision as the index lists it."""

    path: str
    office: str
    year: int
    revision: int
    kind: str
    title: str
    created: str


@dataclass(frozen=True)
class IndexEntry(Row):
    """A revision with its text, as it goes into the index."""

    text: str


@dataclass(frozen=True)
class Hit:
    row: Row
    snippet: str  # the match marked 【…】 with about 20 characters either side
    count: int  # occurrences in this revision's text
    earlier: int  # older revisions of the same report that match too (collapsed)


@dataclass(frozen=True)
class SearchResult:
    hits: tuple[Hit, ...]
    total: int  # reports (or revisions with all_revisions) that match, before the limit


def trigram_supported() -> bool:
    return sqlite3.sqlite_version_info >= TRIGRAM_MIN_SQLITE


def pair_tokens(text: str) -> str:
    """The gram table's document for `text`: every adjacent pair of characters, then every character, as tokens.

    "友城。" gives "友城 城。 友 城 。 ". Built with array slicing rather than a
    Python string per pair (a tenth of the time; FTS5 itself keeps each token
    once per revision). A pair holding white space splits into its other
    character, a token of its own anyway; queries with white space or control
    characters inside never use this table (_gram_query).
    """
    codes = array.array("I")
    codes.frombytes(text.encode(_UTF32))
    n = len(codes)
    if n == 0:
        return ""
    tokens = array.array("I", [_SPACE]) * (3 * (n - 1) + 2 * n)
    pairs_end = 3 * (n - 1)
    tokens[0:pairs_end:3] = codes[:-1]
    tokens[1:pairs_end:3] = codes[1:]
    tokens[pairs_end::2] = codes
    return tokens.tobytes().decode(_UTF32)


class Index:
    def __init__(self, path: Path | None, connection: sqlite3.Connection, trigram: bool, grams: bool):
        self.path = path  # None: built in memory (an archive whose folder cannot be written)
        self._db = connection
        self.trigram = trigram
        self.grams = grams
        self._identity = _identity(path) if path else None

    def is_current(self) -> bool:
        """Whether `path` is still the file this connection reads (a rebuild renames a new one over it)."""
        return self.path is None or _identity(self.path) == self._identity

    # --- opening and building ------------------------------------------------------

    @classmethod
    def open(cls, path: Path) -> Index:
        """Open an existing index, or raise IndexUnusable saying what is wrong with it.

        Cheap checks only (header, schema version, FTS5 usable): a full
        integrity check reads every page, so it runs in `archive verify`
        (check()); damage that a query runs into raises sqlite3.DatabaseError,
        and service.Archive rebuilds then. The caller has made sure `path` is
        not a folder or a FIFO (opening a FIFO would wait forever).
        """
        try:
            with path.open("rb") as handle:
                magic = handle.read(len(_SQLITE_MAGIC))
        except FileNotFoundError:
            raise IndexUnusable("索引文件不存在") from None
        except OSError as err:
            raise IndexUnusable(f"无法读取索引文件（{err.strerror}）") from None
        if magic != _SQLITE_MAGIC:
            raise IndexUnusable("索引文件已损坏（不是 SQLite 数据库）")
        try:
            db = _connect(path)
        except sqlite3.Error as err:
            raise IndexUnusable(f"无法打开索引文件（{str(err)[:80]}）") from None
        try:
            meta = dict(db.execute("SELECT key, value FROM meta").fetchall())
            if meta.get("schema_version") != SCHEMA_VERSION:
                raise IndexUnusable(f"索引的格式版本（{meta.get('schema_version')}）与本程序（{SCHEMA_VERSION}）不同")
            trigram, grams = meta.get("trigram") == "1", meta.get("grams") == "1"
            # Made by an SQLite with FTS5 (and trigrams); this one may lack them.
            if trigram:
                db.execute("SELECT rowid FROM documents_fts WHERE documents_fts MATCH '\"abc\"' LIMIT 1").fetchall()
            if grams:
                db.execute("SELECT rowid FROM documents_grams WHERE documents_grams MATCH '\"ab\"' LIMIT 1").fetchall()
        except IndexUnusable:
            db.close()
            raise
        except sqlite3.Error as err:
            db.close()
            raise IndexUnusable(f"索引文件已损坏（{str(err)[:80]}）") from None
        return cls(path, db, trigram, grams)

    def check(self) -> str | None:
        """Full check: every page, the FTS indexes, every document with its text. None if sound."""
        try:
            status = self._db.execute("PRAGMA integrity_check").fetchone()[0]
            if status != "ok":
                return f"索引文件已损坏（{status}）"
            if self.trigram:
                # rank 1: also compare with the content table (catches a text changed behind FTS's back).
                self._db.execute("INSERT INTO documents_fts (documents_fts, rank) VALUES ('integrity-check', 1)")
            if self.grams:  # contentless: its own structure only
                self._db.execute("INSERT INTO documents_grams (documents_grams) VALUES ('integrity-check')")
            places = [place for _, place in self._ordinals()]
            (unsorted,) = self._db.execute(f"SELECT count(*) FROM documents WHERE sort_key != {_SORT_KEY}").fetchone()
            if places != list(range(len(places))) or unsorted:
                return "索引文件已损坏（排序键与机关、年度、版本号不符）"
            (unpaired,) = self._db.execute(
                "SELECT (SELECT count(*) FROM documents WHERE id NOT IN (SELECT id FROM texts))"
                " + (SELECT count(*) FROM texts WHERE id NOT IN (SELECT id FROM documents))").fetchone()
            if unpaired:
                return f"索引文件已损坏（{unpaired} 个版本的文字与目录不对应）"
        except sqlite3.DatabaseError as err:
            return f"索引文件已损坏（{str(err)[:80]}）"
        return None

    @classmethod
    def build(cls, path: Path, entries: Iterable[IndexEntry]) -> int:
        """Write a fresh index beside `path` and rename it over the old one. Caller holds the archive lock.

        IndexNotWritable if the folder (or the disk) takes no new file; nothing is left behind then.
        """
        tmp = path.with_name(f".{path.name}.{os.getpid()}.new")
        try:
            tmp.unlink(missing_ok=True)
            db = _connect(tmp)
            try:
                # A file nobody reads until the rename below: no journal, no syncs
                # while it fills; one fsync of the finished file before the rename.
                db.execute("PRAGMA journal_mode = OFF")
                db.execute("PRAGMA synchronous = OFF")
                count = cls._create(tmp, db).add(entries, optimize=True)
            finally:
                db.close()
            _fsync_file(tmp)
            # A rollback journal left by a crashed writer of the old file would be
            # "replayed" into the new one: remove it before the rename.
            for suffix in ("-journal", "-wal", "-shm"):
                path.with_name(path.name + suffix).unlink(missing_ok=True)
            os.replace(tmp, path)
        except (OSError, sqlite3.OperationalError) as err:
            with contextlib.suppress(OSError):
                tmp.unlink(missing_ok=True)
            if isinstance(err, sqlite3.OperationalError) and error_code(err) not in _NOT_WRITABLE:
                raise
            raise IndexNotWritable(f"无法写入索引文件（{describe(err)}）") from None
        return count

    @classmethod
    def build_in_memory(cls, entries: Iterable[IndexEntry]) -> Index:
        """An index held in memory only: for an archive whose folder this process cannot write."""
        db = sqlite3.connect(":memory:", isolation_level=None)
        index = cls._create(None, db)
        index.add(entries, optimize=True)
        return index

    @classmethod
    def _create(cls, path: Path | None, db: sqlite3.Connection) -> Index:
        db.executescript(_SCHEMA)
        trigram = trigram_supported() and _try(db, _TRIGRAM_SCHEMA)
        grams = _try(db, _GRAMS_SCHEMA)  # any SQLite with FTS5
        db.executemany("INSERT INTO meta (key, value) VALUES (?, ?)", [
            ("schema_version", SCHEMA_VERSION), ("trigram", "1" if trigram else "0"), ("grams", "1" if grams else "0"),
        ])
        return cls(path, db, trigram, grams)

    def close(self) -> None:
        self._db.close()

    # --- writing -------------------------------------------------------------------

    def add(self, entries: Iterable[IndexEntry], optimize: bool = False) -> int:
        """Insert revisions (one transaction); ones already present are left alone."""
        with self._transaction():
            known = len(self._ordinals())
            count = sum(self._insert(entry) for entry in entries)
            if len(self._ordinals()) != known:  # a new office: the places of the names after it moved
                self._renumber_offices()
        if optimize:  # after a bulk insert: merge the b-trees it left into one per table
            for table in ("documents_fts",) * self.trigram + ("documents_grams",) * self.grams:
                self._db.execute(f"INSERT INTO {table} ({table}) VALUES ('optimize')")
        return count

    def remove(self, paths: Iterable[str]) -> None:
        with self._transaction():
            for path in paths:
                row = self._db.execute("SELECT d.id, t.text FROM documents d LEFT JOIN texts t ON t.id = d.id"
                                       " WHERE d.path = ?", (path,)).fetchone()
                if row is None:
                    continue
                doc_id, text = row[0], row[1] or ""
                # The FTS tables must be told the text they indexed, to remove its tokens.
                if self.trigram:
                    self._db.execute("INSERT INTO documents_fts (documents_fts, rowid, text) VALUES ('delete', ?, ?)",
                                     (doc_id, text))
                if self.grams:
                    self._db.execute("INSERT INTO documents_grams (documents_grams, rowid, grams)"
                                     " VALUES ('delete', ?, ?)", (doc_id, pair_tokens(text)))
                self._db.execute("DELETE FROM texts WHERE id = ?", (doc_id,))
                self._db.execute("DELETE FROM documents WHERE id = ?", (doc_id,))

    def _insert(self, entry: IndexEntry) -> int:
        # A new office goes in at the end for now; add() renumbers once, after the last insert.
        self._db.execute("INSERT OR IGNORE INTO offices (name, ordinal) VALUES (?, (SELECT count(*) FROM offices))",
                         (entry.office,))
        cursor = self._db.execute(
            "INSERT OR IGNORE INTO documents (path, office, year, revision, kind, title, created, sort_key)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, 0)",
            (entry.path, entry.office, entry.year, entry.revision, entry.kind, entry.title, entry.created),
        )
        if cursor.rowcount != 1:
            return 0
        doc_id = cursor.lastrowid
        self._db.execute(f"UPDATE documents SET sort_key = {_SORT_KEY} WHERE id = ?", (doc_id,))
        self._db.execute("INSERT INTO texts (id, text) VALUES (?, ?)", (doc_id, entry.text))
        if self.trigram:
            self._db.execute("INSERT INTO documents_fts (rowid, text) VALUES (?, ?)", (doc_id, entry.text))
        if self.grams:
            self._db.execute("INSERT INTO documents_grams (rowid, grams) VALUES (?, ?)",
                             (doc_id, pair_tokens(entry.text)))
        return 1

    def _ordinals(self) -> list[tuple[str, int]]:
        return self._db.execute("SELECT name, ordinal FROM offices ORDER BY name").fetchall()

    def _renumber_offices(self) -> None:
        """Give every office its place by name, and every revision the sort key that follows from it."""
        self._db.executemany("UPDATE offices SET ordinal = ? WHERE name = ?",
                             [(place, name) for place, (name, _) in enumerate(self._ordinals())])
        self._db.execute(f"UPDATE documents SET sort_key = {_SORT_KEY}")

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[None]:
        # IMMEDIATE takes the write lock up front: two writers queue on busy_timeout
        # instead of one failing with "database is locked" on its first write.
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self._db.rollback()
            raise
        self._db.commit()

    # --- reading -------------------------------------------------------------------

    def count(self) -> int:
        return self._db.execute("SELECT count(*) FROM documents").fetchone()[0]

    def paths(self) -> set[str]:
        return {path for (path,) in self._db.execute("SELECT path FROM documents")}

    def has(self, path: str) -> bool:
        return self._db.execute("SELECT 1 FROM documents WHERE path = ?", (path,)).fetchone() is not None

    def rows(self, office: str | None = None, year: int | None = None, exact_office: bool = False) -> list[Row]:
        clauses, params = _filters(office, year, exact_office)
        sql = f"SELECT {_ROW_COLUMNS} FROM documents d {_where(clauses)} ORDER BY d.office, d.year, d.revision"
        return [Row(*row) for row in self._db.execute(sql, params)]

    def search(self, query: str, office: str | None = None, year: int | None = None,
               limit: int = 50, all_revisions: bool = False) -> SearchResult:
        """Revisions whose text contains `query`; by default the newest matching revision of each report.

        Order: newest year first, then office, then newest revision. Only the
        sort key and id of every match is read; the rows and texts of the hits
        shown are fetched afterwards, so a word in every report costs a sort of
        integers, not a read of every text.
        """
        source, clauses, params = self._matching(query)
        filters, filter_params = _filters(office, year, exact_office=False)
        sql = f"SELECT d.sort_key, d.id FROM {source} {_where(clauses + filters)} ORDER BY d.sort_key, d.id"
        groups: list[list[int]] = []  # [newest matching id, matches] of each report (or revision), in order
        last = None
        for sort_key, doc_id in self._db.execute(sql, params + filter_params):
            report = doc_id if all_revisions else sort_key >> _REPORT_SHIFT
            if report == last:  # the same report's revisions are side by side, newest first
                groups[-1][1] += 1
            else:
                groups.append([doc_id, 1])
                last = report
        shown = groups[:limit]
        ids = [doc_id for doc_id, _ in shown]
        rows = {doc_id: Row(*row)
                for doc_id, *row in self._by_ids(f"SELECT d.id, {_ROW_COLUMNS} FROM documents d", ids)}
        texts = dict(self._by_ids("SELECT d.id, d.text FROM texts d", ids))
        hits = []
        for doc_id, matches in shown:
            snippet, count = make_snippet(texts[doc_id], query)
            hits.append(Hit(rows[doc_id], snippet, count, matches - 1))
        return SearchResult(tuple(hits), len(groups))

    def _matching(self, query: str) -> tuple[str, list[str], list]:
        """FROM and WHERE for the revisions whose text contains `query` (`d` is documents)."""
        if self.trigram and len(query) >= 3:
            # A phrase string: the query is matched as text, no FTS syntax (AND, *, -) applies.
            return "documents_fts f JOIN documents d ON d.id = f.rowid", ["documents_fts MATCH ?"], [_phrase(query)]
        gram_query = _gram_query(query) if self.grams else None
        if gram_query is not None and len(query) <= 2:  # one token: the gram table's answer is exact
            return "documents_grams g JOIN documents d ON d.id = g.rowid", ["documents_grams MATCH ?"], [gram_query]
        source, clauses, params = "documents d JOIN texts t ON t.id = d.id", [], []
        if gram_query is not None:  # an SQLite without trigrams: revisions holding every pair, then the text decides
            source = "documents_grams g JOIN documents d ON d.id = g.rowid JOIN texts t ON t.id = d.id"
            clauses, params = ["documents_grams MATCH ?"], [gram_query]
        if re.search("[A-Za-z]", query):
            # ASCII letters match either case, as both tokenizers fold them. SQLite's
            # lower() folds ASCII only, as the tokenizers do.
            clauses.append("instr(lower(t.text), ?) > 0")
            params.append(query.translate(_ASCII_LOWER))
        else:
            clauses.append("instr(t.text, ?) > 0")
            params.append(query)
        return source, clauses, params

    def _by_ids(self, select: str, ids: Sequence[int]) -> Iterator[tuple]:
        for start in range(0, len(ids), _IDS_PER_QUERY):
            chunk = ids[start:start + _IDS_PER_QUERY]
            yield from self._db.execute(f"{select} WHERE d.id IN ({', '.join('?' * len(chunk))})", chunk)


_ROW_COLUMNS = "d.path, d.office, d.year, d.revision, d.kind, d.title, d.created"


def _phrase(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _gram_query(query: str) -> str | None:
    """The gram table's MATCH for `query`: its pairs (or its one character), all required.

    None if the query holds ASCII white space or a control character, which
    the gram tokenizer treats as a separator (such queries scan the text).
    """
    if any(ord(c) <= 32 or ord(c) == 127 for c in query):
        return None
    if len(query) <= 2:
        return _phrase(query)
    pairs = dict.fromkeys(query[i:i + 2].translate(_ASCII_LOWER) for i in range(len(query) - 1))
    return " ".join(_phrase(pair) for pair in pairs)  # implicit AND


def _filters(office: str | None, year: int | None, exact_office: bool) -> tuple[list[str], list]:
    clauses: list[str] = []
    params: list = []
    if office:
        # Staff type part of the name (南昌); `show` asks for the exact one first.
        clauses.append("d.office = ?" if exact_office else "instr(d.office, ?) > 0")
        params.append(office)
    if year is not None:
        clauses.append("d.year = ?")
        params.append(year)
    return clauses, params


def _where(clauses: list[str]) -> str:
    return "WHERE " + " AND ".join(clauses) if clauses else ""


def make_snippet(text: str, query: str) -> tuple[str, int]:
    """About 20 characters either side of the first match, marked 【…】, and the number of matches."""
    if query.lower() == query.upper():  # no letters with case (Chinese): plain, fast str methods
        first, count = text.find(query), text.count(query)
        span = (first, first + len(query))
    else:  # the tokenizers fold case: so does the snippet
        found = list(re.finditer(re.escape(query), text, re.IGNORECASE))
        count = len(found)
        span = found[0].span() if found else (-1, -1)
    if span[0] < 0:  # a match the SQL saw that Python's folding does not: show the start
        return _flat(text[: 2 * SNIPPET_CHARS]), 0
    start = max(0, span[0] - SNIPPET_CHARS)
    end = min(len(text), span[1] + SNIPPET_CHARS)
    snippet = (("…" if start > 0 else "") + _flat(text[start:span[0]]) + "【" + text[span[0]:span[1]] + "】"
               + _flat(text[span[1]:end]) + ("…" if end < len(text) else ""))
    return snippet, count


_LINE_BREAK = re.compile(r"\s*\n\s*")


def _flat(text: str) -> str:
    return _LINE_BREAK.sub(" ", text)


def _try(db: sqlite3.Connection, statement: str) -> bool:
    try:
        db.execute(statement)
    except sqlite3.OperationalError:  # an SQLite built without FTS5, or without this tokenizer
        return False
    return True


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        status = path.stat()
    except FileNotFoundError:
        return None
    return status.st_dev, status.st_ino


def _fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


# SQLite's primary result codes (the low byte of an extended code) that service.py tells apart.
SQLITE_PERM, SQLITE_BUSY, SQLITE_LOCKED, SQLITE_READONLY = 3, 5, 6, 8
SQLITE_IOERR, SQLITE_CORRUPT, SQLITE_FULL, SQLITE_CANTOPEN, SQLITE_NOTADB = 10, 11, 13, 14, 26
# The index is sound but this process cannot write it (or its journal) here.
_NOT_WRITABLE = frozenset({SQLITE_PERM, SQLITE_READONLY, SQLITE_IOERR, SQLITE_FULL, SQLITE_CANTOPEN})


def error_code(err: sqlite3.Error) -> int:
    """SQLite's primary result code of `err` (0 if it carries none)."""
    return (getattr(err, "sqlite_errorcode", None) or 0) & 0xFF


def not_writable(err: sqlite3.Error) -> bool:
    """Whether `err` says the index cannot be written here (read-only file or folder, full disk), not damage."""
    return error_code(err) in _NOT_WRITABLE


def describe(err: Exception) -> str:
    """An OSError's or SQLite's reason, short, without the undecodable bytes some SQLite messages quote."""
    if isinstance(err, OSError) and err.strerror:
        return err.strerror
    text = str(err).split(" with text ", 1)[0]
    return text if len(text) <= 80 else text[:80] + "…"


def _connect(path: Path) -> sqlite3.Connection:
    db = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    return db

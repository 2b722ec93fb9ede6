"""The search index: one SQLite file in the archive root, derived from the revisions.

`documents` holds one row per revision with its plain text; `documents_fts`
is an FTS5 table with the trigram tokenizer over that text (external content,
so the text is stored once). Trigrams find any substring of three characters
or more; one- and two-character queries (友城, 老挝) scan the text with
instr(), which over a few thousand reports is still a few milliseconds.

The index is never the truth: anything wrong with it (missing, not a
database, malformed, another schema version, FTS5 gone from this SQLite)
raises IndexUnusable, and the caller rebuilds it from the files.
"""

from __future__ import annotations

import contextlib
import os
import re
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

SCHEMA_VERSION = "1"
BUSY_TIMEOUT_MS = 30_000  # a commit holds the write lock for milliseconds; a rebuild for seconds
TRIGRAM_MIN_SQLITE = (3, 34, 0)  # the trigram tokenizer appeared in SQLite 3.34.0
SNIPPET_CHARS = 20
_SQLITE_MAGIC = b"SQLite format 3\x00"
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")

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
    text TEXT NOT NULL
);
CREATE INDEX documents_by_report ON documents (office, year, revision);
"""
_FTS_SCHEMA = ("CREATE VIRTUAL TABLE documents_fts USING fts5("
               "text, content='documents', content_rowid='id', tokenize='trigram')")


class IndexUnusable(Exception):
    """The index file cannot be trusted; the message (Chinese) says why."""


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


class Index:
    def __init__(self, path: Path, connection: sqlite3.Connection, fts: bool):
        self.path = path
        self._db = connection
        self.fts = fts
        self._identity = _identity(path)

    def is_current(self) -> bool:
        """Whether `path` is still the file this connection reads (a rebuild renames a new one over it)."""
        return _identity(self.path) == self._identity

    # --- opening and building ------------------------------------------------------

    @classmethod
    def open(cls, path: Path) -> Index:
        """Open an existing index, or raise IndexUnusable saying what is wrong with it.

        Cheap checks only (header, schema version, FTS5 usable): a full
        integrity check reads every page, 15-20 ms per command at 1,000 reports,
        so it runs in `archive verify` (check()); damage that a query runs into
        raises sqlite3.DatabaseError, and service.Archive rebuilds then.
        """
        try:
            with path.open("rb") as handle:
                magic = handle.read(len(_SQLITE_MAGIC))
        except FileNotFoundError:
            raise IndexUnusable("索引文件不存在") from None
        if magic != _SQLITE_MAGIC:
            raise IndexUnusable("索引文件已损坏（不是 SQLite 数据库）")
        db = _connect(path)
        try:
            meta = dict(db.execute("SELECT key, value FROM meta").fetchall())
            if meta.get("schema_version") != SCHEMA_VERSION:
                raise IndexUnusable(f"索引的格式版本（{meta.get('schema_version')}）与本程序（{SCHEMA_VERSION}）不同")
            fts = meta.get("fts") == "trigram"
            if fts:  # the index was made by an SQLite with FTS5; this one may lack it
                db.execute("SELECT rowid FROM documents_fts WHERE documents_fts MATCH '\"abc\"' LIMIT 1").fetchall()
        except IndexUnusable:
            db.close()
            raise
        except sqlite3.Error as err:
            db.close()
            raise IndexUnusable(f"索引文件已损坏（{str(err)[:80]}）") from None
        return cls(path, db, fts)

    def check(self) -> str | None:
        """Full check: every page, and the FTS index against the text it was made from. None if sound."""
        try:
            status = self._db.execute("PRAGMA integrity_check").fetchone()[0]
            if status != "ok":
                return f"索引文件已损坏（{status}）"
            if self.fts:
                # rank 1: also compare with the content table (catches a text changed behind FTS's back).
                self._db.execute("INSERT INTO documents_fts (documents_fts, rank) VALUES ('integrity-check', 1)")
        except sqlite3.DatabaseError as err:
            return f"索引文件已损坏（{str(err)[:80]}）"
        return None

    @classmethod
    def build(cls, path: Path, entries: Iterable[IndexEntry]) -> int:
        """Write a fresh index beside `path` and rename it over the old one. Caller holds the archive lock."""
        tmp = path.with_name(f".{path.name}.{os.getpid()}.new")
        tmp.unlink(missing_ok=True)
        db = _connect(tmp)
        try:
            db.executescript(_SCHEMA)
            fts = trigram_supported()
            if fts:
                try:
                    db.execute(_FTS_SCHEMA)
                except sqlite3.OperationalError:  # SQLite built without FTS5
                    fts = False
            db.executemany("INSERT INTO meta (key, value) VALUES (?, ?)",
                           [("schema_version", SCHEMA_VERSION), ("fts", "trigram" if fts else "none")])
            index = cls(tmp, db, fts)
            count = 0
            with index._transaction():
                for entry in entries:
                    count += index._insert(entry)
            if fts:  # one-off: merge the b-trees the bulk insert left behind
                db.execute("INSERT INTO documents_fts (documents_fts) VALUES ('optimize')")
                db.commit()
        finally:
            db.close()
        # A rollback journal left by a crashed writer of the old file would be
        # "replayed" into the new one: remove it before the rename.
        for suffix in ("-journal", "-wal", "-shm"):
            path.with_name(path.name + suffix).unlink(missing_ok=True)
        os.replace(tmp, path)
        return count

    def close(self) -> None:
        self._db.close()

    # --- writing -------------------------------------------------------------------

    def add(self, entries: Iterable[IndexEntry]) -> int:
        """Insert revisions (one transaction); ones already present are left alone."""
        with self._transaction():
            return sum(self._insert(entry) for entry in entries)

    def remove(self, paths: Iterable[str]) -> None:
        with self._transaction():
            for path in paths:
                row = self._db.execute("SELECT id, text FROM documents WHERE path = ?", (path,)).fetchone()
                if row is None:
                    continue
                if self.fts:  # external content: the FTS table must be told the old text
                    self._db.execute("INSERT INTO documents_fts (documents_fts, rowid, text) VALUES ('delete', ?, ?)",
                                     row)
                self._db.execute("DELETE FROM documents WHERE id = ?", (row[0],))

    def _insert(self, entry: IndexEntry) -> int:
        cursor = self._db.execute(
            "INSERT OR IGNORE INTO documents (path, office, year, revision, kind, title, created, text)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (entry.path, entry.office, entry.year, entry.revision, entry.kind, entry.title, entry.created, entry.text),
        )
        if cursor.rowcount != 1:
            return 0
        if self.fts:
            self._db.execute("INSERT INTO documents_fts (rowid, text) VALUES (?, ?)", (cursor.lastrowid, entry.text))
        return 1

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

    def paths(self) -> set[str]:
        return {path for (path,) in self._db.execute("SELECT path FROM documents")}

    def rows(self, office: str | None = None, year: int | None = None, exact_office: bool = False) -> list[Row]:
        clauses, params = _filters(office, year, exact_office)
        sql = f"SELECT {_ROW_COLUMNS} FROM documents d {_where(clauses)} ORDER BY d.office, d.year, d.revision"
        return [Row(*row) for row in self._db.execute(sql, params)]

    def search(self, query: str, office: str | None = None, year: int | None = None,
               limit: int = 50, all_revisions: bool = False) -> SearchResult:
        """Revisions whose text contains `query`; by default the newest matching revision of each report."""
        clauses, params = _filters(office, year, exact_office=False)
        if self.fts and len(query) >= 3:
            source = "documents_fts f JOIN documents d ON d.id = f.rowid"
            # A phrase string: the query is matched as text, no FTS syntax (AND, *, -) applies.
            clauses.insert(0, "documents_fts MATCH ?")
            params.insert(0, '"' + query.replace('"', '""') + '"')
        else:
            source = "documents d"
            if re.search("[A-Za-z]", query):
                # ASCII letters match either case, as the trigram tokenizer does. Chinese
                # queries (the usual case) skip lower() and scan the text as stored.
                clauses.append("instr(lower(d.text), ?) > 0")
                params.append(query.translate(_ASCII_LOWER))
            else:
                clauses.append("instr(d.text, ?) > 0")
                params.append(query)
        sql = (f"SELECT d.id, {_ROW_COLUMNS} FROM {source} {_where(clauses)} "
               "ORDER BY d.year DESC, d.office, d.revision DESC")
        groups: dict[object, list[tuple]] = {}
        for match in self._db.execute(sql, params):
            key = match[0] if all_revisions else (match[2], match[3])  # the report: (office, year)
            groups.setdefault(key, []).append(match)
        hits = []
        # Only the hits shown need their text: fetching 5,000 characters of every
        # matching report for a common word would dominate the query.
        for group in list(groups.values())[:limit]:
            newest = group[0]
            (text,) = self._db.execute("SELECT text FROM documents WHERE id = ?", (newest[0],)).fetchone()
            snippet, count = make_snippet(text, query)
            hits.append(Hit(Row(*newest[1:]), snippet, count, len(group) - 1))
        return SearchResult(tuple(hits), len(groups))


_ROW_COLUMNS = "d.path, d.office, d.year, d.revision, d.kind, d.title, d.created"


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
    else:  # the trigram tokenizer folds case: so does the snippet
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


def _flat(text: str) -> str:
    return re.sub(r"\s*\n\s*", " ", text)


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        status = path.stat()
    except FileNotFoundError:
        return None
    return status.st_dev, status.st_ino


def _connect(path: Path) -> sqlite3.Connection:
    db = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    return db

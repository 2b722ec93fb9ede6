"""An opened archive: the files (store.py) and the index (index.py) kept in step.

Opening checks the index and rebuilds it from the files when it cannot be
trusted, then adds the revisions it lacks (a process killed between its
commit and its index insert) and drops the ones whose folders are gone.
What happened is kept in `notes` (Chinese) for the command line to print;
nothing here prints.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from reportgen.archive import store
from reportgen.archive.index import Index, IndexEntry, IndexUnusable, Row, SearchResult
from reportgen.archive.manifest import Manifest
from reportgen.errors import Problem, ReportError

T = TypeVar("T")


@dataclass(frozen=True)
class RevisionInfo:
    """`archive show`: one revision as its files describe it, and its siblings."""

    ref: store.RevisionRef
    manifest: Manifest
    revisions: tuple[int, ...]  # every revision of this office and year
    sizes: dict[str, int | None]  # file name -> size in bytes, None if missing


@dataclass
class Archive:
    root: Path
    index: Index
    notes: list[str] = field(default_factory=list)

    @classmethod
    def open(cls, root: Path, create: bool = False, sync: bool = True) -> Archive:
        """Open (with `create`, make) the archive at `root`; ReportError if there is none.

        `sync=False` skips the scan of every revision folder: for writers, which
        add one revision and leave the rest to the next reader.
        """
        if create:
            try:
                root.mkdir(parents=True, exist_ok=True)
            except FileExistsError:
                pass  # a file of that name: require_root says so
            except OSError as err:
                raise ReportError(Problem(f"无法创建归档目录：{err.strerror}", file=str(root))) from None
        store.require_root(root)
        notes: list[str] = []
        archive = cls(root, _open_index(root, notes), notes)
        if sync:
            archive.sync()
        return archive

    def record(self, ref: store.RevisionRef, manifest: Manifest, text: str) -> None:
        """Add a just-committed revision to the index. Caller holds the lock."""
        if not self.index.is_current():
            # Rebuilt by another process since we opened it: ours is the old, unlinked file.
            self.index.close()
            self.index = _open_index(self.root, self.notes)
        self._guarded(lambda: self.index.add([entry_for(ref, manifest, text)]))

    def close(self) -> None:
        self.index.close()

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # --- index upkeep --------------------------------------------------------------

    def sync(self) -> None:
        """Make the index list exactly the committed revisions."""
        on_disk = {ref.key: ref for ref in store.scan(self.root)}
        if set(on_disk) == self._guarded(lambda: self.index.paths()):
            return
        with store.locked(self.root):
            # Again under the lock: a writer may have just finished its insert.
            on_disk = {ref.key: ref for ref in store.scan(self.root)}
            indexed = self._guarded(lambda: self.index.paths())
            missing = [on_disk[key] for key in sorted(on_disk.keys() - indexed)]
            gone = indexed - on_disk.keys()
            added = self.index.add(entry for ref in missing if (entry := load_entry(ref)) is not None)
            self.index.remove(gone)
        if added:
            self.notes.append(f"索引中缺少 {added} 个版本，已从归档文件补入")
        if gone:
            self.notes.append(f"索引中有 {len(gone)} 个版本的目录已不存在，已从索引中删去")

    def reindex(self) -> int:
        """Rebuild the index from the files; returns the number of revisions indexed."""
        with store.locked(self.root):
            self.index.close()
            count = _rebuild(self.root)
            self.index = Index.open(self.root / store.INDEX_NAME)
        return count

    def _guarded(self, query: Callable[[], T]) -> T:
        """Run an index query; if the index turns out damaged, rebuild it and run it again."""
        try:
            return query()
        except sqlite3.DatabaseError as err:
            self.notes.append(f"索引文件已损坏（{describe(err)}），已从归档文件重建索引")
            self.reindex()
            return query()

    # --- queries -------------------------------------------------------------------

    def list(self, office: str | None = None, year: int | None = None) -> list[Row]:
        return self._guarded(lambda: self.index.rows(office, year))

    def search(self, query: str, office: str | None = None, year: int | None = None,
               limit: int = 50, all_revisions: bool = False) -> SearchResult:
        query = query.strip()
        if not query:
            raise ReportError(Problem("检索词是空的", hint="例如：reportgen archive search 友城"))
        return self._guarded(lambda: self.index.search(query, office, year, limit, all_revisions))

    def show(self, office: str, year: int, revision: int | None = None) -> RevisionInfo:
        rows = self._report_rows(office, year)
        numbers = tuple(row.revision for row in rows)
        if revision is None:
            row = rows[-1]
        else:
            chosen = [row for row in rows if row.revision == revision]
            if not chosen:
                raise ReportError(Problem(
                    f"{rows[0].office} {year} 年没有第 {revision} 版",
                    hint=f"现有的版本：{'、'.join(map(str, numbers))}。",
                ))
            row = chosen[0]
        ref = store.RevisionRef.from_key(self.root, row.path)
        manifest = store.read_manifest(ref.path)  # the files are the truth, not the index
        sizes = {}
        for name in manifest.files:
            path = ref.path / name
            sizes[name] = path.stat().st_size if path.is_file() else None
        return RevisionInfo(ref, manifest, numbers, sizes)

    def _report_rows(self, office: str, year: int) -> list[Row]:
        rows = self._guarded(lambda: self.index.rows(office, year, exact_office=True))
        if rows:
            return rows
        # Not the exact name: accept a part of it if it names one office only.
        candidates = self._guarded(lambda: self.index.rows(office, None))
        names = sorted({row.office for row in candidates})
        if len(names) > 1:
            raise ReportError(Problem(
                f"“{office}”可能指多个机关：{'、'.join(names)}", hint="请写出机关的全称。",
            ))
        if not names:
            known = sorted({row.office for row in self.list()})
            raise ReportError(Problem(
                f"归档中没有机关“{office}”",
                hint=f"归档中的机关：{'、'.join(known)}。" if known else "归档还是空的。",
            ))
        rows = [row for row in candidates if row.year == year]
        if not rows:
            years = sorted({row.year for row in candidates})
            raise ReportError(Problem(
                f"归档中没有{names[0]} {year} 年的报告",
                hint=f"该机关已归档的年度：{'、'.join(map(str, years))}。",
            ))
        return rows

    def verify(self) -> store.VerifyReport:
        """Check every file against its manifest; check the index too, rebuilding it if unsound."""
        problem = self.index.check()
        if problem is not None:
            count = self.reindex()
            self.notes.append(f"{problem}，已从归档文件重建索引（{count} 个版本）")
        return store.verify(self.root)

    def previous_year_input(self, office: str, year: int) -> Path | None:
        return previous_year_input(self.root, office, year)


def describe(err: sqlite3.Error) -> str:
    """SQLite's message, without the undecodable bytes some of them quote."""
    text = str(err).split(" with text ", 1)[0]
    return text if len(text) <= 80 else text[:80] + "…"


def previous_year_input(root: Path, office: str, year: int) -> Path | None:
    """The archived input YAML of the latest built revision of (office, year - 1), if any.

    The files it reads (ledgers, catalogue) are beside it, at the same relative
    paths as when it was built. Read from the files, not the index, so it holds even while the index is
    being rebuilt; the office must match exactly (two offices may share a
    folder after safe_name).
    """
    folder = store.year_dir(root, office, year - 1)
    for number in reversed(store.revisions_in(folder)):
        revision_dir = folder / f"r{number}"
        try:
            manifest = store.read_manifest(revision_dir)
        except ReportError:
            continue  # a damaged revision is verify's business; an older one may do
        if manifest.office == office and manifest.input and not manifest.imported:
            path = revision_dir / manifest.input
            if path.is_file() and path.resolve().is_relative_to(revision_dir.resolve()):
                return path
    return None


def load_entry(ref: store.RevisionRef) -> IndexEntry | None:
    """What the index holds for one revision, read from its files (None if its manifest is unreadable)."""
    try:
        manifest = store.read_manifest(ref.path)
    except ReportError:
        return None
    try:
        text = (ref.path / store.TEXT_NAME).read_text(encoding="utf-8")
    except (FileNotFoundError, UnicodeDecodeError):
        text = ""
    return entry_for(ref, manifest, text)


def entry_for(ref: store.RevisionRef, manifest: Manifest, text: str) -> IndexEntry:
    return IndexEntry(path=ref.key, office=manifest.office, year=manifest.year, revision=ref.revision,
                      kind=manifest.kind, title=manifest.title, created=manifest.created, text=text)


def _open_index(root: Path, notes: list[str]) -> Index:
    path = root / store.INDEX_NAME
    try:
        return Index.open(path)
    except IndexUnusable:
        pass
    with store.locked(root):
        try:  # another process may have rebuilt it while we waited for the lock
            return Index.open(path)
        except IndexUnusable as reason:
            first_time = not path.exists() and not store.scan(root)
            count = _rebuild(root)
            if not first_time:
                notes.append(f"{reason}，已从归档文件重建索引（{count} 个版本）")
        return Index.open(path)


def _rebuild(root: Path) -> int:
    """Caller holds the lock."""
    return Index.build(root / store.INDEX_NAME,
                       (entry for ref in store.scan(root) if (entry := load_entry(ref)) is not None))

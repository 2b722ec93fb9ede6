"""An opened archive: the files (store.py) and the index (index.py) kept in step.

Opening reads the index, never every revision folder: it checks the index
cheaply and indexes the revisions whose commit left a pending marker (a
process killed between its commit and its index insert; store.pending), one
listdir of a folder that is nearly always empty. An index that cannot be
trusted is rebuilt from the files. `verify` and `reindex` reconcile the index
with every folder (revisions deleted or copied in by hand); a search or
`show` that meets a revision whose folder has gone reconciles too.

Where the index cannot be used or written:
- its path is taken by a folder (or anything but a file): the index lives in
  FALLBACK_INDEX_NAME beside it, and every command says so until the folder
  is moved away; the next opener then moves the index back;
- the archive folder cannot be written: readers rebuild the index in memory
  for this one command and say so; writers stop (store.ArchiveNotWritable)
  before anything is staged;
- the index alone cannot be written (a read-only file): a new revision is
  committed all the same, stays pending, and is indexed by the next opener
  that can write; the note says so.
What happened is kept in `notes` (Chinese) for the command line to print;
nothing here prints.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import stat
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from reportgen.archive import store
from reportgen.archive.index import (
    SQLITE_BUSY,
    SQLITE_LOCKED,
    Index,
    IndexEntry,
    IndexNotWritable,
    IndexUnusable,
    Row,
    SearchResult,
    describe,
    error_code,
    not_writable,
)
from reportgen.archive.manifest import Manifest
from reportgen.errors import Problem, ReportError

T = TypeVar("T")
# Where the index goes while its own name is taken by a folder. Starts with "."
# so no office folder can be called so (publish.safe_name never makes one).
FALLBACK_INDEX_NAME = ".index-beside.sqlite3"
_REINDEX_HINT = "请让能写入归档目录的用户运行 reportgen archive reindex。"


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

        `create` is for writers: an archive folder they cannot write stops them
        before anything is staged (store.ArchiveNotWritable), here if the index
        needs rebuilding. `sync=False` leaves revisions that killed processes
        committed but never indexed to the next opener.
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
        archive = cls(root, _open_index(root, notes, writer=create), notes)
        if sync:
            archive.catch_up()
        return archive

    def record(self, ref: store.RevisionRef, manifest: Manifest, text: str) -> bool:
        """Add a just-committed revision to the index; False (and a note) if the index cannot be written.

        Caller holds the lock. A revision left out stays pending (store.commit
        keeps its marker) and the next opener that can write indexes it.
        """
        try:
            if not self.index.is_current():
                # Rebuilt (or moved back) by another process since we opened it: ours is an old file.
                self.index.close()
                self.index = _open_index(self.root, self.notes, writer=True)
            self._guarded(lambda: self.index.add([entry_for(ref, manifest, text)]))
        except (IndexNotWritable, ReportError) as err:
            self.notes.append(f"第 {ref.revision} 版已归档，但未能编入检索索引（{_reason(err)}），暂时检索不到；"
                              "下次能写入归档目录的用户打开归档时会自动补入，也可运行 reportgen archive reindex。")
            return False
        return True

    def close(self) -> None:
        self.index.close()

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # --- index upkeep --------------------------------------------------------------

    def catch_up(self) -> None:
        """Index the revisions that commits left pending (store.pending); cheap when there are none."""
        if self.index.path is None or not store.pending(self.root):  # in memory: made from every folder
            return
        added = 0
        try:
            with store.locked(self.root):
                # Again under the lock: the markers of commits that finished meanwhile are gone,
                # and what is left belongs to processes that died.
                for item in store.pending(self.root):
                    ref = item.ref
                    if ref is not None and ref.path.is_dir() and not self._guarded(lambda r=ref: self.index.has(r.key)):
                        entry = load_entry(ref)  # None: a damaged manifest, which verify reports
                        if entry is not None:
                            added += self._guarded(lambda e=entry: self.index.add([e]))
                    item.marker.unlink(missing_ok=True)
        except (IndexNotWritable, ReportError) as err:
            self.notes.append(f"有新归档的版本尚未编入检索索引，而现在无法补入（{_reason(err)}），检索结果可能不全。"
                              + _REINDEX_HINT)
        if added:
            self.notes.append(f"索引中缺少 {added} 个版本（归档进程在提交之后、写入索引之前中断），已从归档文件补入")

    def reconcile(self) -> None:
        """Make the index list exactly the committed revisions: a scan of every revision folder."""
        if ({ref.key for ref in store.scan(self.root)} == self._guarded(lambda: self.index.paths())
                and not store.pending(self.root)):
            return  # nothing to write (and nothing to say where nothing can be written)
        try:
            with store.locked(self.root):
                # Again under the lock: a commit may have finished meanwhile.
                on_disk = {ref.key: ref for ref in store.scan(self.root)}
                indexed = self._guarded(lambda: self.index.paths())
                missing = [on_disk[key] for key in sorted(on_disk.keys() - indexed)]
                gone = indexed - on_disk.keys()
                entries = [entry for ref in missing if (entry := load_entry(ref)) is not None]
                added = self._guarded(lambda: self.index.add(entries))
                self._guarded(lambda: self.index.remove(gone))
                for item in store.pending(self.root):  # every committed revision is in the index now
                    item.marker.unlink(missing_ok=True)
        except (IndexNotWritable, ReportError) as err:
            self.notes.append(f"未能使索引与归档文件一致（{_reason(err)}）。" + _REINDEX_HINT)
            return
        if added:
            self.notes.append(f"索引中缺少 {added} 个版本，已从归档文件补入")
        if gone:
            self.notes.append(f"索引中有 {len(gone)} 个版本的目录已不存在，已从索引中删去")

    def reindex(self) -> int:
        """Rebuild the index from the files; returns the number of revisions indexed.

        ReportError (store.ArchiveNotWritable) if the archive folder cannot be written.
        """
        with store.locked(self.root):
            path = _index_path(self.root, [])
            try:
                count = _rebuild(self.root, path)
            except IndexNotWritable as err:
                raise ReportError(Problem(str(err), file=str(path), hint=_WRITE_HINT)) from None
            self.index.close()
            self.index = Index.open(path)
        return count

    def _guarded(self, query: Callable[[], T]) -> T:
        """Run an index query; if the index turns out damaged, rebuild it and run it again.

        IndexNotWritable if the index is sound but cannot be written here; a
        ReportError if another process holds it for longer than the busy timeout.
        """
        try:
            return query()
        except sqlite3.DatabaseError as err:
            if not_writable(err):
                raise IndexNotWritable(f"索引文件不可写：{describe(err)}") from None
            if error_code(err) in (SQLITE_BUSY, SQLITE_LOCKED):
                raise ReportError(Problem("索引正被另一个进程长时间占用", file=str(self.index.path or self.root),
                                          hint="请等另一个 reportgen 命令结束后再试。")) from None
            if self.index.path is None:  # in memory, made by this process: not damage from outside
                raise
            reason = f"索引文件已损坏（{describe(err)}）"
            try:
                self.reindex()
            except store.ArchiveNotWritable as cannot:
                self.index.close()
                self.index = _in_memory(self.root, self.notes, reason, cannot)
            else:
                self.notes.append(f"{reason}，已从归档文件重建索引")
            return query()

    def _read(self, query: Callable[[], T]) -> T:
        """_guarded, for the queries of the commands: an index that cannot be read is a Chinese error."""
        try:
            return self._guarded(query)
        except IndexNotWritable as err:
            raise ReportError(Problem(f"无法读取检索索引（{err}）", file=str(self.index.path or self.root),
                                      hint=_WRITE_HINT)) from None

    def _gone(self, paths: Iterable[str]) -> bool:
        """Whether any of these revision folders has been removed by hand (then: reconcile)."""
        root = os.fspath(self.root)
        if any(not os.path.isdir(os.path.join(root, path)) for path in paths):
            self.reconcile()
            return True
        return False

    # --- queries -------------------------------------------------------------------

    def list(self, office: str | None = None, year: int | None = None) -> list[Row]:
        return self._read(lambda: self.index.rows(office, year))

    def search(self, query: str, office: str | None = None, year: int | None = None,
               limit: int = 50, all_revisions: bool = False) -> SearchResult:
        query = query.strip()
        if not query:
            raise ReportError(Problem("检索词是空的", hint="例如：reportgen archive search 友城"))
        result = self._read(lambda: self.index.search(query, office, year, limit, all_revisions))
        if self._gone(hit.row.path for hit in result.hits):
            result = self._read(lambda: self.index.search(query, office, year, limit, all_revisions))
        return result

    def show(self, office: str, year: int, revision: int | None = None) -> RevisionInfo:
        rows = self._report_rows(office, year)
        if self._gone(row.path for row in rows):
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
        rows = self._read(lambda: self.index.rows(office, year, exact_office=True))
        if rows:
            return rows
        # Not the exact name: accept a part of it if it names one office only.
        candidates = self._read(lambda: self.index.rows(office, None))
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
        """Check every file against its manifest; check the index too, rebuilding it if unsound,
        and make it list exactly the revisions on disk."""
        problem = self.index.check()
        if problem is None:
            self.reconcile()
        else:
            try:
                count = self.reindex()
            except ReportError as err:
                self.notes.append(f"{problem}，但未能重建索引（{_reason(err)}）。" + _REINDEX_HINT)
            else:
                self.notes.append(f"{problem}，已从归档文件重建索引（{count} 个版本）")
        return store.verify(self.root)


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
    except (OSError, UnicodeDecodeError):  # missing, unreadable, damaged: verify says which
        text = ""
    return entry_for(ref, manifest, text)


def entry_for(ref: store.RevisionRef, manifest: Manifest, text: str) -> IndexEntry:
    return IndexEntry(path=ref.key, office=manifest.office, year=manifest.year, revision=ref.revision,
                      kind=manifest.kind, title=manifest.title, created=manifest.created, text=text)


_WRITE_HINT = "请检查归档目录和其中索引文件的权限及磁盘空间，或用 --archive-root 指定另一个目录。"


def _reason(err: Exception) -> str:
    if isinstance(err, store.ArchiveNotWritable):
        return err.reason
    if isinstance(err, ReportError):
        return err.problems[0].message
    return str(err)


def _index_path(root: Path, notes: list[str]) -> Path:
    """Where the index is: index.sqlite3, unless something other than a file has that name."""
    path = root / store.INDEX_NAME
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return path
    except OSError as err:  # a symbolic link in a loop, a folder we may not enter
        what = f"无法使用（{err.strerror}）"
    else:
        if stat.S_ISREG(mode):
            return path
        what = "是一个目录" if stat.S_ISDIR(mode) else "不是普通文件"
    fallback = root / FALLBACK_INDEX_NAME
    notes.append(f"索引文件的位置“{path}”{what}，索引改放在“{fallback}”。请移走或删除“{path}”"
                 "（reportgen 不会动它），之后索引会自动移回原处")
    return fallback


def _open_index(root: Path, notes: list[str], writer: bool) -> Index:
    path = _index_path(root, notes)
    try:
        return Index.open(path)
    except IndexUnusable as reason:
        first_reason = reason
    try:
        with store.locked(root):
            try:  # another process may have rebuilt it while we waited for the lock
                return Index.open(path)
            except IndexUnusable:
                pass
            fallback = root / FALLBACK_INDEX_NAME
            if path != fallback and fallback.is_file() and not path.exists():
                # Used while a folder took the index's name, which has now gone: move it back.
                with contextlib.suppress(OSError, IndexUnusable):
                    os.replace(fallback, path)
                    return Index.open(path)
            existed = path.exists()
            count = _rebuild(root, path)
            # A first index is no news: of a new archive, or beside a folder (whose note says so).
            if existed or (count and path != fallback):
                notes.append(f"{first_reason}，已从归档文件重建索引（{count} 个版本）")
            return Index.open(path)
    except (store.ArchiveNotWritable, IndexNotWritable) as err:
        if writer:
            if isinstance(err, ReportError):
                raise
            raise ReportError(Problem(str(err), file=str(path), hint=_WRITE_HINT)) from None
        return _in_memory(root, notes, str(first_reason), err)


def _in_memory(root: Path, notes: list[str], reason: str, err: Exception) -> Index:
    """For a reader of an archive it may not write (a copy on a read-only disk, another user's
    folder): the files are all there, so the index can still be made, in memory, for this command."""
    index = Index.build_in_memory(_entries(store.scan(root)))
    notes.append(f"{reason}，而归档目录不可写（{_reason(err)}），本次在内存中临时建立了索引"
                 f"（{index.count()} 个版本）。" + _REINDEX_HINT)
    return index


def _rebuild(root: Path, path: Path) -> int:
    """Caller holds the lock. Every revision on disk is in the new index, so no marker is pending after it."""
    markers = store.pending(root)
    count = Index.build(path, _entries(store.scan(root)))
    for item in markers:
        item.marker.unlink(missing_ok=True)
    fallback = root / FALLBACK_INDEX_NAME
    if path != fallback:
        with contextlib.suppress(OSError):
            fallback.unlink(missing_ok=True)  # an index used while a folder took this name: stale now
    return count


def _entries(refs: Iterable[store.RevisionRef]) -> Iterator[IndexEntry]:
    return (entry for ref in refs if (entry := load_entry(ref)) is not None)

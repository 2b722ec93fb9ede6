"""The archive on disk: where revisions live, how one appears whole, how they are checked.

Layout: <root>/<office>/<year>/r<N>/ with the office made a single safe path
component (publish.safe_name). A revision is written into a staging folder
<root>/.tmp-<pid>-<random>/ first and appears under its number by a single
os.rename of the whole folder, so a reader sees either no revision or a
complete one, and a killed process leaves only a staging folder, which
everything here ignores and a later commit removes.

The number is claimed under an exclusive lock on <root>/.lock (filelock:
flock on POSIX, LockFileEx on Windows), which also serialises index writes;
the rename itself refuses an existing non-empty folder, so even a lock that
does not hold (a network share) never lets a commit overwrite another.

Before the rename, the commit writes a marker naming the revision into
<root>/.pending/ and removes it once the revision is in the index. A process
killed between the two leaves the marker, and the next opener of the archive
finds it with one listdir of that (nearly always empty) folder and indexes
the revision: opening never has to scan every revision folder.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from reportgen.archive.inputs import check_relative
from reportgen.archive.manifest import MANIFEST_NAME, Manifest, sha256_bytes, sha256_file
from reportgen.errors import Problem, ReportError
from reportgen.publish import safe_name

INDEX_NAME = "index.sqlite3"
LOCK_NAME = ".lock"
# A commit holds the lock for milliseconds, a rebuild of the index for seconds:
# a wait this long means a process is stuck, and the user should hear of it.
LOCK_TIMEOUT_SECONDS = 600
PENDING_DIR = ".pending"
STAGING_PREFIX = ".tmp-"
# The files of a revision (besides manifest.json and the input set under input/).
# Fixed names: tools find them without knowing the title; `archive show` prints the paths.
DOCX_NAME = "report.docx"
PDF_NAME = "report.pdf"
TEXT_NAME = "text.txt"  # the plain text the index holds, so a reindex never parses a PDF
ORIGINAL_STEM = "original"  # an imported file: original.docx or original.pdf
MIN_YEAR, MAX_YEAR = 1949, 2999
# A staging folder whose process is gone, or older than this, is debris of a killed run.
STALE_STAGING_SECONDS = 24 * 3600

_REVISION_DIR = re.compile(r"r([1-9][0-9]{0,8})")
_YEAR_DIR = re.compile(r"[0-9]{4}")
_KEY = re.compile(r"([^/]+)/([0-9]{4})/r([1-9][0-9]{0,8})")
_NOT_WRITABLE = (errno.EACCES, errno.EPERM, errno.EROFS)


@dataclass(frozen=True)
class RevisionRef:
    """One committed revision folder."""

    root: Path
    office_dir: str
    year: int
    revision: int

    @property
    def path(self) -> Path:
        return self.root / self.office_dir / str(self.year) / f"r{self.revision}"

    @property
    def key(self) -> str:
        """The folder relative to the root, in POSIX form: the index's key for it."""
        return f"{self.office_dir}/{self.year}/r{self.revision}"

    @classmethod
    def from_key(cls, root: Path, key: str) -> RevisionRef:
        match = _KEY.fullmatch(key)
        if match is None or match.group(1).startswith("."):
            raise ValueError(f"not a revision key: {key!r}")
        return cls(root, match.group(1), int(match.group(2)), int(match.group(3)))


class ArchiveNotWritable(ReportError):
    """This process cannot write into the archive folder (permissions, a read-only disk)."""

    def __init__(self, root: Path, err: OSError):
        self.reason = "所在的磁盘是只读的" if err.errno == errno.EROFS else "没有写入权限"
        super().__init__(Problem(
            "归档目录所在的磁盘是只读的，无法写入" if err.errno == errno.EROFS
            else f"没有权限写入归档：{err.strerror or err}",
            file=str(root),
            hint="请检查归档目录的权限（运行 reportgen 的用户需要能写入它），或用 --archive-root 指定另一个目录。",
        ))


def office_dir_name(office: str) -> str:
    """The office as one path component: no separators, no "..", never a name of ours."""
    name = safe_name(office)
    # safe_name never returns a name starting with ".", so .lock and .tmp-* are
    # safe; the index file is the one visible name an office could collide with.
    if name.startswith(INDEX_NAME):
        name = f"_{name}"
    return name


def check_year(year: int) -> int:
    if isinstance(year, bool) or not isinstance(year, int) or not MIN_YEAR <= year <= MAX_YEAR:
        raise ReportError(Problem(
            f"年度“{year}”不对", hint=f"年度应是 {MIN_YEAR} 到 {MAX_YEAR} 之间的四位数字，如 2011。",
        ))
    return year


def year_dir(root: Path, office: str, year: int) -> Path:
    folder = root / office_dir_name(office) / str(check_year(year))
    # Defence in depth: whatever safe_name lets through must still land inside the root.
    if not folder.resolve().is_relative_to(root.resolve()):
        raise ReportError(Problem(f"机关名称“{office}”不能用作归档目录名"))
    return folder


def require_root(root: Path) -> None:
    if not root.is_dir():
        raise ReportError(Problem(
            f"归档目录“{root}”不存在" if not root.exists() else f"“{root}”不是目录",
            hint="请用 --archive-root 或环境变量 REPORTGEN_ARCHIVE 指定归档目录；"
                 "用 reportgen build 输入.yaml --archive 归档第一份报告。",
        ))


def scan(root: Path) -> list[RevisionRef]:
    """Every committed revision, sorted; staging folders and stray files are skipped."""
    refs: list[RevisionRef] = []
    for office in _subdirs(root):
        if office.name.startswith("."):
            continue
        for year in _subdirs(office):
            if not _YEAR_DIR.fullmatch(year.name):
                continue
            for revision in _subdirs(year):
                match = _REVISION_DIR.fullmatch(revision.name)
                if match:
                    refs.append(RevisionRef(root, office.name, int(year.name), int(match.group(1))))
    refs.sort(key=lambda ref: (ref.office_dir, ref.year, ref.revision))
    return refs


def revisions_in(folder: Path) -> list[int]:
    return sorted(int(m.group(1)) for entry in _subdirs(folder) if (m := _REVISION_DIR.fullmatch(entry.name)))


def _subdirs(folder: Path) -> list[os.DirEntry]:
    try:
        with os.scandir(folder) as entries:
            return [entry for entry in entries if entry.is_dir(follow_symlinks=False)]
    except (FileNotFoundError, NotADirectoryError):
        return []


def read_manifest(revision_dir: Path) -> Manifest:
    path = revision_dir / MANIFEST_NAME
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ReportError(Problem("归档清单缺失", file=str(path),
                                  hint="请运行 reportgen archive verify 检查归档。")) from None
    except OSError as err:  # a folder of that name, a file this user may not read
        raise ReportError(Problem(f"无法读取归档清单（{err.strerror or err}）", file=str(path))) from None
    return Manifest.from_json(data, str(path))


# --- the lock ----------------------------------------------------------------------


@contextlib.contextmanager
def locked(root: Path) -> Iterator[None]:
    """Exclusive lock over the archive's writers (commits, index inserts and rebuilds).

    filelock's FileLock on <root>/.lock: flock(2) on POSIX, LockFileEx on
    Windows, both released by the system when a process dies, so a killed
    build never leaves the archive locked. One lock object per root (filelock's
    singleton) that counts its acquisitions per thread: a thread may take it
    again while holding it, other threads wait as other processes do.
    ArchiveNotWritable if the lock file cannot be made (a folder this user
    cannot write); a ReportError after LOCK_TIMEOUT_SECONDS of waiting.
    """
    from filelock import FileLock, Timeout  # here: most commands read, and never need the lock

    path = Path(os.path.abspath(root / LOCK_NAME))
    lock = FileLock(path, is_singleton=True)
    try:
        lock.acquire(timeout=LOCK_TIMEOUT_SECONDS)
    except Timeout:
        raise ReportError(Problem(
            f"归档正被另一个进程写入，等了 {LOCK_TIMEOUT_SECONDS // 60} 分钟仍未结束", file=str(root),
            hint="请等它完成后再试；如果并没有别的 reportgen 在运行，请检查是否有停住的进程。",
        )) from None
    except OSError as err:
        if err.errno in _NOT_WRITABLE or isinstance(err, PermissionError):
            raise ArchiveNotWritable(root, err) from None
        raise ReportError(Problem(
            f"无法锁定归档目录（{err.strerror or err}）", file=str(path),
            hint=f"{LOCK_NAME} 应是归档目录中的一个普通文件；如果它是目录或链接，请移走它。",
        )) from None
    try:
        yield
    finally:
        lock.release()


# --- writing a revision ------------------------------------------------------------


@dataclass
class Staging:
    """A private folder inside the root where one revision is assembled."""

    root: Path
    folder: Path
    files: dict[str, str] = field(default_factory=dict)  # name -> SHA-256 of what was written

    @property
    def revision_dir(self) -> Path:
        return self.folder / "revision"

    @property
    def work_dir(self) -> Path:
        """Scratch space (e.g. the build's own output) that is not part of the revision."""
        return self.folder / "work"

    def add(self, name: str, data: bytes) -> None:
        """Write one file of the revision; `name` may be a relative path such as input/2011.yaml."""
        if name in self.files or name == MANIFEST_NAME:
            raise ValueError(f"repeated revision file name: {name!r}")
        path = self.revision_dir / check_relative(name)
        path.parent.mkdir(parents=True, exist_ok=True)
        _write_synced(path, data)
        self.files[name] = sha256_bytes(data)

    def discard(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


@contextlib.contextmanager
def staging(root: Path) -> Iterator[Staging]:
    """A staging folder, removed on the way out whether the commit happened or not."""
    try:
        root.mkdir(parents=True, exist_ok=True)
        folder = Path(tempfile.mkdtemp(prefix=f"{STAGING_PREFIX}{os.getpid()}-", dir=root))
    except OSError as err:
        if err.errno in _NOT_WRITABLE:
            raise ArchiveNotWritable(root, err) from None
        raise
    stage = Staging(root, folder)
    stage.revision_dir.mkdir()
    stage.work_dir.mkdir()
    try:
        yield stage
    finally:
        stage.discard()


def commit(
    stage: Staging,
    office: str,
    year: int,
    make_manifest: Callable[[int, dict[str, str]], Manifest],
    before: Callable[[Path], None] | None = None,
    after: Callable[[RevisionRef, Manifest], bool | None] | None = None,
) -> tuple[RevisionRef, Manifest]:
    """Give the staged files the next number of (office, year) and move them into place.

    Under the lock: `before(year_dir)` may refuse (e.g. a duplicate import),
    the manifest is written with the claimed number, a pending marker naming
    the revision is written, the folder is renamed, and `after` records the
    revision in the index, so other processes never see a committed revision
    that the index lacks. The marker is removed when `after` returns true (the
    revision is in the index); otherwise, or if the process dies first, the
    next opener indexes the revision (pending()).
    """
    folder = year_dir(stage.root, office, year)
    with locked(stage.root):
        remove_stale_staging(stage.root)
        folder.mkdir(parents=True, exist_ok=True)
        if before is not None:
            before(folder)
        number = max(revisions_in(folder), default=0) + 1
        marker = pending_dir(stage.root) / stage.folder.name.removeprefix(STAGING_PREFIX)
        while True:
            manifest = make_manifest(number, dict(stage.files))
            manifest_path = stage.revision_dir / MANIFEST_NAME
            manifest_path.unlink(missing_ok=True)
            _write_synced(manifest_path, manifest.to_json())
            for written in {stage.revision_dir, *((stage.revision_dir / name).parent for name in stage.files)}:
                _fsync_dir(written)
            ref = RevisionRef(stage.root, folder.parent.name, year, number)
            _mark_pending(marker, ref)
            try:
                _move_into_place(stage.revision_dir, ref.path)
                break
            except OSError as err:
                if err.errno not in (errno.EEXIST, errno.ENOTEMPTY):
                    marker.unlink(missing_ok=True)
                    raise
                # Taken meanwhile (a lock that does not hold, or a hand-made folder): next number.
                number += 1
        _fsync_dir(folder)
        if after is not None and after(ref, manifest):
            marker.unlink(missing_ok=True)
    return ref, manifest


# --- revisions committed but perhaps not indexed --------------------------------------


def pending_dir(root: Path) -> Path:
    return root / PENDING_DIR


def _mark_pending(marker: Path, ref: RevisionRef) -> None:
    """Name `ref` in its marker, on disk before the rename that commits it."""
    if not marker.parent.is_dir():
        try:
            marker.parent.mkdir()
        except FileExistsError:  # a file of that name
            raise ReportError(Problem(f"归档目录中的“{PENDING_DIR}”应是一个文件夹", file=str(marker.parent),
                                      hint="请把这个文件移走后重试。")) from None
        _fsync_dir(marker.parent.parent)
    marker.unlink(missing_ok=True)  # a retry with the next number
    _write_synced(marker, ref.key.encode("utf-8"))
    _fsync_dir(marker.parent)


@dataclass(frozen=True)
class Pending:
    marker: Path
    ref: RevisionRef | None  # None: an unreadable marker (cut off mid-write: its rename never happened)


def pending(root: Path) -> list[Pending]:
    """The markers of commits whose index insert may not have happened: one listdir, usually of an empty folder.

    A marker whose revision folder does not exist belongs to a commit that
    died before its rename (or to one in progress: only the lock holder can
    tell them apart, so callers look again under the lock).
    """
    folder = pending_dir(root)
    try:
        names = sorted(os.listdir(folder))
    except (FileNotFoundError, NotADirectoryError):
        return []
    found = []
    for name in names:
        marker = folder / name
        try:
            ref = RevisionRef.from_key(root, marker.read_bytes().decode("utf-8"))
        except (OSError, UnicodeDecodeError, ValueError):
            ref = None
        found.append(Pending(marker, ref))
    return found


def _move_into_place(source: Path, target: Path) -> None:
    """The one step that makes a revision exist: a rename of the complete folder."""
    if target.exists():  # rename(2) would silently replace an empty folder
        raise FileExistsError(errno.EEXIST, "revision exists", str(target))
    os.rename(source, target)


def _write_synced(path: Path, data: bytes) -> None:
    with path.open("xb") as handle:  # "x": never write over anything
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def staging_folders(root: Path) -> list[Path]:
    return sorted(Path(e.path) for e in _subdirs(root) if e.name.startswith(STAGING_PREFIX))


def remove_stale_staging(root: Path) -> list[Path]:
    """Remove the staging folders of processes that are gone (killed builds)."""
    removed = []
    for folder in staging_folders(root):
        if _is_stale(folder):
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    return removed


def _is_stale(folder: Path) -> bool:
    match = re.match(re.escape(STAGING_PREFIX) + r"(\d+)-", folder.name)
    try:
        age = time.time() - folder.stat().st_mtime
    except FileNotFoundError:
        return False
    if match is None or age > STALE_STAGING_SECONDS:
        return True
    pid = int(match.group(1))
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except (PermissionError, OSError):
        return False
    return False


# --- checking ----------------------------------------------------------------------


@dataclass(frozen=True)
class Finding:
    """One thing wrong with a committed revision."""

    path: Path
    problem: str  # "changed" | "missing" | "extra" | "manifest" | "unreadable"
    expected: str | None = None
    actual: str | None = None

    def __str__(self) -> str:
        if self.problem == "changed":
            return f"{self.path}：内容已改变（应为 SHA-256 {self.expected}，实为 {self.actual}）"
        if self.problem == "missing":
            return f"{self.path}：缺失（应为 SHA-256 {self.expected}）"
        if self.problem == "extra":
            return f"{self.path}：清单中没有的多余文件"
        return f"{self.path}：{self.actual}"


@dataclass(frozen=True)
class VerifyReport:
    revisions: int
    files: int
    findings: tuple[Finding, ...]
    staging: tuple[Path, ...]  # unfinished staging folders (ignored, reported for information)

    @property
    def ok(self) -> bool:
        return not self.findings


def verify(root: Path) -> VerifyReport:
    """Recompute every digest of every committed revision."""
    findings: list[Finding] = []
    files = 0
    refs = scan(root)
    for ref in refs:
        try:
            manifest = read_manifest(ref.path)
        except ReportError as err:
            findings.append(Finding(ref.path / MANIFEST_NAME, "manifest", actual=err.problems[0].message))
            continue
        if manifest.revision != ref.revision:
            findings.append(Finding(ref.path / MANIFEST_NAME, "manifest",
                                    actual=f"清单中的版本号 {manifest.revision} 与目录 r{ref.revision} 不符"))
        for name, expected in sorted(manifest.files.items()):
            files += 1
            try:
                path = ref.path / check_relative(name)
            except ValueError:  # a manifest naming ../x must not make us read outside the revision
                findings.append(Finding(ref.path / MANIFEST_NAME, "manifest", actual=f"清单中的文件名“{name}”不合法"))
                continue
            try:
                actual = sha256_file(path)
            except FileNotFoundError:
                findings.append(Finding(path, "missing", expected=expected))
                continue
            except OSError as err:  # never a traceback: say which file, and go on with the others
                findings.append(Finding(path, "unreadable", expected=expected, actual=f"无法读取（{err.strerror}）"))
                continue
            if actual != expected:
                findings.append(Finding(path, "changed", expected=expected, actual=actual))
        listed = set(manifest.files) | {MANIFEST_NAME}
        findings.extend(Finding(ref.path / name, "extra") for name in _files_in(ref.path) if name not in listed)
    return VerifyReport(len(refs), files, tuple(findings), tuple(staging_folders(root)))


def _files_in(folder: Path) -> list[str]:
    """Everything but folders under `folder`, as sorted POSIX paths relative to it (os.walk: a
    third of the time of Path.rglob, which verify spent a third of its time in)."""
    found = []
    for parent, _dirs, names in os.walk(folder):
        relative = os.path.relpath(parent, folder)
        found.extend(name if relative == "." else f"{Path(relative).as_posix()}/{name}" for name in names)
    return sorted(found)

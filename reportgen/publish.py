"""Stage 6: put the rendered files where staff find them, never half-written.

Files go to <out>/<office>/<year>/<title>.docx|.pdf. Each is written to a
temporary file beside its target and renamed over it only after every format
rendered, so a failed build leaves the last good files in place.

A build killed half-way leaves its `.part` and `.bak` files behind, and an
archived build its temporary folder: both carry the process id in their
names, and the next write into the same folder (the next temporary folder)
removes those of processes that are gone.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from reportgen.errors import Problem, ReportError, describe_os_error

# Characters Windows, macOS or Linux refuse in a file name, and control characters.
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]')
MAX_NAME_CHARS = 80  # 80 CJK characters are 240 bytes, under the usual 255-byte limit
# File systems count a name's bytes (255 on ext4, XFS, Btrfs, NTFS via UTF-16…): a rare
# character of CJK Extension B is 4 bytes, so 80 of them are 320. 240 leaves room for ".docx".
MAX_NAME_BYTES = 240
# What a killed process leaves is another's while that process lives; after a day it is debris anyway
# (a process id may have been reused).
STALE_SECONDS = 24 * 3600
TEMPORARY_PREFIX = "reportgen-tmp-"


def safe_name(text: str) -> str:
    """A single path component from user text: no separators, no "..", not empty, short enough.

    Only the file name is shortened: the document and the archive's manifest
    keep the full title.
    """
    name = _UNSAFE.sub("_", text).strip().strip(".")
    name = name[:MAX_NAME_CHARS].strip()
    while len(name.encode("utf-8")) > MAX_NAME_BYTES:
        name = name[:-1]
    name = name.strip()
    return name or "_"


def output_paths(out_dir: Path, office: str, year: int, title: str, formats) -> dict[str, Path]:
    folder = out_dir / safe_name(office) / str(year)
    return {fmt: folder / f"{safe_name(title)}.{fmt}" for fmt in formats}


def check_output_dir(out_dir: Path) -> None:
    """Before anything is rendered: `out_dir` must be a folder we can write in, or one we can make.

    Raises ReportError for a regular file (or a path under one), a folder without
    write permission, or a place where no folder can be made (/proc/self).
    """
    path = Path(out_dir)
    existing = path
    while not existing.exists() and existing != existing.parent:
        if existing.is_symlink():  # a link pointing nowhere
            break
        existing = existing.parent
    if existing.exists() and not existing.is_dir():
        where = "输出目录" if existing == path else f"输出目录“{path}”中的“{existing}”"
        raise ReportError(Problem(f"{where}是一个文件，不是文件夹", file=str(path),
                                  hint="请用 -o 指定一个文件夹（不存在时会自动创建）。"))
    if not os.access(existing, os.W_OK | os.X_OK):
        raise ReportError(Problem(f"没有在“{existing}”中写入的权限", file=str(path),
                                  hint="请用 -o 指定一个自己能写入的文件夹。"))


def write_all(files: dict[Path, bytes]) -> None:
    """Write every file aside first, then rename each into place.

    If a rename fails after others succeeded, the files already replaced are
    put back from backups, so the folder holds either all new files or the
    last good ones. An OSError becomes a ReportError in Chinese.
    """
    try:
        _write_all(files)
    except OSError as err:
        raise ReportError(_write_problem(err)) from None


def _write_problem(err: OSError) -> Problem:
    where = err.filename or ""
    if err.errno in (errno.ENOTDIR, errno.EEXIST):
        hint = "输出目录的路径中有一部分是文件而不是文件夹；请用 -o 指定另一个文件夹。"
    elif err.errno == errno.ENAMETOOLONG:
        hint = "请缩短输出目录的路径，或用 title 写一个短一些的标题。"
    elif err.errno in (errno.ENOSPC, errno.EDQUOT):
        hint = "请清理磁盘空间后重新生成。"
    else:
        hint = "请检查输出目录，或用 -o 指定另一个文件夹。"
    return Problem(f"无法写入输出文件：{describe_os_error(err)}，未生成任何文件", file=str(where) or None,
                   hint=hint)


def _write_all(files: dict[Path, bytes]) -> None:
    staged: list[tuple[Path, Path]] = []
    backups: list[tuple[Path, Path]] = []
    replaced: list[Path] = []
    try:
        for folder in dict.fromkeys(target.parent for target in files):  # the DOCX and the PDF share one
            folder.mkdir(parents=True, exist_ok=True)
            remove_stale_leftovers(folder)
        for target, data in files.items():
            staged.append((_write_aside(target, data), target))
        for _, target in staged:
            if target.is_file():
                backup = target.with_name(f"{_aside_stem(target)}.rg{os.getpid()}{target.suffix}.bak")
                os.link(target, backup)
                backups.append((backup, target))
        for tmp, target in staged:
            os.replace(tmp, target)
            replaced.append(target)
    except BaseException:
        restored = {target for _, target in backups}
        for backup, target in backups:
            if target in replaced:
                os.replace(backup, target)
        for target in replaced:
            if target not in restored:
                target.unlink(missing_ok=True)
        raise
    finally:
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)
        for backup, _ in backups:
            backup.unlink(missing_ok=True)


def _aside_stem(target: Path) -> str:
    """The start of the names written beside `target`: short, whatever the title's length."""
    return f".{target.stem[:20]}"


def _write_aside(target: Path, data: bytes) -> Path:
    fd, tmp = tempfile.mkstemp(prefix=f"{_aside_stem(target)}.rg{os.getpid()}-", suffix=".part", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return Path(tmp)


# .<title>.rg<pid>-<random>.part and .<title>.rg<pid>.docx.bak (the title may hold dots itself).
_LEFTOVER = re.compile(r"\.rg(\d+)(?:-[^./]*)?(?:\.[A-Za-z0-9]+)?\.(?:part|bak)$")


def remove_stale_leftovers(folder: Path) -> list[Path]:
    """Remove the `.part` and `.bak` files killed builds left in `folder` (not those of running ones)."""
    removed = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        match = _LEFTOVER.search(entry.name)
        older = entry.name.startswith(".") and entry.name.endswith(".part")  # written before names had the pid
        if (match is None and not older) or not entry.is_file(follow_symlinks=False):
            continue
        if _is_stale(int(match.group(1)) if match else None, entry):
            with contextlib.suppress(OSError):
                os.unlink(entry.path)
                removed.append(Path(entry.path))
    return removed


def _is_stale(pid: int | None, entry: os.DirEntry) -> bool:
    try:
        info = entry.stat(follow_symlinks=False)
    except OSError:
        return False
    if info.st_uid != os.getuid():
        return False  # another user's: not ours to remove
    if time.time() - info.st_mtime > STALE_SECONDS:
        return True
    if pid is None or pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except OSError:
        return False
    return False


@contextlib.contextmanager
def temporary_folder(purpose: str) -> Iterator[Path]:
    """A scratch folder in the system's temporary directory, removed on the way out.

    Named reportgen-tmp-<pid>-<purpose>-…: a killed process cannot remove its
    own, so each new one first removes those of processes that are gone.
    """
    remove_stale_temporary_folders()
    folder = Path(tempfile.mkdtemp(prefix=f"{TEMPORARY_PREFIX}{os.getpid()}-{purpose}-"))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


_TEMPORARY = re.compile(rf"^{re.escape(TEMPORARY_PREFIX)}(\d+)-")


def remove_stale_temporary_folders() -> list[Path]:
    removed = []
    try:
        entries = list(os.scandir(tempfile.gettempdir()))
    except OSError:
        return removed
    for entry in entries:
        match = _TEMPORARY.match(entry.name)
        if match is None or not entry.is_dir(follow_symlinks=False):
            continue
        if _is_stale(int(match.group(1)), entry):
            shutil.rmtree(entry.path, ignore_errors=True)
            removed.append(Path(entry.path))
    return removed

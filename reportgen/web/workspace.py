"""The folder `reportgen serve` opens: what is in it, and the only door to its files.

Every path the page names is relative to the workspace and goes through
`Workspace.resolve`, which refuses absolute paths, "..", and anything that a
symbolic link leads outside. Saving writes aside and renames (publish.write_all),
keeps the replaced version under .reportgen/history/ and refuses to replace a file
that changed on disk since it was read: the page then offers to reload or keep both.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from reportgen.web import pipeline

INPUT_SUFFIXES = (".yaml", ".yml")
LEDGER_SUFFIXES = (".csv", ".xlsx", ".xls")
HISTORY_DIR = ".reportgen/history"
# Folders that never hold a year's input: outputs, archives, tools.
SKIPPED_DIRS = {"output", "node_modules", "__pycache__", "fonts", "templates"}
MAX_SCAN_FILES = 2000  # a workspace is a few offices' folders, not a disk
MAX_DEPTH = 3
MAX_VERSIONS = 200  # per file: older ones are dropped


class OutsideWorkspace(ValueError):
    """A path the page sent that does not name a file inside the workspace."""


class ChangedOnDisk(Exception):
    """The file is not what the editor read: someone else wrote it since."""


def digest(data: bytes | None) -> str | None:
    return None if data is None else hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class InputFile:
    path: str  # relative to the workspace, with "/"
    office: str | None
    year: int | None
    problem: str | None  # why it could not be read, in Chinese


@dataclass(frozen=True)
class Folder:
    path: str  # relative, "" for the workspace itself
    inputs: tuple[InputFile, ...]
    ledgers: tuple[str, ...]

    @property
    def office(self) -> str:
        names = [i.office for i in self.inputs if i.office]
        return names[-1] if names else (self.path or "（工作文件夹）")

    def latest(self) -> InputFile | None:
        dated = [i for i in self.inputs if i.year is not None]
        return max(dated, key=lambda i: i.year) if dated else None


@dataclass(frozen=True)
class Version:
    stamp: str  # file name in the history folder, sortable
    size: int

    @property
    def shown(self) -> str:
        when = dt.datetime.strptime(self.stamp[:15], "%Y%m%d-%H%M%S")
        return when.strftime("%Y年%m月%d日 %H:%M:%S")


class Workspace:
    def __init__(self, root: Path):
        self.root = Path(root).resolve(strict=True)
        if not self.root.is_dir():
            raise NotADirectoryError(str(root))

    # --- confinement ---------------------------------------------------------------

    def resolve(self, relative: str, *, for_writing: bool = False) -> Path:
        """The real path of `relative`, which must stay inside the workspace."""
        if not isinstance(relative, str) or not relative.strip():
            raise OutsideWorkspace("没有给出文件")
        text = relative.strip()
        if "\x00" in text or "\\" in text or re.match(r"^[A-Za-z]:", text):
            raise OutsideWorkspace(f"不是工作文件夹中的路径：{text}")
        pure = PurePosixPath(text)
        if pure.is_absolute() or any(part in ("..", "") for part in pure.parts):
            raise OutsideWorkspace(f"不是工作文件夹中的路径：{text}")
        candidate = self.root.joinpath(*pure.parts)
        real = candidate.resolve()
        if not real.is_relative_to(self.root):
            raise OutsideWorkspace(f"路径指向工作文件夹之外：{text}")
        if for_writing and candidate.is_symlink():
            # Renaming over a link would replace the link, not what it names: refuse both.
            raise OutsideWorkspace(f"不能写入符号链接：{text}")
        return real

    def inside(self, path: Path) -> bool:
        try:
            return Path(path).resolve().is_relative_to(self.root)
        except OSError:
            return False

    def relative(self, path: Path) -> str:
        return Path(path).resolve().relative_to(self.root).as_posix()

    def beside(self, input_relative: str, name: str) -> str:
        """A file named in an input (a ledger), relative to the input's folder, as a workspace path."""
        folder = PurePosixPath(input_relative).parent
        joined = os.path.normpath(str(folder / name)).replace(os.sep, "/")
        self.resolve(joined)  # refuses one that leads outside
        return joined

    # --- what is here --------------------------------------------------------------

    def folders(self) -> list[Folder]:
        found: dict[str, tuple[list[InputFile], list[str]]] = {}
        count = 0
        for dirpath, dirnames, filenames in os.walk(self.root):
            here = Path(dirpath)
            depth = len(here.relative_to(self.root).parts)
            dirnames[:] = sorted(
                d for d in dirnames
                if not d.startswith(".") and d not in SKIPPED_DIRS and depth < MAX_DEPTH
                and not (here / d).is_symlink()
            )
            for name in sorted(filenames):
                if name.startswith((".", "~$")):
                    continue
                path = here / name
                if path.is_symlink() and not self.inside(path):
                    continue
                count += 1
                if count > MAX_SCAN_FILES:
                    break
                rel_dir = here.relative_to(self.root).as_posix()
                rel_dir = "" if rel_dir == "." else rel_dir
                inputs, ledgers = found.setdefault(rel_dir, ([], []))
                relative = f"{rel_dir}/{name}" if rel_dir else name
                suffix = path.suffix.lower()
                if suffix in INPUT_SUFFIXES:
                    peek = pipeline.peek_input(path)
                    if peek is not None:
                        inputs.append(InputFile(relative, *peek))
                elif suffix in LEDGER_SUFFIXES:
                    ledgers.append(relative)
        return [
            Folder(path, tuple(sorted(inputs, key=lambda i: (i.year or 0, i.path))), tuple(ledgers))
            for path, (inputs, ledgers) in sorted(found.items()) if inputs
        ]

    def remove_stale_drafts(self, prefix: str, older_than_s: float = 600) -> int:
        """Preview drafts a killed server left beside the inputs (pipeline writes and removes them)."""
        removed = 0
        now = dt.datetime.now().timestamp()
        for dirpath, dirnames, filenames in os.walk(self.root):
            depth = len(Path(dirpath).relative_to(self.root).parts)
            dirnames[:] = [d for d in dirnames if not d.startswith(".") and d not in SKIPPED_DIRS and depth < MAX_DEPTH]
            for name in filenames:
                path = Path(dirpath) / name
                if name.startswith(prefix) and not path.is_symlink() and now - path.stat().st_mtime > older_than_s:
                    path.unlink(missing_ok=True)
                    removed += 1
        return removed

    # --- reading and writing -------------------------------------------------------

    def read(self, relative: str) -> bytes:
        return self.resolve(relative).read_bytes()

    def read_if_exists(self, relative: str) -> bytes | None:
        try:
            return self.read(relative)
        except FileNotFoundError:
            return None

    def save(self, relative: str, data: bytes, expected: str | None) -> str:
        """Replace the file with `data` if it is still the version whose digest is `expected`
        (None: it must not exist yet). The replaced version goes into the history.
        Returns the new digest."""
        path = self.resolve(relative, for_writing=True)
        current = path.read_bytes() if path.exists() else None
        if digest(current) != expected:
            raise ChangedOnDisk(relative)
        if current == data:
            return expected  # nothing to write; no empty history entry either
        if current is not None:
            self._keep(relative, current)
        pipeline.write_atomically(path, data)
        return digest(data)

    def create(self, relative: str, data: bytes) -> str:
        """Write a new file; refuses to replace one that exists."""
        return self.save(relative, data, expected=None)

    def free_name(self, relative: str, label: str) -> str:
        """`2011.yaml` → `2011（label）.yaml`, numbered on until the name is free."""
        pure = PurePosixPath(relative)
        for n in range(1, 1000):
            tail = f"（{label}）" if n == 1 else f"（{label}{n}）"
            candidate = str(pure.with_name(f"{pure.stem}{tail}{pure.suffix}"))
            if not self.resolve(candidate).exists():
                return candidate
        raise OutsideWorkspace("找不到可用的文件名")

    # --- history -------------------------------------------------------------------

    def _history_dir(self, relative: str) -> Path:
        return self.root / HISTORY_DIR / PurePosixPath(relative)

    def _keep(self, relative: str, data: bytes) -> None:
        folder = self._history_dir(relative)
        folder.mkdir(parents=True, exist_ok=True)
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
        pipeline.write_atomically(folder / f"{stamp}{PurePosixPath(relative).suffix}", data)
        for old in self.versions(relative)[MAX_VERSIONS:]:
            (folder / old.stamp).unlink(missing_ok=True)

    def versions(self, relative: str) -> list[Version]:
        """Earlier versions of the file, newest first."""
        self.resolve(relative)
        folder = self._history_dir(relative)
        if not folder.is_dir():
            return []
        found = [
            Version(entry.name, entry.stat().st_size)
            for entry in os.scandir(folder)
            if entry.is_file(follow_symlinks=False) and re.match(r"^\d{8}-\d{6}-\d{6}\.", entry.name)
        ]
        return sorted(found, key=lambda v: v.stamp, reverse=True)

    def read_version(self, relative: str, stamp: str) -> bytes:
        if stamp not in {v.stamp for v in self.versions(relative)}:
            raise OutsideWorkspace(f"没有这个历史版本：{stamp}")
        return (self._history_dir(relative) / stamp).read_bytes()

"""The input set of a report: its YAML and every file the build reads beside it.

A report's text can depend on more than its YAML: ledger files, a catalogue
written by the office, and the previous year's input (with its own ledger)
for year-on-year figures. To be rebuildable, an archived revision keeps all
of them under input/, at the same paths relative to one another, so that a
build of the archived YAML finds them exactly where the original build did.

Which files a build reads is reported by the build itself
(reportgen.build.Composed.inputs); `input_set` copies exactly those, and
ingest.py proves the copy stands alone by composing the report from it once.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from reportgen.errors import Problem, ReportError

INPUT_DIR = "input"  # the input set's folder inside a revision


@dataclass(frozen=True)
class InputSet:
    main: str  # the report's YAML, relative to the set's root (POSIX)
    files: dict[str, bytes]  # relative path -> content, the main YAML included

    def write(self, folder: Path) -> Path:
        """Write the set under `folder` (never over an existing file); returns the main YAML's path."""
        targets = {name: folder / check_relative(name) for name in self.files}
        taken = [str(path) for path in targets.values() if path.exists()]
        if taken:
            raise ReportError(Problem(f"文件已存在，未覆盖：{'、'.join(taken)}", hint="请用 -o 指定另一个文件夹。"))
        for name, path in targets.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("xb") as handle:
                handle.write(self.files[name])
        return targets[self.main]


def check_relative(name: str) -> str:
    """A relative path that stays inside its folder; ValueError otherwise (names come from PDFs and manifests)."""
    path = PurePosixPath(name)
    if (not name or "\\" in name or "\x00" in name or path.is_absolute()
            or any(part in ("", ".", "..") for part in name.split("/"))):
        raise ValueError(f"unsafe relative path: {name!r}")
    return name


def input_set(main: Path, files: Iterable[Path]) -> InputSet:
    """The files read to compose `main` (main first), with paths relative to the
    deepest folder holding all of them."""
    found = list(dict.fromkeys(path.resolve() for path in (main, *files)))
    base = Path(os.path.commonpath([path.parent for path in found]))
    contents = {}
    for path in found:
        try:
            contents[path.relative_to(base).as_posix()] = path.read_bytes()
        except OSError as err:
            raise ReportError(Problem(f"无法读取输入文件引用的文件：{err.strerror}", file=str(path))) from None
    return InputSet(found[0].relative_to(base).as_posix(), contents)

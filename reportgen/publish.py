"""Stage 6: put the rendered files where staff find them, never half-written.

Files go to <out>/<office>/<year>/<title>.docx|.pdf. Each is written to a
temporary file beside its target and renamed over it only after every format
rendered, so a failed build leaves the last good files in place.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

# Characters Windows, macOS or Linux refuse in a file name, and control characters.
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]')
MAX_NAME_CHARS = 80  # 80 CJK characters are 240 bytes, under the usual 255-byte limit


def safe_name(text: str) -> str:
    """A single path component from user text: no separators, no "..", not empty."""
    name = _UNSAFE.sub("_", text).strip().strip(".")
    name = name[:MAX_NAME_CHARS].strip()
    return name or "_"


def output_paths(out_dir: Path, office: str, year: int, title: str, formats) -> dict[str, Path]:
    folder = out_dir / safe_name(office) / str(year)
    return {fmt: folder / f"{safe_name(title)}.{fmt}" for fmt in formats}


def write_all(files: dict[Path, bytes]) -> None:
    """Write every file aside first, then rename each into place."""
    staged: list[tuple[Path, Path]] = []
    try:
        for target, data in files.items():
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{target.stem[:20]}.", suffix=".part",
                                       dir=target.parent)
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            staged.append((Path(tmp), target))
        for tmp, target in staged:
            os.replace(tmp, target)
    finally:
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)

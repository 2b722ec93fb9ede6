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
    """Write every file aside first, then rename each into place.

    If a rename fails after others succeeded, the files already replaced are
    put back from backups, so the folder holds either all new files or the
    last good ones.
    """
    staged: list[tuple[Path, Path]] = []
    backups: list[tuple[Path, Path]] = []
    replaced: list[Path] = []
    try:
        for target, data in files.items():
            target.parent.mkdir(parents=True, exist_ok=True)
            staged.append((_write_aside(target, data), target))
        for _, target in staged:
            if target.is_file():
                backup = target.with_name(f".{target.name}.{os.getpid()}.bak")
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


def _write_aside(target: Path, data: bytes) -> Path:
    fd, tmp = tempfile.mkstemp(prefix=f".{target.stem[:20]}.", suffix=".part", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return Path(tmp)

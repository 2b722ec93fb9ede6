"""Where reportgen keeps what it can compute again but would rather not: the
faces' advances (paginate/metrics.py), the word boundaries of titles
(compose/title.py) and the compiled report templates (compose/templates.py).
Losing the folder only costs time; a cache that cannot be written is skipped silently.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

CACHE_ENV = "REPORTGEN_CACHE"


def cache_dir(kind: str) -> Path:
    """The folder for one kind of cached data: $REPORTGEN_CACHE, else the XDG cache."""
    base = os.environ.get(CACHE_ENV) or os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "reportgen" / kind


def read_json(path: Path):
    """The cached value, or None when there is none (or it cannot be read)."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def write_json(path: Path, data) -> None:
    """Written aside and renamed, so a reader never sees half a file."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".part")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(data, handle, ensure_ascii=False)
        os.replace(tmp, path)
    except OSError:
        pass

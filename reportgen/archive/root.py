"""Where the archive is. Kept apart from store.py so that every build can ask
(for last year's input) without importing what writing to an archive needs."""

from __future__ import annotations

import os
from pathlib import Path

ARCHIVE_ENV = "REPORTGEN_ARCHIVE"
DEFAULT_ROOT = Path("output") / "archive"


def archive_root(cli_value: str | os.PathLike[str] | None) -> Path:
    """Where the archive is: --archive-root, else $REPORTGEN_ARCHIVE, else output/archive."""
    if cli_value:
        return Path(cli_value)
    env = os.environ.get(ARCHIVE_ENV, "").strip()
    return Path(env) if env else DEFAULT_ROOT

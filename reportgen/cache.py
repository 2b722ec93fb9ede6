"""Where reportgen keeps what it can compute again: face metrics, compiled templates.

$REPORTGEN_CACHE, else $XDG_CACHE_HOME/reportgen, else ~/.cache/reportgen. Nothing
here is ever needed: a cache that cannot be written only costs time.
"""

from __future__ import annotations

import os
from pathlib import Path

CACHE_ENV = "REPORTGEN_CACHE"


def cache_dir(kind: str) -> Path:
    """The folder for one kind of cached data ("metrics", "templates")."""
    own = os.environ.get(CACHE_ENV)
    base = Path(own) if own else Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "reportgen"
    return base / kind

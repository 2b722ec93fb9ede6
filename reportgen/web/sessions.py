"""What each open editor tab holds: the file it opened, the draft, the ledgers being edited.

A tab's draft lives here until it is saved, so a reload of the page loses
nothing; the digest of the bytes it was opened from is how a save notices that
the file changed on disk in the meantime.
"""

from __future__ import annotations

import secrets
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from reportgen.errors import FieldPath
from reportgen.web.ledger_grid import LedgerGrid
from reportgen.web.workspace import digest
from reportgen.web.yamldoc import YamlDocument

MAX_SESSIONS = 64  # open tabs kept; the oldest unused goes first


def _order_for(path: FieldPath) -> list[str]:
    from reportgen.web.schema_form import model_at, yaml_keys

    try:
        return yaml_keys(model_at(path))
    except KeyError:
        return []


@dataclass
class EditSession:
    id: str
    path: str  # the input, relative to the workspace
    doc: YamlDocument
    base: str  # digest of the bytes on disk the draft started from
    version: int = 0
    saved_version: int = 0
    ledgers: dict[str, LedgerGrid] = field(default_factory=dict)
    lock: threading.RLock = field(default_factory=threading.RLock)
    notice: str | None = None  # told once on the next page view (e.g. "已恢复历史版本")

    @property
    def dirty(self) -> bool:
        return self.version != self.saved_version or any(grid.dirty for grid in self.ledgers.values())

    def changed(self, draft: bool = True) -> int:
        """A new version to preview: the draft was edited, or (`draft` False) a file it reads was
        saved (a ledger), which leaves the draft as saved as it was."""
        unchanged = self.version == self.saved_version
        self.version += 1
        if not draft and unchanged:
            self.saved_version = self.version
        return self.version

    def load(self, raw: bytes, base: str | None = None) -> None:
        """Start over from `raw` (a reload, or a version from the history)."""
        self.doc = open_document(raw, self.path)
        self.base = base if base is not None else digest(raw)
        self.version += 1
        self.saved_version = self.version if base is None else self.saved_version


def open_document(raw: bytes, name: str) -> YamlDocument:
    return YamlDocument(raw, name, order_for=_order_for)


class Sessions:
    def __init__(self, on_evict: Callable[[str], None] | None = None) -> None:
        self._sessions: OrderedDict[str, EditSession] = OrderedDict()
        self._lock = threading.Lock()
        self._on_evict = on_evict  # the preview forgets an evicted tab's drafts and pages

    def open(self, path: str, raw: bytes) -> EditSession:
        doc = open_document(raw, path)
        session = EditSession(secrets.token_urlsafe(12), path, doc, digest(raw))
        with self._lock:
            self._sessions[session.id] = session
            evicted = []
            while len(self._sessions) > MAX_SESSIONS:
                evicted.append(self._sessions.popitem(last=False)[0])
        for old in evicted:
            if self._on_evict is not None:
                self._on_evict(old)
        return session

    def get(self, session_id: str) -> EditSession | None:
        with self._lock:
            session = self._sessions.get(session_id)
            if session is not None:
                self._sessions.move_to_end(session_id)
            return session

    def all(self) -> list[Any]:
        with self._lock:
            return list(self._sessions.values())

"""The archive of every report: kept safely, searchable across years, rebuildable.

<root>/<office>/<year>/r<N>/ holds one revision: the input YAML, the DOCX, the
PDF/A-3b PDF (with the YAML and a manifest embedded), the plain text and
manifest.json (SHA-256 of every file). Revisions are numbered and never
written again. index.sqlite3 in the root makes them searchable and is
rebuilt from the files whenever it cannot be trusted. See docs/archive.md.

Modules: store (layout, commit, verify), manifest, index (SQLite + FTS5),
service (an opened archive), ingest (build, import), pdfa, textextract, cli.
The names below are imported on first use: reportgen/cli.py imports
reportgen.archive.cli for every command, and that should cost nothing.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from reportgen.archive.index import Hit, Row, SearchResult
    from reportgen.archive.ingest import ArchivedRevision, archive_build, import_report, store_revision
    from reportgen.archive.inputs import InputSet
    from reportgen.archive.manifest import Manifest
    from reportgen.archive.root import ARCHIVE_ENV, archive_root
    from reportgen.archive.service import Archive, RevisionInfo
    from reportgen.archive.store import Finding, VerifyReport

_EXPORTS = {
    "Hit": "index", "Row": "index", "SearchResult": "index",
    "ArchivedRevision": "ingest", "archive_build": "ingest", "import_report": "ingest", "store_revision": "ingest",
    "InputSet": "inputs",
    "Manifest": "manifest",
    "Archive": "service", "RevisionInfo": "service",
    "ARCHIVE_ENV": "root", "archive_root": "root", "Finding": "store", "VerifyReport": "store",
}


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def previous_lookup(root: Path):
    """The build's look-up of last year's input in the archive at `root`
    (reportgen.build.PreviousLookup): the latest built revision of (office, year)."""

    def lookup(office: str, year: int) -> Path | None:
        if not Path(root).is_dir():
            return None
        # sqlite3 and the rest of the archive only when there is an archive.
        from reportgen.archive.service import previous_year_input as find

        return find(Path(root), office, year + 1)

    return lookup


def previous_year_input(root: Path, office: str, year: int) -> Path | None:
    """The archived input YAML of the latest built revision of (office, year - 1), or None.

    For year-on-year figures: `office` is the exact name as in the YAML.
    """
    from reportgen.archive.service import previous_year_input as find

    return find(Path(root), office, year)


def extract_input(pdf_path: Path) -> bytes:
    """The input YAML embedded in an archived PDF (ReportError if there is none)."""
    from reportgen.archive.pdfa import extract_input as extract

    return extract(Path(pdf_path))


def extract_inputs(pdf_path: Path) -> InputSet:
    """The YAML and the files it reads, as embedded in an archived PDF; InputSet.write() puts them on disk."""
    from reportgen.archive.pdfa import extract_inputs as extract

    return extract(Path(pdf_path))


__all__ = [
    "ARCHIVE_ENV",
    "Archive",
    "ArchivedRevision",
    "Finding",
    "Hit",
    "InputSet",
    "Manifest",
    "RevisionInfo",
    "Row",
    "SearchResult",
    "VerifyReport",
    "archive_build",
    "archive_root",
    "extract_input",
    "extract_inputs",
    "import_report",
    "previous_lookup",
    "previous_year_input",
    "store_revision",
]

"""The manifest of one archived revision: what it holds and what made it.

One JSON file per revision (manifest.json): sorted keys, UTF-8, Chinese kept
readable (ensure_ascii=False), so staff can open it and a diff between two
revisions is meaningful. It lists the SHA-256 of every other file of the
revision; `archive verify` recomputes them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import asdict, dataclass, field, fields
from enum import Enum
from pathlib import Path
from typing import Any

from reportgen.errors import Problem, ReportError

MANIFEST_NAME = "manifest.json"
MANIFEST_VERSION = 1  # bumped when a field changes meaning; readers refuse newer versions


@dataclass(frozen=True)
class Manifest:
    office: str
    year: int
    title: str
    # None only in the draft embedded in the PDF: the number is claimed when the
    # revision is committed, after the PDF has been rendered.
    revision: int | None
    created: str  # ISO 8601, UTC, e.g. 2024-05-01T08:30:00Z
    reportgen_version: str
    # Both None for imported reports, which reportgen did not make.
    template_digest: str | None
    profile_digest: str | None
    files: dict[str, str] = field(default_factory=dict)  # path in the revision (POSIX) -> SHA-256 (hex)
    # The report's YAML, e.g. "input/2011.yaml"; beside it the files it reads
    # (ledgers, catalogue, previous year). None for imports.
    input: str | None = None
    imported: bool = False
    source_name: str | None = None  # the imported file's original name
    manifest_version: int = MANIFEST_VERSION

    def to_json(self) -> bytes:
        return (json.dumps(asdict(self), sort_keys=True, ensure_ascii=False, indent=2) + "\n").encode("utf-8")

    @classmethod
    def from_json(cls, data: bytes, where: str) -> Manifest:
        """Parse a manifest; a damaged one is a ReportError naming the file."""
        try:
            raw = json.loads(data.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as err:
            raise ReportError(Problem(f"归档清单已损坏，无法读取（{err}）", file=where)) from None
        if not isinstance(raw, dict):
            raise ReportError(Problem("归档清单已损坏：最外层不是 JSON 对象", file=where))
        known = {f.name for f in fields(cls)}
        required = known - {"files", "input", "imported", "source_name", "manifest_version"}
        missing = sorted(required - raw.keys())
        if missing:
            raise ReportError(Problem(f"归档清单缺少字段：{'、'.join(missing)}", file=where))
        if raw.get("manifest_version", 1) > MANIFEST_VERSION:
            raise ReportError(Problem(
                "归档清单由更新版本的 reportgen 写成", file=where, hint="请升级 reportgen 后再读取此归档。",
            ))
        values = {key: value for key, value in raw.items() if key in known}
        if not _well_typed(values):
            raise ReportError(Problem("归档清单已损坏：字段类型不对", file=where))
        return cls(**values)

    @property
    def kind(self) -> str:
        return "imported" if self.imported else "built"


def _well_typed(values: dict[str, Any]) -> bool:
    files = values.get("files", {})
    return (
        isinstance(values["office"], str) and isinstance(values["title"], str)
        and isinstance(values["year"], int) and not isinstance(values["year"], bool)
        and (values["revision"] is None or isinstance(values["revision"], int))
        and isinstance(values.get("input"), str | None)
        and isinstance(files, dict)
        and all(isinstance(k, str) and isinstance(v, str) for k, v in files.items())
    )


def reportgen_version() -> str:
    try:
        from reportgen import __version__
    except ImportError:
        # An editable install imported from outside the checkout can yield reportgen
        # as a bare namespace package, without __init__'s attributes.
        from importlib.metadata import version

        return version("reportgen")
    return __version__


def utc_now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def template_digest(override_dir: Path | None) -> str:
    """SHA-256 over the templates a build actually used: name and bytes of each.

    The override folder wins over the shipped one name by name, as the Jinja
    ChoiceLoader does (compose/templates.py), so two builds with the same
    digest used the same template text.
    """
    from reportgen.compose.templates import shipped_templates_dir

    chosen: dict[str, Path] = {}
    for folder in (shipped_templates_dir(), override_dir):
        if folder is None or not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*.j2")):
            chosen[path.relative_to(folder).as_posix()] = path
    digest = hashlib.sha256()
    for name in sorted(chosen):
        data = chosen[name].read_bytes()
        # Length-prefixed so that no two different sets hash alike.
        for part in (name.encode("utf-8"), data):
            digest.update(len(part).to_bytes(8, "big"))
            digest.update(part)
    return digest.hexdigest()


def profile_digest(profile: Any) -> str:
    """SHA-256 of a stable rendering of the layout profile (enums by value, keys sorted)."""
    text = json.dumps(_plain(asdict(profile)), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _plain(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dict):
        return {str(_plain(key)): _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value

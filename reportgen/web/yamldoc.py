"""A year's YAML as the editor holds it: ruamel's round-trip tree, edited in place.

What the page does not touch is written back byte for byte: comments, key
order, quoting, flow or block style and line layout. The indentation is found by
trying the usual ones until a no-op round trip gives the file back unchanged
(`exact` says whether one did). An edited text keeps the quoting it had; a new
item takes its siblings' quoting.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Callable
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import LiteralScalarString

from reportgen.errors import FieldPath
from reportgen.web import pipeline

# (mapping, sequence, offset): the common ways of indenting, most likely first.
INDENTS = ((2, 4, 2), (2, 2, 0), (4, 4, 2), (4, 6, 4), (4, 4, 0), (3, 5, 2))
_STEP = re.compile(r"\.?([^.\[\]]+)|\[(\d+)\]")


def parse_path(text: str) -> FieldPath:
    """"summary.sections[2].heading" → ("summary", "sections", 2, "heading"), as load.format_path writes it."""
    if not text:
        return ()
    parts: list[str | int] = []
    position = 0
    for match in _STEP.finditer(text):
        if match.start() != position:
            raise ValueError(f"字段路径有误：{text}")
        position = match.end()
        parts.append(int(match.group(2)) if match.group(2) is not None else match.group(1))
    if position != len(text):
        raise ValueError(f"字段路径有误：{text}")
    return tuple(parts)


class YamlDocument:
    """One input file, parsed for editing. Raises ReportError (Chinese, with line) on a bad file."""

    def __init__(self, raw: bytes, name: str, order_for: Callable[[FieldPath], list[str]] | None = None):
        self.name = name
        # The field order of the mapping at a path: a new key goes where the schema lists it.
        self.order_for = order_for
        text, self.bom, self.newline = _decode(raw)
        self.data = pipeline.parse_for_editing(raw, name, text)
        self.indent, self.exact = _find_indent(text, self.data)

    def dump_text(self) -> str:
        yaml = pipeline.round_trip_yaml(self.indent)
        out = io.StringIO()
        yaml.dump(self.data, out)
        return out.getvalue()

    def dump(self) -> bytes:
        text = self.dump_text()
        if self.newline != "\n":
            text = text.replace("\n", self.newline)
        return ("\ufeff" if self.bom else "").encode("utf-8") + text.encode("utf-8")

    # --- reading ---------------------------------------------------------------------

    def get(self, path: FieldPath, default: Any = None) -> Any:
        node: Any = self.data
        for part in path:
            found = (part in node) if isinstance(node, dict) else (
                isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node))
            if not found:
                return default
            node = node[part]
        return node

    # --- writing ---------------------------------------------------------------------

    def set(self, path: FieldPath, value: Any, order: list[str] | None = None) -> None:
        """Set the value at `path`, creating the mappings on the way. `order` is the field
        order of the mapping the last key goes in (a new key goes where the schema puts it)."""
        parent = self._container(path[:-1], create=True)
        key = path[-1]
        if order is None and self.order_for is not None and isinstance(parent, dict):
            order = self.order_for(path[:-1])
        if isinstance(parent, list):
            if not isinstance(key, int) or not 0 <= key <= len(parent):
                raise KeyError(path)
            if key == len(parent):
                parent.append(_styled(value, _sibling(parent)))
            else:
                parent[key] = _styled(value, parent[key])
            return
        if key in parent:
            parent[key] = _styled(value, parent[key])
        else:
            parent.insert(_position(parent, key, order), key, _styled(value, None))

    def delete(self, path: FieldPath) -> None:
        parent = self._container(path[:-1], create=False)
        key = path[-1]
        if isinstance(parent, CommentedMap):
            if key in parent:
                _keep_trailing_comment(parent, key)
                del parent[key]
        elif isinstance(parent, CommentedSeq) and isinstance(key, int) and 0 <= key < len(parent):
            del parent[key]

    def insert(self, path: FieldPath, index: int, value: Any) -> None:
        """Insert `value` at `index` of the list at `path` (created if missing)."""
        seq = self.get(path)
        if not isinstance(seq, list):
            seq = CommentedSeq()
            self.set(path, seq)
            seq = self.get(path)
        index = max(0, min(index, len(seq)))
        seq.insert(index, _styled(value, _sibling(seq)))

    def move(self, path: FieldPath, delta: int) -> FieldPath:
        """Move the list item at `path` by `delta` places; returns its new path."""
        seq = self.get(path[:-1])
        index = path[-1]
        target = index + delta
        if not isinstance(seq, list) or not 0 <= target < len(seq):
            return path
        item = seq.pop(index)
        seq.insert(target, item)
        return (*path[:-1], target)

    def _container(self, path: FieldPath, create: bool) -> Any:
        node: Any = self.data
        for i, part in enumerate(path):
            if isinstance(node, dict):
                if part not in node or node[part] is None:
                    if not create:
                        raise KeyError(path)
                    following = path[i + 1] if i + 1 < len(path) else None
                    order = self.order_for(path[:i]) if self.order_for is not None else None
                    node.insert(_position(node, part, order), part,
                                CommentedSeq() if isinstance(following, int) else CommentedMap())
                node = node[part]
            elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
                node = node[part]
            else:
                raise KeyError(path)
        return node


def _decode(raw: bytes) -> tuple[str, bool, str]:
    bom = raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig", errors="replace")
    newline = "\r\n" if "\r\n" in text else "\n"
    return text.replace("\r\n", "\n"), bom, newline


def _find_indent(text: str, data: Any) -> tuple[tuple[int, int, int], bool]:
    """The indentation under which a no-op round trip gives `text` back unchanged."""
    best, best_diff = INDENTS[0], None
    for indent in INDENTS:
        out = io.StringIO()
        pipeline.round_trip_yaml(indent).dump(data, out)
        dumped = out.getvalue()
        if dumped == text:
            return indent, True
        diff = sum(1 for a, b in zip(dumped.splitlines(), text.splitlines(), strict=False) if a != b)
        if best_diff is None or diff < best_diff:
            best, best_diff = indent, diff
    return best, False


def _sibling(seq: list) -> Any:
    return next((item for item in seq if isinstance(item, str)), None)


def _styled(value: Any, like: Any) -> Any:
    """`value` in the scalar style of `like` (the value it replaces, or a sibling)."""
    if not isinstance(value, str) or type(value) is not str:
        return value
    if isinstance(like, str) and type(like) is not str:
        cls = type(like)
        if "\n" in value and not isinstance(like, LiteralScalarString) and cls.__name__ == "PlainScalarString":
            return LiteralScalarString(value)
        try:
            return cls(value)
        except TypeError:
            return value
    if "\n" in value:
        return LiteralScalarString(value)
    return value


def _position(mapping: CommentedMap, key: str, order: list[str] | None) -> int:
    """Where a new key goes: after the last existing key that comes before it in the schema."""
    if not order or key not in order:
        return len(mapping)
    rank = order.index(key)
    keys = list(mapping)
    position = 0
    for i, existing in enumerate(keys):
        if existing in order and order.index(existing) < rank:
            position = i + 1
    return position


def _keep_trailing_comment(mapping: CommentedMap, key: Any) -> None:
    """The comment lines after a key's value belong to what follows: give them to the key before."""
    comment = mapping.ca.items.get(key)
    if not comment or len(comment) < 3 or comment[2] is None:
        return
    keys = list(mapping)
    index = keys.index(key)
    if index == 0:
        return
    previous = keys[index - 1]
    if isinstance(mapping[previous], (CommentedMap, CommentedSeq)):
        return  # nested: the comment would land inside it; dropping it is the lesser harm
    entry = mapping.ca.items.setdefault(previous, [None, None, None, None])
    if entry[2] is None:
        entry[2] = comment[2]


def to_date(text: str) -> dt.date | str:
    """A date typed in a form: 2012-02-27 (as the date input sends) becomes a YAML date."""
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        return text

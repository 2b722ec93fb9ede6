"""Variants of an example input, changed as parsed YAML rather than by splicing text.

`write_variant` loads an input with ruamel's round trip (comments and layout of
the untouched parts stay), sets or removes fields by path, can replace a piece
of text inside the string values, and writes the result into a folder of its
own together with the files that sit beside the original (its ledgers, last
year's input). Tests that check YAML *syntax* errors still write raw text:
those inputs cannot be parsed to begin with.
"""

from __future__ import annotations

import io
import shutil
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

# "signature.mode", "summary.sections[0].heading", or a tuple of keys and indices.
FieldPath = str | tuple[str | int, ...]


def parse_path(path: FieldPath) -> tuple[str | int, ...]:
    if isinstance(path, tuple):
        return path
    parts: list[str | int] = []
    for piece in path.split("."):
        name, *indices = piece.split("[")
        if name:
            parts.append(name)
        parts += [int(index.rstrip("]")) for index in indices]
    return tuple(parts)


def _yaml() -> YAML:
    yaml = YAML()
    # As the examples are written: long paragraphs on one line, quoted, lists indented under their key.
    yaml.width = 4096
    yaml.allow_unicode = True
    yaml.preserve_quotes = True
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def _set(data: Any, path: tuple[str | int, ...], value: Any) -> None:
    *parents, last = path
    node = data
    for key in parents:
        if isinstance(key, str) and key not in node:
            node[key] = CommentedMap()
        node = node[key]
    node[last] = value


def _remove(data: Any, path: tuple[str | int, ...]) -> None:
    *parents, last = path
    node = data
    for key in parents:
        node = node[key]
    del node[last]


def _replace_in_strings(node: Any, old: str, new: str) -> int:
    """Replace `old` by `new` in every string value below `node`; how many values changed."""
    changed = 0
    items = node.items() if isinstance(node, CommentedMap | dict) else enumerate(node) \
        if isinstance(node, CommentedSeq | list) else ()
    for key, value in list(items):
        if isinstance(value, str) and old in value:
            node[key] = type(value)(value.replace(old, new))  # a quoted string stays quoted
            changed += 1
        elif isinstance(value, CommentedMap | CommentedSeq | dict | list):
            changed += _replace_in_strings(value, old, new)
    return changed


def write_variant(
    folder: Path,
    source: Path,
    *,
    set: Mapping[FieldPath, Any] | None = None,
    remove: tuple[FieldPath, ...] = (),
    replace: Mapping[str, str] | None = None,
    name: str | None = None,
) -> Path:
    """A changed copy of `source` in `folder` (with the files beside it); returns its path."""
    folder.mkdir(parents=True, exist_ok=True)
    for sibling in source.parent.iterdir():
        if sibling.is_file() and sibling != source and not (folder / sibling.name).exists():
            shutil.copyfile(sibling, folder / sibling.name)
    yaml = _yaml()
    data = yaml.load(source.read_text(encoding="utf-8"))
    for path, value in (set or {}).items():
        _set(data, parse_path(path), value)
    for path in remove:
        _remove(data, parse_path(path))
    for old, new in (replace or {}).items():
        if _replace_in_strings(data, old, new) != 1:
            raise AssertionError(f"{source.name}: {old!r} should stand in exactly one text")
    out = io.StringIO()
    yaml.dump(data, out)
    target = folder / (name or source.name)
    target.write_text(out.getvalue(), encoding="utf-8")
    return target


def revise(path: Path, **changes: Any) -> Path:
    """Change an input in place, as parsed YAML (the arguments of write_variant)."""
    return write_variant(path.parent, path, name=path.name, **changes)


def line_of(path: Path, needle: str) -> int:
    """The 1-based line of `path` that holds `needle` (which must stand on exactly one line)."""
    found = [i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line]
    assert len(found) == 1, f"{needle!r} should be on exactly one line of {path}"
    return found[0]

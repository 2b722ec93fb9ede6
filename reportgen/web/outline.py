"""The report as a tree: parts and sections with the numbers the report will give them,
and the edits a clerk makes to its shape (add, delete, move, indent, outdent, run-in).

Numbers come from typography.heading_label by the same rule compose follows:
the summary, the other parts, then the plan, each level numbered in order.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from reportgen.errors import FieldPath
from reportgen.web import pipeline
from reportgen.web.yamldoc import YamlDocument

NEW_HEADING = "新标题"
NEW_PARAGRAPH = "（请在此填写正文）"


@dataclass
class Node:
    path: FieldPath  # the section's (or part's) mapping
    level: int
    number: str
    heading: str | None
    placeholder: str | None  # the heading the report uses when none is written (summary, plan)
    run_in: bool
    paragraphs: list[FieldPath]
    closing: list[FieldPath]
    children: list[Node] = field(default_factory=list)
    index: int | None = None  # place among its siblings (None: summary, plan)
    siblings: int = 0

    @property
    def is_part(self) -> bool:
        return self.level == 1

    @property
    def can_indent(self) -> bool:
        return not self.is_part and bool(self.index) and self.level + _depth(self) < pipeline.max_heading_level()

    @property
    def can_outdent(self) -> bool:
        return self.level > 2

    @property
    def can_move_up(self) -> bool:
        return self.index is not None and self.index > 0

    @property
    def can_move_down(self) -> bool:
        return self.index is not None and self.index < self.siblings - 1

    @property
    def can_add_child(self) -> bool:
        return self.level < pipeline.max_heading_level()


def _depth(node: Node) -> int:
    return 1 + max((_depth(child) for child in node.children), default=0)


def tree(doc: YamlDocument) -> list[Node]:
    """Level-1 nodes in report order: summary, parts, plan."""
    year = doc.get(("year",))
    year = year if isinstance(year, int) else None
    parts: list[Node] = []
    placeholders = {
        "summary": f"{year}年工作总结" if year else "工作总结",
        "plan": f"{year + 1}年工作打算" if year else "工作打算",
    }
    order: list[tuple[FieldPath, Any, str | None, int | None, int]] = []
    if isinstance(doc.get(("summary",)), dict):
        order.append((("summary",), doc.get(("summary",)), placeholders["summary"], None, 0))
    others = doc.get(("parts",))
    if isinstance(others, list):
        order += [(("parts", i), part, None, i, len(others)) for i, part in enumerate(others) if isinstance(part, dict)]
    if isinstance(doc.get(("plan",)), dict):
        order.append((("plan",), doc.get(("plan",)), placeholders["plan"], None, 0))
    for number, (path, mapping, placeholder, index, siblings) in enumerate(order, 1):
        parts.append(_node(path, mapping, 1, number, placeholder, index, siblings))
    return parts


def _node(path: FieldPath, mapping: dict, level: int, n: int, placeholder: str | None,
          index: int | None, siblings: int) -> Node:
    heading = mapping.get("heading")
    node = Node(
        path=path, level=level,
        number=pipeline.heading_number(level, n) if level <= pipeline.max_heading_level() else "",
        heading=heading if isinstance(heading, str) else None, placeholder=placeholder,
        run_in=mapping.get("run_in") is True,
        paragraphs=_texts(path, mapping, "paragraphs"), closing=_texts(path, mapping, "closing"),
        index=index, siblings=siblings,
    )
    children = mapping.get("sections")
    if isinstance(children, list):
        for i, child in enumerate(children):
            if isinstance(child, dict):
                node.children.append(_node((*path, "sections", i), child, level + 1, i + 1, None, i, len(children)))
    return node


def _texts(path: FieldPath, mapping: dict, key: str) -> list[FieldPath]:
    value = mapping.get(key)
    if isinstance(value, str):
        return [(*path, key)]
    if isinstance(value, list):
        return [(*path, key, i) for i in range(len(value))]
    return []


# --- edits of the tree's shape -----------------------------------------------------------


def _new_section() -> dict:
    return {"heading": NEW_HEADING}


def add_child(doc: YamlDocument, path: FieldPath) -> FieldPath:
    sections = doc.get((*path, "sections"))
    index = len(sections) if isinstance(sections, list) else 0
    doc.insert((*path, "sections"), index, _new_map(_new_section()))
    return (*path, "sections", index)


def add_after(doc: YamlDocument, path: FieldPath) -> FieldPath:
    doc.insert(path[:-1], path[-1] + 1, _new_map(_new_section()))
    return (*path[:-1], path[-1] + 1)


def add_part(doc: YamlDocument, which: str) -> FieldPath:
    """A missing summary or plan, or one more of the other parts."""
    if which in ("summary", "plan"):
        if not isinstance(doc.get((which,)), dict):
            doc.set((which,), _new_map({"paragraphs": [NEW_PARAGRAPH]}))
        return (which,)
    parts = doc.get(("parts",))
    index = len(parts) if isinstance(parts, list) else 0
    if not isinstance(parts, list):
        doc.set(("parts",), _new_seq())
    doc.insert(("parts",), index, _new_map({"heading": NEW_HEADING, "paragraphs": [NEW_PARAGRAPH]}))
    return ("parts", index)


def delete(doc: YamlDocument, path: FieldPath) -> None:
    doc.delete(path)
    if path[:-1] and isinstance(path[-1], int) and doc.get(path[:-1]) == []:
        doc.delete(path[:-1])  # an empty list left behind reads as a mistake in the YAML


def move(doc: YamlDocument, path: FieldPath, delta: int) -> FieldPath:
    return doc.move(path, delta)


def indent(doc: YamlDocument, path: FieldPath) -> FieldPath:
    """The section becomes the last child of the one before it."""
    index = path[-1]
    if not isinstance(index, int) or index == 0 or path[-2] != "sections":
        return path
    node = doc.get(path)
    doc.delete(path)
    before = (*path[:-1], index - 1)
    return _append_child(doc, before, node)


def outdent(doc: YamlDocument, path: FieldPath) -> FieldPath:
    """The section moves out of its parent, to just after it."""
    if len(path) < 4 or path[-2] != "sections" or path[-4] != "sections":
        return path
    parent = path[:-2]
    node = doc.get(path)
    delete(doc, path)
    doc.insert(parent[:-1], parent[-1] + 1, node)
    return (*parent[:-1], parent[-1] + 1)


def toggle_run_in(doc: YamlDocument, path: FieldPath) -> None:
    mapping = doc.get(path)
    if not isinstance(mapping, dict):
        return
    if mapping.get("run_in") is True:
        doc.delete((*path, "run_in"))
    else:
        doc.set((*path, "run_in"), True)


def add_paragraph(doc: YamlDocument, path: FieldPath, key: str = "paragraphs") -> FieldPath:
    value = doc.get((*path, key))
    if isinstance(value, str):  # a single paragraph written without the dash becomes a list
        doc.set((*path, key), _new_seq([value]))
        value = doc.get((*path, key))
    index = len(value) if isinstance(value, list) else 0
    if not isinstance(value, list):
        doc.set((*path, key), _new_seq())
    doc.insert((*path, key), index, NEW_PARAGRAPH)
    return (*path, key, index)


def _new_map(values: dict) -> Any:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    mapping = CommentedMap()
    for key, value in values.items():
        mapping[key] = CommentedSeq(value) if isinstance(value, list) else value
    return mapping


def _new_seq(items: list | None = None) -> Any:
    from ruamel.yaml.comments import CommentedSeq

    return CommentedSeq(items or [])


def _append_child(doc: YamlDocument, parent: FieldPath, node: Any) -> FieldPath:
    sections = doc.get((*parent, "sections"))
    index = len(sections) if isinstance(sections, list) else 0
    doc.insert((*parent, "sections"), index, node)
    return (*parent, "sections", index)

"""The report as a tree: parts and sections with the numbers the report will give them,
and the edits a clerk makes to its shape (add, delete, move, indent, outdent, run-in,
the numbering of a level) and to the body's paragraphs, lists and tables.

Numbers come from compose/numbering.py's number_tree, which numbers the headings
the same way compose numbers the report's: the report's and each heading's
numbering choice (part labels, skipped levels, 无, start, continue) read from
the YAML as validation reads them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from reportgen.errors import FieldPath
from reportgen.web import pipeline
from reportgen.web.yamldoc import YamlDocument

NEW_HEADING = "新标题"
NEW_PARAGRAPH = "（请在此填写正文）"
NEW_ITEM = "（请在此填写一项）"
NEW_COLUMN = "新列"
# Where a new `numbering:` goes in a part or section: after its heading, as the examples write it.
NUMBERING_PLACE = ["heading", "run_in", "numbering"]
BODY_KEYS = ("paragraphs", "closing", "opening")


@dataclass(frozen=True)
class ChoiceView:
    """A numbering choice as the outline's controls show it."""

    style: str  # "" for the standard sequence, else the scheme as the input writes it (1., 无, …)
    start: int
    continued: bool
    separator: str
    written: bool  # the input writes a choice here
    options: tuple[tuple[str, str], ...]  # (value, label) the schema allows at this place
    error: str | None = None  # what validation says about the choice written here


@dataclass
class Node:
    path: FieldPath  # the section's (or part's) mapping
    level: int  # nesting: 1 for a part, 2 for its sections, …
    heading: str | None
    placeholder: str | None  # the heading the report uses when none is written (summary, plan)
    run_in: bool
    paragraphs: list[FieldPath]
    closing: list[FieldPath]
    children: list[Node] = field(default_factory=list)
    index: int | None = None  # place among its siblings (None: summary, plan)
    siblings: int = 0
    numbering: Any = None  # schema.Numbering of its children, None for the standard sequence
    numbering_raw: Any = None  # as the YAML writes it
    numbering_error: str | None = None
    generated: bool = False  # a heading the template adds (上年工作打算完成情况), not in the input
    # Filled in by number_tree: the label ("第一部分：", "三、", "" for none), the structural
    # level that gives the face (0 part, 1-4 [7.3.3]), and why there is none.
    number: str = ""
    face_level: int | None = None
    number_error: str | None = None
    numbered: Any = None  # compose.numbering.Numbered
    before: Node | None = field(default=None, repr=False)  # the sibling before it

    @property
    def sections(self) -> list[Node]:
        """The headings under it, as compose.numbering.number_tree reads them."""
        return self.children

    @property
    def is_part(self) -> bool:
        return self.level == 1

    @property
    def face(self) -> str:
        """The heading's face, named as a clerk knows it [7.3.3]."""
        return {0: "黑体", 1: "黑体", 2: "楷体", 3: "仿宋", 4: "仿宋"}.get(self.face_level, "")

    @property
    def can_indent(self) -> bool:
        before = self.before
        return (not self.is_part and before is not None and before.face_level is not None
                and before.face_level + _depth(self) <= pipeline.max_heading_level())

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
        return self.face_level is not None and self.face_level < pipeline.max_heading_level()

    @property
    def choice(self) -> ChoiceView:
        return _choice_view(self.numbering, self.numbering_raw, self.numbering_error,
                            pipeline.numbering_options(self.numbered) if self.numbered is not None else ())

    @property
    def shows_choice(self) -> bool:
        """Whether the numbering of its children is offered: when it has some, or chose one."""
        return not self.generated and (bool(self.children) or self.numbering_raw is not None)


def _depth(node: Node) -> int:
    return 1 + max((_depth(child) for child in node.children), default=0)


@dataclass
class Outline:
    nodes: list[Node]  # the parts in report order: summary, the other parts, plan
    choice: ChoiceView  # how the parts are numbered (the report's `numbering:`)
    opening: list[FieldPath]  # the paragraphs before the first part

    def __iter__(self):
        return iter(self.nodes)


def tree(doc: YamlDocument, plan_check: int = 0) -> Outline:
    """The parts in report order (summary, parts, plan), numbered as the report numbers them.
    `plan_check`: how many of last year's targets the summary's generated section checks (0:
    none, so no such section), from the newest preview's figures."""
    year = doc.get(("year",))
    year = year if isinstance(year, int) else None
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
    parts = [_node(path, mapping, 1, placeholder, index, siblings)
             for path, mapping, placeholder, index, siblings in order]
    if plan_check and parts and parts[0].path == ("summary",):
        summary = parts[0]
        summary.children.append(Node(
            path=("summary", "sections", len(summary.children)), level=2, heading=pipeline.plan_check_heading(),
            placeholder=None, run_in=False, paragraphs=[], closing=[], generated=True,
            before=summary.children[-1] if summary.children else None))
    raw = doc.get(("numbering",))
    numbering, error = pipeline.parse_numbering(raw)
    _number(parts, pipeline.number_tree(numbering, parts))
    return Outline(parts, _choice_view(numbering, raw, error, pipeline.numbering_options(None)),
                   _texts((), doc.data if isinstance(doc.data, dict) else {}, "opening"))


def _number(nodes: list[Node], numbers) -> None:
    for node, found in zip(nodes, numbers, strict=True):
        node.numbered = found.number
        node.number_error = found.error
        if found.number is not None:
            node.number, node.face_level = found.number.label, found.number.level
        _number(node.children, found.children)


def _choice_view(numbering: Any, raw: Any, error: str | None, options) -> ChoiceView:
    if numbering is None:
        standard = pipeline.numbering_defaults()
        return ChoiceView("", standard["start"], standard["continue"], standard["separator"], raw is not None,
                          tuple(options), error)
    style = numbering.style.value if numbering.style is not None else ""
    return ChoiceView(style, numbering.start, numbering.continued, numbering.separator, True, tuple(options))


def _node(path: FieldPath, mapping: dict, level: int, placeholder: str | None,
          index: int | None, siblings: int) -> Node:
    heading = mapping.get("heading")
    raw = mapping.get("numbering")
    numbering, error = pipeline.parse_numbering(raw)
    node = Node(
        path=path, level=level,
        heading=heading if isinstance(heading, str) else None, placeholder=placeholder,
        run_in=mapping.get("run_in") is True,
        paragraphs=_texts(path, mapping, "paragraphs"), closing=_texts(path, mapping, "closing"),
        index=index, siblings=siblings, numbering=numbering, numbering_raw=raw, numbering_error=error,
    )
    children = mapping.get("sections")
    if isinstance(children, list):
        for i, child in enumerate(children):
            if isinstance(child, dict):
                made = _node((*path, "sections", i), child, level + 1, None, i, len(children))
                made.before = node.children[-1] if node.children else None
                node.children.append(made)
    return node


def _texts(path: FieldPath, mapping: dict, key: str) -> list[FieldPath]:
    value = mapping.get(key)
    if isinstance(value, str | dict):  # one paragraph, list or table written without the dash
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
    return add_block(doc, path, key, "text")


def _body(doc: YamlDocument, path: FieldPath, key: str) -> FieldPath:
    """The list of paragraphs `key` of the mapping at `path` (created, or a single one written
    without the dash made a list of one)."""
    at = (*path, key)
    value = doc.get(at)
    if isinstance(value, str | dict):
        doc.set(at, _new_seq([value]))
    elif not isinstance(value, list):
        doc.set(at, _new_seq())
    return at


def new_block(kind: str) -> Any:
    """A new paragraph, list (two items to fill in) or written-out table (two columns, a row)."""
    if kind == "list":
        return _new_map({"list": _new_map({"items": [NEW_ITEM, NEW_ITEM]})})
    if kind == "table":
        return _new_map({"table": _new_map({
            "caption": "（请在此填写表题）",
            "columns": _flow(_new_seq(["项目", "内容"])),
            "rows": _new_seq([_flow(_new_seq(["（请填写）", "（请填写）"]))]),
        })})
    return NEW_PARAGRAPH


def add_block(doc: YamlDocument, path: FieldPath, key: str, kind: str, index: int | None = None) -> FieldPath:
    """A new paragraph, list or table in the body `key` of the mapping at `path` (at the end, or
    at `index`)."""
    at = _body(doc, path, key)
    blocks = doc.get(at)
    index = len(blocks) if index is None else max(0, min(index, len(blocks)))
    doc.insert(at, index, new_block(kind))
    return (*at, index)


def block_of(path: FieldPath) -> tuple[FieldPath, str, int] | None:
    """(the mapping, the body's key, the paragraph's index) of the paragraph that holds the
    text at `path` (the paragraph itself, a list's item, a table's cell)."""
    if not path or path[0] not in ("opening", "summary", "parts", "plan"):
        return None  # an attachment's paragraphs are texts only
    for i, part in enumerate(path):
        if part in BODY_KEYS:  # a list or a table holds no paragraphs of its own: the first is it
            index = path[i + 1] if i + 1 < len(path) and isinstance(path[i + 1], int) else 0
            return path[:i], part, index
    return None


def add_records_table(doc: YamlDocument, after: FieldPath, spec: dict) -> FieldPath | None:
    """A table of ledger records (`spec`: type, where, columns), as the paragraph after the one
    holding the text at `after`."""
    found = block_of(after)
    if found is None:
        return None
    mapping, key, index = found
    records = _new_map({"type": spec["type"]})
    if spec.get("where"):
        records["where"] = _flow(_new_map(spec["where"]))
    records["columns"] = _flow(_new_map(spec["columns"]))
    at = _body(doc, mapping, key)
    doc.insert(at, index + 1, _new_map({"table": _new_map({"caption": spec.get("caption") or "（请在此填写表题）",
                                                           "records": records})}))
    return (*at, index + 1)


def add_item(doc: YamlDocument, listed: FieldPath) -> FieldPath:
    """One more item at the end of the list at `listed` (the mapping under `list:`)."""
    items = doc.get((*listed, "items"))
    index = len(items) if isinstance(items, list) else 0
    doc.insert((*listed, "items"), index, NEW_ITEM)
    return (*listed, "items", index)


def add_row(doc: YamlDocument, table: FieldPath) -> FieldPath:
    """An empty row at the end of the written-out table at `table` (the mapping under `table:`),
    written as its other rows are (flow [a, b] or block)."""
    columns = doc.get((*table, "columns"))
    rows = doc.get((*table, "rows"))
    width = len(columns) if isinstance(columns, list) else 1
    row = _new_seq([""] * width)
    if not isinstance(rows, list) or not rows or _is_flow(rows[-1]):
        _flow(row)
    index = len(rows) if isinstance(rows, list) else 0
    doc.insert((*table, "rows"), index, row)
    return (*table, "rows", index)


def add_column(doc: YamlDocument, table: FieldPath) -> None:
    """A column at the right of the written-out table: its header and an empty cell in each row."""
    columns = doc.get((*table, "columns"))
    if not isinstance(columns, list):
        return
    names = set(map(str, columns))
    name = next(f"{NEW_COLUMN}{n}" if n > 1 else NEW_COLUMN for n in range(1, 100)
                if (f"{NEW_COLUMN}{n}" if n > 1 else NEW_COLUMN) not in names)
    columns.append(name)
    for row in doc.get((*table, "rows")) or []:
        if isinstance(row, list):
            row.append("")


def delete_column(doc: YamlDocument, table: FieldPath, index: int) -> None:
    """The column `index` of the written-out table, from the header, every row and `numeric`
    (a table keeps one column at least)."""
    columns = doc.get((*table, "columns"))
    if not isinstance(columns, list) or len(columns) < 2 or not 0 <= index < len(columns):
        return
    name = columns[index]
    del columns[index]
    for row in doc.get((*table, "rows")) or []:
        if isinstance(row, list) and index < len(row):
            del row[index]
    numeric = doc.get((*table, "numeric"))
    if isinstance(numeric, list) and name in numeric:
        numeric.remove(name)


def set_column(doc: YamlDocument, path: FieldPath, name: str) -> None:
    """A column renamed: its header, and `numeric` where it names it."""
    old = doc.get(path)
    doc.set(path, name)
    numeric = doc.get((*path[:-2], "numeric"))
    if isinstance(numeric, list) and old in numeric:
        doc.set((*path[:-2], "numeric", numeric.index(old)), name)


def set_records_column(doc: YamlDocument, records: FieldPath, index: int, header: str, source: str) -> None:
    """Column `index` of a records table (the mapping `columns: {表头: 台账的列}` under
    `records`) shows `source` under `header`: renamed in place, its place kept."""
    columns = doc.get((*records, "columns"))
    if not isinstance(columns, dict) or not 0 <= index < len(columns) or not header:
        return
    old = list(columns)[index]
    if header != old:
        if header in columns:
            return  # two columns of one name: the mapping cannot hold them
        value = columns.pop(old)
        columns.insert(index, header, value)
    doc.set((*records, "columns", header), source)


def add_records_column(doc: YamlDocument, records: FieldPath, source: str) -> None:
    columns = doc.get((*records, "columns"))
    if isinstance(columns, dict) and source and source not in columns:
        columns[source] = source


def delete_records_column(doc: YamlDocument, records: FieldPath, index: int) -> None:
    """A records table keeps one column at least."""
    columns = doc.get((*records, "columns"))
    if isinstance(columns, dict) and len(columns) > 1 and 0 <= index < len(columns):
        del columns[list(columns)[index]]


def set_numbering(doc: YamlDocument, path: FieldPath, style: str, start: int, continued: bool,
                  separator: str) -> None:
    """The numbering choice of the headings under the mapping at `path` (() for the report's parts),
    written as briefly as it can be (numbering: 第一部分, numbering: {start: 3}) and dropped when it
    is the standard sequence; a choice written as a mapping is edited in place."""
    at = (*path, "numbering")
    wanted = {"style": style or None, "start": start, "continue": continued, "separator": separator}
    defaults = pipeline.numbering_defaults()
    given = {key: value for key, value in wanted.items() if value != defaults[key]}
    current = doc.get(at)
    order = NUMBERING_PLACE if path else None
    if not given:
        doc.delete(at)
    elif isinstance(current, dict):
        for key in defaults:
            written = "continued" if key == "continue" and "continued" in current else key
            if key in given:
                if current.get(written) != given[key]:
                    doc.set((*at, written), given[key])
            elif written in current:
                doc.delete((*at, written))
    elif set(given) == {"style"}:
        doc.set(at, style, order=order)
    else:
        doc.set(at, _flow(_new_map(given)), order=order)


def _new_map(values: dict) -> Any:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    mapping = CommentedMap()
    for key, value in values.items():
        # a sequence already styled (flow columns) keeps its style; a plain list becomes block
        plain = isinstance(value, list) and not isinstance(value, CommentedSeq)
        mapping[key] = CommentedSeq(value) if plain else value
    return mapping


def _new_seq(items: list | None = None) -> Any:
    from ruamel.yaml.comments import CommentedSeq

    return CommentedSeq(items or [])


def _flow(node: Any) -> Any:
    """`node` written on one line: [a, b], {start: 3}."""
    node.fa.set_flow_style()
    return node


def _is_flow(node: Any) -> bool:
    return hasattr(node, "fa") and node.fa.flow_style() is True


def _append_child(doc: YamlDocument, parent: FieldPath, node: Any) -> FieldPath:
    sections = doc.get((*parent, "sections"))
    index = len(sections) if isinstance(sections, list) else 0
    doc.insert((*parent, "sections"), index, node)
    return (*parent, "sections", index)

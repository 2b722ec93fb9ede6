"""Numbers in the input, checked where they are written.

Heading numbers and list markers are generated (compose/numbering.py,
compose/enumeration.py): one typed into a heading or a list item would print
twice ("（一）（一）严管控"), so it is an error at its line with the fixed text
as the hint. The numbering choices of the report, its parts and sections are
checked against the levels they stand at (typography.children_numbering), so a
choice that cannot be numbered fails here, at its line, not in the template.
"""

from __future__ import annotations

from reportgen.errors import FieldPath, Problem
from reportgen.load import SourceMap
from reportgen.schema import Enumeration, ListBlock, Part, ReportInput, Section
from reportgen.typography import (
    INTRO_END,
    TOP_SCHEMES,
    LabelScheme,
    NumberingError,
    children_numbering,
    enumeration_marker,
    is_unnumbered_part,
    read_label,
    without_labels,
)

# An item may end the list's sentence; one ending in a comma would read on into the next marker.
_OPEN_END = "，、：,:"


def numbering_problems(report: ReportInput, source: SourceMap) -> list[Problem]:
    problems: list[Problem] = []
    declared = report.numbering.style if report.numbering else None
    if declared is not None and declared not in TOP_SCHEMES:
        problems.append(source.problem(
            ("numbering", "style"), f"各部分的编号不能是“{declared.value}”",
            "各部分（一级标题）可编为“一、”（默认）、“第一部分”或“无”。",
        ))
        declared = None
    top_scheme, top_level = children_numbering(None, 0, declared)
    tops: list[tuple[FieldPath, Part]] = []
    if report.summary is not None:
        tops.append((("summary",), report.summary))
    tops += [(("parts", i), part) for i, part in enumerate(report.parts)]
    if report.plan is not None:
        tops.append((("plan",), report.plan))
    problems += _block_problems(report.opening, ("opening",), source)
    for path, node in tops:
        children = node.numbering.style if node.numbering else None
        level = 0 if is_unnumbered_part(top_scheme, children, True) else top_level
        problems += _node_problems(node, path, top_scheme, level, source)
    return problems


def _node_problems(node: Part | Section, path: FieldPath, scheme: LabelScheme, level: int,
                   source: SourceMap) -> list[Problem]:
    problems = []
    if node.heading:
        problems += _typed_number(node.heading, (*path, "heading"), "标题", source)
    if node.run_in and node.paragraphs and not isinstance(node.paragraphs[0], str):
        problems.append(source.problem(
            (*path, "paragraphs", 0), "标题设为与正文同段（run_in: true），但紧接标题的不是一段文字",
            "与标题同段的只能是一段文字；请在列举或表格之前先写一段，或删去 run_in。",
        ))
    for key in ("paragraphs", "closing"):
        problems += _block_problems(getattr(node, key), (*path, key), source)
    if not node.sections:
        return problems
    declared = node.numbering.style if node.numbering else None
    try:
        child_scheme, child_level = children_numbering(scheme, level, declared)
    except NumberingError as err:
        at = (*path, "numbering", "style") if declared is not None else (*path, "sections", 0)
        hint = ("公文结构层次最多四层（GB/T 9704-2012 7.3.3），请把这一层并入上一层的段落，"
                "或把 numbering 设为“无”。") if declared is None else "可选的写法见 README 的“标题编号”一节。"
        return [*problems, source.problem(at, str(err), hint)]
    for i, child in enumerate(node.sections):
        problems += _node_problems(child, (*path, "sections", i), child_scheme, child_level, source)
    return problems


def _typed_number(text: str, path: FieldPath, what: str, source: SourceMap) -> list[Problem]:
    typed = read_label(text)
    if typed is None:
        return []
    fixed = without_labels(text)
    return [source.problem(
        path, f"{what}“{_short(text)}”以序号“{typed.typed.strip()}”开头：序号由程序按层次生成，不要写进文字",
        f"请改为“{_short(fixed)}”；编号方式可用 numbering 选择（见 README 的“标题编号”一节）。",
    )]


def _block_problems(blocks: list, path: FieldPath, source: SourceMap) -> list[Problem]:
    problems = []
    for i, block in enumerate(blocks):
        if isinstance(block, ListBlock):
            problems += _list_problems(block.enumeration, (*path, i, "list"), source)
    return problems


def _list_problems(listed: Enumeration, path: FieldPath, source: SourceMap) -> list[Problem]:
    problems = []
    for j, item in enumerate(listed.items):
        at = (*path, "items", j)
        problems += _typed_number(item, at, "列举项", source)
        if item[-1] in _OPEN_END:
            problems.append(source.problem(
                at, f"列举项“{_short(item)}”以“{item[-1]}”结尾，下一项的“{_marker(listed, j + 2)}”会接在它后面",
                "每项应以“。”（或“；”）结尾。",
            ))
    if listed.intro and listed.intro[-1] not in INTRO_END:
        problems.append(source.problem(
            (*path, "intro"), f"引语“{_short(listed.intro)}”应以“。”或“：”结尾，其后接“{_marker(listed, 1)}”",
        ))
    return problems


def _marker(listed: Enumeration, n: int) -> str:
    return enumeration_marker(listed.marker, n)


def _short(text: str, limit: int = 24) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"

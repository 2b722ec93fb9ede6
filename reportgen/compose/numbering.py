"""Heading numbers from the markup: the nesting of <section>s and the numbering
choices the template passes on (from the input's `numbering:`).

A <report> or <section> carries the choice for the headings directly under it:

    numbering="1."            the label (第一部分, 一、, （一）, 1., （1）, 无); none: the standard sequence
    numbering-start="3"       the first number
    numbering-continue="true" go on from the previous sibling's headings (4. under （二）)
    numbering-separator="："  after a part label

Which label a level takes and which level (face) a heading has is decided by
typography.children_numbering, the same rule the input's validation applies.

`number_tree` gives the same numbers to a tree of headings read from the input
itself (the validated model, or the web editor's outline), through the same
steps the markup takes, for whoever shows the numbers before composing.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence as Seq
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from reportgen.typography import (
    PART_SEPARATOR,
    LabelScheme,
    NumberingError,
    children_numbering,
    is_unnumbered_part,
    label,
)

if TYPE_CHECKING:
    from reportgen.schema import Numbering


@dataclass(frozen=True)
class Choice:
    """The numbering the markup asks for the headings under one element."""

    style: LabelScheme | None = None
    start: int = 1
    continued: bool = False
    separator: str = PART_SEPARATOR

    @classmethod
    def of(cls, element: ET.Element) -> Choice:
        """Read from an element's numbering-* attributes; ValueError (Chinese) when one is wrong."""
        style = element.get("numbering", "").strip()
        start = element.get("numbering-start", "1").strip()
        if style and style not in {s.value for s in LabelScheme}:
            raise ValueError(f"numbering=\"{style}\" 不是可用的编号方式（{'、'.join(s.value for s in LabelScheme)}）")
        if not start.isdigit() or not 1 <= int(start) <= 99:
            raise ValueError(f"numbering-start=\"{start}\" 应为 1 到 99 的整数")
        return cls(
            style=LabelScheme(style) if style else None,
            start=int(start),
            continued=element.get("numbering-continue") == "true",
            separator=element.get("numbering-separator", PART_SEPARATOR),
        )

    @classmethod
    def of_input(cls, numbering: Numbering | None) -> Choice:
        """The input's `numbering:` as the template passes it on (templates/sections.xml.j2)."""
        if numbering is None:
            return cls()
        return cls(numbering.style, numbering.start, numbering.continued, numbering.separator)


@dataclass
class Sequence:
    """The numbers given to the headings under one element, in order."""

    scheme: LabelScheme
    level: int  # the structural level of these headings: 0 part, 1-4 [7.3.3]
    separator: str
    next_number: int
    top: bool = False  # directly under the report
    given: int = 0
    # Why no heading can be numbered here (below （1））: said only if one is.
    error: str | None = None
    # The sequence under the most recent sibling that had headings, for `continue`.
    last_children: Sequence | None = field(default=None, repr=False)

    def take(self) -> int:
        if self.error is not None:
            raise NumberingError(self.error)
        number = self.next_number
        self.next_number += 1
        self.given += 1
        return number

    @property
    def last(self) -> int:
        return self.next_number - 1


def top_sequence(choice: Choice) -> Sequence:
    scheme, level = children_numbering(None, 0, choice.style)
    return Sequence(scheme, level, choice.separator, choice.start, top=True)


@dataclass(frozen=True)
class Numbered:
    """One heading's number and level."""

    label: str  # "三、", "第一部分：", "" for none
    level: int  # 0 for a part heading, else 1-4
    scheme: LabelScheme


def number_heading(sequence: Sequence, children: Choice) -> Numbered:
    """The next heading of `sequence`, whose own children are numbered as `children` says."""
    number = sequence.take()
    level = sequence.level
    if is_unnumbered_part(sequence.scheme, children.style, sequence.top):
        level = 0
    return Numbered(label(sequence.scheme, number, sequence.separator), level, sequence.scheme)


def children_sequence(parent: Sequence, heading: Numbered, choice: Choice) -> Sequence:
    """The sequence for the headings under `heading` (one of `parent`'s)."""
    try:
        scheme, level = children_numbering(heading.scheme, heading.level, choice.style)
    except NumberingError as err:
        return Sequence(LabelScheme.NONE, heading.level + 1, choice.separator, choice.start, error=str(err))
    start = choice.start
    previous = parent.last_children
    if choice.continued and previous is not None and previous.scheme is scheme:
        start = previous.last + 1
    return Sequence(scheme, level, choice.separator, start)


def finished(parent: Sequence, children: Sequence) -> None:
    """After a heading's children are numbered: the next sibling may continue from them."""
    if children.given:
        parent.last_children = children


# --- numbering a tree read from the input ---------------------------------------------------


class Headed(Protocol):
    """A heading of the input with its numbering choice and the sections under it:
    schema.Part and schema.Section are ones."""

    @property
    def numbering(self) -> Numbering | None: ...

    @property
    def sections(self) -> Seq[Headed]: ...


@dataclass(frozen=True)
class NumberedNode:
    """The number a heading of the input gets, and those of the headings under it."""

    number: Numbered | None  # None when it cannot be numbered (`error` says why)
    children: tuple[NumberedNode, ...]
    error: str | None = None


def number_tree(numbering: Numbering | None, tops: Seq[Headed]) -> tuple[NumberedNode, ...]:
    """The numbers compose gives the headings of `tops` (the report's parts in
    order: summary, the other parts, plan) and everything under them, the report
    choosing `numbering` for the parts, exactly as markup.py numbers the <section>s
    the templates write for them. A heading that cannot be numbered (a fifth level)
    carries the error markup.py would raise, and its children are left unnumbered."""
    top = top_sequence(Choice.of_input(numbering))
    return tuple(_numbered(top, node) for node in tops)


def _numbered(parent: Sequence, node: Headed) -> NumberedNode:
    choice = Choice.of_input(node.numbering)
    try:
        numbered = number_heading(parent, choice)
    except NumberingError as err:
        return NumberedNode(None, (), str(err))
    children = children_sequence(parent, numbered, choice)
    found = tuple(_numbered(children, child) for child in node.sections)
    finished(parent, children)
    return NumberedNode(numbered, found)

"""The structure of an imported report, as recognised: between reading a file
and writing the YAML input.

It holds everything the recogniser found, also what today's input cannot
express (part labels 第一部分, a level skipped, an unnumbered heading, 一是/二是
lists, a table in the body): the emitter decides what to do with each, so a
richer input schema needs a richer emitter, not a new recogniser.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import Enum


class Scheme(Enum):
    """How a heading is numbered, with its usual rank (1 = outermost)."""

    PART = "第一部分"
    CHINESE = "一、"
    CHINESE_PAREN = "（一）"
    ARABIC_DOT = "1."
    ARABIC_COMMA = "1、"
    ARABIC_PAREN = "（1）"
    CIRCLED = "①"
    UNNUMBERED = ""  # set apart by its face or weight only

    @property
    def rank(self) -> float:
        return _RANK[self]


_RANK = {
    Scheme.PART: 0, Scheme.CHINESE: 1, Scheme.CHINESE_PAREN: 2, Scheme.ARABIC_DOT: 3, Scheme.ARABIC_COMMA: 3,
    Scheme.ARABIC_PAREN: 4, Scheme.CIRCLED: 5, Scheme.UNNUMBERED: 3.5,
}
# The scheme GB/T 9704 7.3.3 gives each level.
STANDARD_SCHEMES = (Scheme.CHINESE, Scheme.CHINESE_PAREN, Scheme.ARABIC_DOT, Scheme.ARABIC_PAREN)


@dataclass(frozen=True)
class Text:
    """A body paragraph as written (its typed number, if any, kept)."""

    text: str
    source: int  # paragraph number in the file


@dataclass(frozen=True)
class Enumeration:
    """A paragraph that lists 一是……二是……三是…… (or several, one item each)."""

    items: tuple[str, ...]
    source: int

    @property
    def text(self) -> str:
        return "".join(self.items)


@dataclass(frozen=True)
class BodyTable:
    rows: tuple[tuple[str, ...], ...]
    source: int


@dataclass
class Node:
    """A heading and all that stands under it, in the file's order."""

    heading: str  # without its number
    scheme: Scheme
    number: int | None  # the number as written (None when unnumbered)
    level: int  # 1-based depth in the file's own hierarchy
    source: int
    run_in: bool = False
    automatic: bool = False  # numbered by Word's automatic numbering
    blocks: list[Block] = field(default_factory=list)
    label: str = ""  # the number as written, "（一）", "1、"
    written: str = ""  # the whole paragraph as written (number, spacing, run-in text)


Block = Text | Enumeration | BodyTable | Node


@dataclass(frozen=True)
class HeaderFields:
    copy_number: str | None = None
    secrecy: str | None = None
    urgency: str | None = None
    issuer: str | None = None
    number: str | None = None
    signer: str | None = None


@dataclass(frozen=True)
class Attachment:
    title: str
    blocks: tuple[Text | BodyTable, ...]
    source: int


@dataclass(frozen=True)
class EndNotes:
    copy_to: tuple[str, ...]
    printed_by: str | None
    printed_on: dt.date | None
    source: int


@dataclass(frozen=True)
class Warning:
    source: int | None  # paragraph number
    message: str

    def __str__(self) -> str:
        return f"第 {self.source} 段：{self.message}" if self.source else self.message


@dataclass
class ImportedReport:
    """What the recogniser found in a report."""

    source_name: str
    title: str | None = None
    title_source: int | None = None
    header: HeaderFields | None = None
    recipient: str | None = None
    opening: list[Block] = field(default_factory=list)  # before the first heading
    body: list[Node] = field(default_factory=list)  # the outermost headings
    attachment_notes: tuple[str, ...] = ()
    office: str | None = None  # 署名
    date: dt.date | None = None  # 成文日期
    signature_source: int | None = None
    attachments: list[Attachment] = field(default_factory=list)
    end_notes: EndNotes | None = None
    warnings: list[Warning] = field(default_factory=list)

    def warn(self, source: int | None, message: str) -> None:
        self.warnings.append(Warning(source, message))

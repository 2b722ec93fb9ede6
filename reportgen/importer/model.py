"""The structure of an imported report, as recognised: between reading a file
and writing the YAML input.

It holds everything the recogniser found as it was written (each heading's
scheme and number, a part label's separator, 一是/二是 lists with the face of
their leads, tables in the body with their captions), also what the input
cannot express (① headings, a fifth level): the emitter decides what to do
with each, so a richer input schema needs a richer emitter, not a new recogniser.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from enum import Enum

from reportgen.importer.source import Face
from reportgen.typography import EnumerationScheme, LabelScheme


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

    @property
    def label_scheme(self) -> LabelScheme | None:
        """The input's name for this numbering (1、 is written 1. [7.3.3]); None for ①,
        which the input cannot choose."""
        return _LABEL_SCHEMES.get(self)


_RANK = {
    Scheme.PART: 0, Scheme.CHINESE: 1, Scheme.CHINESE_PAREN: 2, Scheme.ARABIC_DOT: 3, Scheme.ARABIC_COMMA: 3,
    Scheme.ARABIC_PAREN: 4, Scheme.CIRCLED: 5, Scheme.UNNUMBERED: 3.5,
}
_LABEL_SCHEMES = {
    Scheme.PART: LabelScheme.PART, Scheme.CHINESE: LabelScheme.LEVEL1, Scheme.CHINESE_PAREN: LabelScheme.LEVEL2,
    Scheme.ARABIC_DOT: LabelScheme.LEVEL3, Scheme.ARABIC_COMMA: LabelScheme.LEVEL3,
    Scheme.ARABIC_PAREN: LabelScheme.LEVEL4, Scheme.UNNUMBERED: LabelScheme.NONE,
}


@dataclass(frozen=True)
class Text:
    """A body paragraph as written (its typed number, if any, kept)."""

    text: str
    source: int  # paragraph number in the file


@dataclass(frozen=True)
class Enumeration:
    """一是……二是……三是…… (or 第一，……第二，……): in one paragraph after an optional
    introduction, or one paragraph each."""

    items: tuple[str, ...]  # without their markers
    source: int
    marker: EnumerationScheme = EnumerationScheme.YISHI
    intro: str = ""
    each: bool = False
    # The face of each item's marker and first sentence when set apart from the
    # body's (黑体, 楷体); None when they are in the body's face.
    lead: Face | None = None
    written: tuple[str, ...] = ()  # the paragraph(s) as written
    lead_mixed: bool = False  # the items' leads differ in face: the input can give them one only


@dataclass(frozen=True)
class BodyTable:
    rows: tuple[tuple[str, ...], ...]
    source: int
    caption: str | None = None  # the centred line above it


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
    separator: str = ""  # what stands between a part label and its heading: "：", "　"


Block = Text | Enumeration | BodyTable | Node


# A 发文字号 as offices type it: any bracket, a two-digit year, 第, leading zeros. The
# recogniser finds the number by it; the emitter rewrites it as GB/T 9704-2012 7.2.4 says.
TYPED_DOC_NUMBER = re.compile(r"(?P<code>[\u4e00-\u9fffA-Za-z]+)[〔\[［(（【](?P<year>\d{2,4})[〕\]］)）】]"
                              r"第?0*(?P<n>\d+)号")


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
